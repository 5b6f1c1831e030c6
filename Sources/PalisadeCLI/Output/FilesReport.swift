import Foundation
import ImageAccess

/// What `palisade image files` shows.
struct FilesReport: Encodable {
    struct LayerRef: Encodable {
        var index: Int
        var digest: String?
        var diffID: String?
        var createdBy: String?
    }
    var reference: String
    var digest: String?
    var layer: LayerRef?
    var files: [FileEntry]
    var whiteouts: [String]?
    var opaqueDirectories: [String]?

    init(image: Image, layer: Layer?, files: [FileEntry], whiteouts: [String]?, opaqueDirectories: [String]?) {
        reference = image.reference.original
        digest = image.manifestDigest?.description
        self.layer = layer.map { LayerRef(index: $0.index, digest: $0.displayDigest?.description, diffID: $0.diffID?.description, createdBy: $0.history?.created_by) }
        self.files = files
        self.whiteouts = whiteouts
        self.opaqueDirectories = opaqueDirectories
    }

    /// Writes the report as JSON, one file entry per line, in batches (bounded memory for huge listings).
    func writeJSON() throws {
        let compact = JSONEncoder()
        compact.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ value: some Encodable) throws -> String {
            String(decoding: try compact.encode(value), as: UTF8.self)
        }
        var head = "{\n"
        head += "  \"reference\": \(try json(reference)),\n"
        head += "  \"digest\": \(try digest.map(json) ?? "null"),\n"
        if let layer { head += "  \"layer\": \(try json(layer)),\n" }
        if let whiteouts { head += "  \"whiteouts\": \(try json(whiteouts)),\n" }
        if let opaqueDirectories { head += "  \"opaqueDirectories\": \(try json(opaqueDirectories)),\n" }
        head += "  \"files\": ["
        emit(head)
        var batch = ""
        for (i, file) in files.enumerated() {
            batch += (i == 0 ? "\n    " : ",\n    ") + file.jsonLine
            if batch.utf8.count > 1 << 20 {
                emit(batch)
                batch = ""
            }
        }
        emit(batch + (files.isEmpty ? "]\n}\n" : "\n  ]\n}\n"))
    }

    func table(digests: Bool) -> String {
        var out = ""
        out.reserveCapacity(files.count * 100)
        for file in files {
            var line = modeString(file) + " "
            line += "\(file.uid):\(file.gid)".leftPadded(11) + " "
            line += String(file.size).leftPadded(10) + " "
            line += "L\(file.layer)".leftPadded(4) + " "
            if digests { line += (file.sha256?.hex ?? "-").padding(toLength: 64, withPad: " ", startingAt: 0) + " " }
            line += file.path
            if let target = file.linkTarget { line += file.type == .symlink ? " -> \(target)" : " link to \(target)" }
            out += line + "\n"
        }
        for path in whiteouts ?? [] { out += "deleted  \(path)\n" }
        for path in opaqueDirectories ?? [] { out += "opaque   \(path)\n" }
        return out
    }

    private func modeString(_ file: FileEntry) -> String {
        let type: Character
        switch file.type {
        case .directory: type = "d"
        case .symlink: type = "l"
        case .hardlink: type = "h"
        case .charDevice: type = "c"
        case .blockDevice: type = "b"
        case .fifo: type = "p"
        case .socket: type = "s"
        case .file: type = "-"
        }
        var s = String(type)
        let m = file.mode
        let bits: [(UInt32, Character)] = [(0o400, "r"), (0o200, "w"), (0o100, "x"), (0o040, "r"), (0o020, "w"), (0o010, "x"), (0o004, "r"), (0o002, "w"), (0o001, "x")]
        for (i, (bit, c)) in bits.enumerated() {
            var ch: Character = m & bit != 0 ? c : "-"
            if i == 2, m & 0o4000 != 0 { ch = m & bit != 0 ? "s" : "S" }
            if i == 5, m & 0o2000 != 0 { ch = m & bit != 0 ? "s" : "S" }
            if i == 8, m & 0o1000 != 0 { ch = m & bit != 0 ? "t" : "T" }
            s.append(ch)
        }
        return s
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

enum FileHandleOutput {
    static func write(_ data: Data) {
        FileHandle.standardOutput.write(data)
    }
}
