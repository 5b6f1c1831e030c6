import Foundation
import Testing
@testable import ImageAccess
@testable import PalisadeCLI

/// The hand-written JSON of `files` says exactly what JSONEncoder says.
struct FileEntryJSONTests {
    @Test(arguments: ["/plain", "/quote\"and\\back", "/ctl\u{01}\n\t\r\u{08}\u{0C}\u{1F}", "/ünïcödé/名前/😀", "/slash/../x"])
    func matchesJSONEncoder(_ path: String) throws {
        var entry = FileEntry(path: path, type: .symlink, size: 0, mode: 0o4755, uid: 1000, gid: 65534,
                              linkTarget: path + "\"target", mtime: -5, layer: 3, layerDigest: Digest.sha256(of: [1]))
        entry.sha256 = Digest.sha256(of: [2])
        entry.earlierLayers = [1, 2]
        entry.implicit = true
        entry.devMajor = 8
        entry.devMinor = 0
        let plain = FileEntry(path: path, type: .file, size: 12, mode: 0o644, uid: 0, gid: 0, linkTarget: nil,
                              mtime: 0, layer: 1, layerDigest: nil)
        for e in [entry, plain] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let reference = try JSONSerialization.jsonObject(with: try encoder.encode(e)) as? NSDictionary
            let ours = try JSONSerialization.jsonObject(with: Data(e.jsonLine.utf8)) as? NSDictionary
            #expect(ours == reference, "\(e.jsonLine)")
        }
    }
}
