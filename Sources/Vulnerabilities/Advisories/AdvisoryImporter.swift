public import Foundation
import ZIPFoundation
import Yams

/// What an import read: the batches to write and what was passed over, with reasons.
public struct ImportResult: Sendable {
    public var batches: [SourceBatch] = []
    /// Files that could not be read as advisories (malformed), with the reason.
    public var malformed: [String] = []
    /// Advisories withdrawn by their source (not imported).
    public var withdrawn = 0
    /// Advisories in ecosystems Palisade has no version scheme for, by ecosystem.
    public var unknownEcosystems: [String: Int] = [:]
    public var warnings: [String] = []

    public var advisoryCount: Int { batches.reduce(0) { $0 + $1.advisories.count } }
}

/// Reads advisory data from files, directories and zips in every format Palisade knows
/// (OSV JSON and YAML, the Debian security tracker's lists and JSON, Alpine secdb), with bounds.
public struct AdvisoryImporter: Sendable {
    /// Largest zip or plain file accepted.
    public var maxArchiveBytes: Int64 = 4 << 30
    /// Most bytes inflated from one zip in total.
    public var maxInflatedBytes: Int64 = 16 << 30
    /// Most entries read from one zip or directory tree.
    public var maxEntries = 2_000_000
    /// Largest single feed file (the Debian tracker JSON is ~70 MiB today).
    public var maxFeedFileBytes = 512 << 20

    public init() {}

    /// Reads every path (a directory, recursively; a zip; or a single file).
    public func read(paths: [String], now: Date = Date()) throws(AdvisoryFormatError) -> ImportResult {
        var collector = Collector()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw AdvisoryFormatError(source: path, reason: "no such file or directory")
            }
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            if isDirectory.boolValue {
                collector.osvSource = "osv-import:" + absolute
                try readDirectory(path, into: &collector)
            } else if path.hasSuffix(".zip") {
                collector.osvSource = Self.exportSource(zip: absolute) ?? "osv-import:" + absolute
                try readZip(path, label: path, into: &collector)
            } else {
                collector.osvSource = "osv-import:" + absolute
                let data = try readFile(path, limit: maxFeedFileBytes)
                collector.add(fileName: (path as NSString).lastPathComponent, data: data, label: path, origin: path)
            }
        }
        return collector.finish(now: now)
    }

    /// Reads one OSV export zip downloaded from `origin` into the source `source` (`osv/<Ecosystem>`).
    public func read(zip path: String, origin: String, source: String, now: Date = Date()) throws(AdvisoryFormatError) -> ImportResult {
        var collector = Collector()
        collector.osvSource = source
        try readZip(path, label: origin, into: &collector)
        return collector.finish(now: now)
    }

    /// `…/<Ecosystem>/all.zip`, the public export's layout, is the source `osv/<Ecosystem>` — the same
    /// source `db update` fills, so importing an export replaces (not duplicates) downloaded data.
    static func exportSource(zip path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        guard url.lastPathComponent == "all.zip" else { return nil }
        let ecosystem = url.deletingLastPathComponent().lastPathComponent
        guard VersionSchemes.forEcosystem(ecosystem) != nil else { return nil }
        return "osv/" + ecosystem
    }

    func readFile(_ path: String, limit: Int) throws(AdvisoryFormatError) -> Data {
        try BoundedFile.read(path, limit: limit)
    }

    func readDirectory(_ root: String, into collector: inout Collector) throws(AdvisoryFormatError) {
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw AdvisoryFormatError(source: root, reason: "cannot list directory")
        }
        var entries = 0
        var relatives: [String] = []
        while let relative = walker.nextObject() as? String {
            entries += 1
            guard entries <= maxEntries else {
                throw AdvisoryFormatError(source: root, reason: "more than \(maxEntries) entries")
            }
            relatives.append(relative)
        }
        for relative in relatives.sorted() {
            let full = root + "/" + relative
            // Never follow symbolic links out of the tree.
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: full),
                  attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let name = (relative as NSString).lastPathComponent
            if name.hasSuffix(".zip") {
                let previous = collector.osvSource
                collector.osvSource = Self.exportSource(zip: URL(fileURLWithPath: full).standardizedFileURL.path) ?? previous
                do {
                    try readZip(full, label: full, into: &collector)
                } catch {
                    collector.result.malformed.append(error.description)
                }
                collector.osvSource = previous
            } else if name.hasSuffix(".json") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix("-list") || name == "list" {
                do {
                    let data = try readFile(full, limit: maxFeedFileBytes)
                    collector.add(fileName: name, data: data, label: full, origin: full)
                } catch {
                    collector.result.malformed.append(error.description)
                }
            }
        }
    }

    func readZip(_ path: String, label: String, into collector: inout Collector) throws(AdvisoryFormatError) {
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        guard size <= maxArchiveBytes else {
            throw AdvisoryFormatError(source: path, reason: "zip is \(size) bytes, more than the \(maxArchiveBytes) allowed")
        }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw AdvisoryFormatError(source: path, reason: "not a readable zip archive")
        }
        var entries = 0
        var inflated: Int64 = 0
        for entry in archive {
            entries += 1
            guard entries <= maxEntries else {
                throw AdvisoryFormatError(source: path, reason: "more than \(maxEntries) entries")
            }
            guard entry.type == .file else { continue }
            let name = entry.path
            guard name.hasSuffix(".json") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            let entryLabel = "\(label)!\(name)"
            let limit = min(Int64(OSVParser.maxRecordBytes), maxInflatedBytes - inflated)
            guard entry.uncompressedSize <= UInt64(max(0, limit)) else {
                collector.result.malformed.append("\(entryLabel): entry declares \(entry.uncompressedSize) bytes, more than allowed")
                continue
            }
            var data = Data()
            data.reserveCapacity(Int(min(entry.uncompressedSize, 1 << 20)))
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    data.append(chunk)
                    if Int64(data.count) > limit { throw AdvisoryFormatError(source: entryLabel, reason: "inflates past its declared size") }
                }
            } catch let error as AdvisoryFormatError {
                collector.result.malformed.append(error.description)
                continue
            } catch {
                collector.result.malformed.append("\(entryLabel): cannot be inflated (\(error))")
                continue
            }
            inflated += Int64(data.count)
            collector.add(fileName: (name as NSString).lastPathComponent, data: data, label: entryLabel, origin: label)
        }
    }
}

/// Sorts decoded advisories into per-source batches.
struct Collector {
    var result = ImportResult()
    /// The source OSV records of the current input go to (all their `affected` entries with them).
    var osvSource = "osv-import"
    /// source name → (origin, advisories by id)
    var sources: [String: (origin: String, advisories: [String: Advisory], skipped: Int)] = [:]

    mutating func add(fileName: String, data: Data, label: String, origin: String) {
        let kind = FeedDetector.kind(fileName: fileName, prefix: data.prefix(4096))
        do {
            switch kind {
            case .osvJSON:
                add(osv: try OSVParser.parse(json: data, source: label), origin: origin)
            case .osvYAML:
                add(osv: try OSVParser.parse(yaml: data, source: label), origin: origin)
            case .debianList:
                let kindName = fileName.hasPrefix("DLA") ? "DLA" : "DSA"
                let text = String(decoding: data, as: UTF8.self)
                let parsed = try DebianSecurityList.parse(text, source: label, kind: kindName)
                add(distro: parsed, source: "debian/\(kindName)", origin: origin)
            case .debianTrackerJSON:
                let object: Any
                do { object = try JSONSerialization.jsonObject(with: data) } catch {
                    throw AdvisoryFormatError(source: label, reason: "not valid JSON")
                }
                add(distro: try DebianTrackerJSON.parse(object, source: label), source: "debian/tracker", origin: origin)
            case .alpineSecDB:
                guard let object = try YAMLLimits.load(data, source: label) else {
                    throw AdvisoryFormatError(source: label, reason: "empty YAML document")
                }
                let parsed = try AlpineSecDB.parse(object, source: label)
                let dict = object as? [String: Any]
                let release = OSVParser.scalar(dict?["distroversion"]) ?? "unknown"
                let repo = OSVParser.scalar(dict?["reponame"]) ?? "main"
                add(distro: parsed, source: "alpine/\(release)/\(repo)", origin: origin)
            case .unknown, nil:
                result.malformed.append("\(label): not a known advisory format")
            }
        } catch let error as AdvisoryFormatError {
            result.malformed.append(error.description)
        } catch {
            result.malformed.append("\(label): \(error)")
        }
    }

    mutating func add(osv advisory: Advisory, origin: String) {
        if advisory.withdrawn != nil {
            result.withdrawn += 1
            return
        }
        var known = advisory
        known.affected = advisory.affected.filter { affected in
            let base = Advisory.splitEcosystem(affected.ecosystem).base
            if VersionSchemes.forEcosystem(affected.ecosystem) == nil {
                result.unknownEcosystems[base, default: 0] += 1
                return false
            }
            return true
        }
        guard !known.affected.isEmpty else {
            if advisory.affected.isEmpty { result.malformed.append("\(advisory.id): no affected packages") }
            return
        }
        insert(known, source: osvSource, origin: origin, replacing: true)
    }

    mutating func add(distro: DistroImport, source: String, origin: String) {
        for advisory in distro.advisories { insert(advisory, source: source, origin: origin) }
        sources[source, default: (origin, [:], 0)].skipped += distro.skipped
        result.warnings.append(contentsOf: distro.warnings.prefix(20))
    }

    mutating func insert(_ advisory: Advisory, source: String, origin: String, replacing: Bool = false) {
        if replacing, let existing = sources[source]?.advisories[advisory.id] {
            // The same OSV record twice: the newer copy wins.
            if (advisory.modified ?? .distantPast) >= (existing.modified ?? .distantPast) {
                sources[source]!.advisories[advisory.id] = advisory
            }
            return
        }
        if var existing = sources[source]?.advisories[advisory.id] {
            // The same id twice in one source (e.g. a CVE listed for several packages): merge the packages.
            existing.affected.append(contentsOf: advisory.affected)
            existing.aliases = Array(Set(existing.aliases + advisory.aliases)).sorted()
            sources[source]!.advisories[advisory.id] = existing
        } else {
            sources[source, default: (origin, [:], 0)].advisories[advisory.id] = advisory
        }
    }

    func finish(now: Date) -> ImportResult {
        var out = result
        out.batches = sources.keys.sorted().map { name in
            let s = sources[name]!
            let advisories = s.advisories.keys.sorted().map { s.advisories[$0]! }
            return SourceBatch(source: SourceRecord(name: name, origin: s.origin, etag: nil, lastModified: nil,
                                                    updatedAt: now, advisories: advisories.count,
                                                    skipped: s.skipped), advisories: advisories)
        }
        return out
    }
}
