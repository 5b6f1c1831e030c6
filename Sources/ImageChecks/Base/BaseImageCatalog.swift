public import Foundation
import ImageAccess

/// Trusted base images, version by version: which leading layers of an image come from a known
/// base, and how far behind that base's newest recorded version the image is.
///
/// A base version is identified by its layers' diff ids (the uncompressed layer digests, which
/// survive recompression and re-tagging). An image is built on a version when that version's
/// diff ids are a prefix of the image's. The catalog is a JSON file users keep (and extend with
/// `palisade image base add REF --catalog FILE` whenever a base is updated):
///
/// ```json
/// {"schemaVersion": 1, "bases": [
///   {"name": "debian-minbase", "reference": "oci:/images:debian-minbase", "digest": "sha256:…",
///    "created": "2024-10-01T00:00:00Z", "diffIDs": ["sha256:…"]}
/// ]}
/// ```
public struct BaseImageCatalog: Sendable, Codable, Equatable {
    public struct Version: Sendable, Codable, Equatable {
        /// The base's name; versions with one name are one base's history.
        public var name: String
        /// Where the version was read from.
        public var reference: String
        /// Its manifest digest, when known.
        public var digest: String?
        /// Its config's `created`.
        public var created: Date?
        /// Its layers' diff ids, bottom first.
        public var diffIDs: [String]

        public init(name: String, reference: String, digest: String?, created: Date?, diffIDs: [String]) {
            self.name = name
            self.reference = reference
            self.digest = digest
            self.created = created
            self.diffIDs = diffIDs
        }
    }

    /// What was found about one image's base.
    public struct Match: Sendable, Codable, Equatable {
        public var name: String
        public var reference: String
        public var digest: String?
        public var created: Date?
        /// How many of the image's leading layers are the base's.
        public var layers: Int
        /// Whether this is the newest recorded version of the base.
        public var current: Bool
        /// Newer versions of the same base in the catalog.
        public var newerVersions: Int
        /// The newest version, when the match is not it.
        public var newest: String?
        public var newestCreated: Date?
        /// Days between the matched version's and the newest version's `created`.
        public var behindDays: Int?
    }

    public var schemaVersion: Int = 1
    public var bases: [Version]

    public init(bases: [Version] = []) {
        self.bases = bases
    }

    /// Adds a version, replacing one with the same name and diff ids (a re-tag).
    public mutating func add(_ version: Version) {
        bases.removeAll { $0.name == version.name && $0.diffIDs == version.diffIDs }
        bases.append(version)
    }

    /// The base version with the longest diff-id prefix of `diffIDs`, or nil when none is one.
    public func match(diffIDs: [String]) -> Match? {
        let candidates = bases.filter { !$0.diffIDs.isEmpty && $0.diffIDs.count <= diffIDs.count && Array(diffIDs.prefix($0.diffIDs.count)) == $0.diffIDs }
        guard let best = candidates.max(by: { ($0.diffIDs.count, $0.created ?? .distantPast) < ($1.diffIDs.count, $1.created ?? .distantPast) }) else {
            return nil
        }
        let family = bases.filter { $0.name == best.name }
        let newest = family.max { ($0.created ?? .distantPast) < ($1.created ?? .distantPast) } ?? best
        let newer = family.filter { ($0.created ?? .distantPast) > (best.created ?? .distantPast) }.count
        let isCurrent = newest.diffIDs == best.diffIDs || newer == 0
        var behind: Int?
        if !isCurrent, let then = best.created, let latest = newest.created {
            behind = max(0, Int(latest.timeIntervalSince(then) / 86_400))
        }
        return Match(name: best.name, reference: best.reference, digest: best.digest, created: best.created,
                     layers: best.diffIDs.count, current: isCurrent, newerVersions: isCurrent ? 0 : newer,
                     newest: isCurrent ? nil : newest.reference, newestCreated: isCurrent ? nil : newest.created,
                     behindDays: behind)
    }

    // MARK: - File

    /// The largest catalog file read (bytes).
    public static let maximumFileSize = 16 << 20

    /// Reads a catalog; a missing file is an empty catalog when `missingIsEmpty`.
    public static func load(path: String, missingIsEmpty: Bool = false) throws(BaseImageCatalogError) -> BaseImageCatalog {
        guard FileManager.default.fileExists(atPath: path) else {
            if missingIsEmpty { return BaseImageCatalog() }
            throw BaseImageCatalogError(path: path, message: "no such file")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber, size.intValue <= maximumFileSize,
              let data = FileManager.default.contents(atPath: path) else {
            throw BaseImageCatalogError(path: path, message: "unreadable or larger than \(maximumFileSize) bytes")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let catalog: BaseImageCatalog
        do {
            catalog = try decoder.decode(BaseImageCatalog.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw BaseImageCatalogError(path: path, message: "missing \(key.stringValue) at \(Self.describe(context.codingPath))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw BaseImageCatalogError(path: path, message: "wrong type at \(Self.describe(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw BaseImageCatalogError(path: path, message: "invalid at \(Self.describe(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw BaseImageCatalogError(path: path, message: "not a base-image catalog: \(error)")
        }
        guard catalog.schemaVersion == 1 else {
            throw BaseImageCatalogError(path: path, message: "schemaVersion \(catalog.schemaVersion) is not supported (1 is)")
        }
        for (index, base) in catalog.bases.enumerated() {
            if base.name.isEmpty { throw BaseImageCatalogError(path: path, message: "bases[\(index)] has an empty name") }
            for id in base.diffIDs where !Self.isDigest(id) {
                throw BaseImageCatalogError(path: path, message: "bases[\(index)] (\(base.name)): '\(id)' is not a sha256 digest")
            }
        }
        return catalog
    }

    /// Writes the catalog atomically (a temporary file renamed over the old one).
    public func save(path: String) throws(BaseImageCatalogError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            var data = try encoder.encode(self)
            data.append(0x0A)
            try AtomicFile.write(data, to: path)
        } catch let error as ImageAccessError {
            throw BaseImageCatalogError(path: path, message: error.message)
        } catch {
            throw BaseImageCatalogError(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    static func isDigest(_ text: String) -> Bool {
        text.hasPrefix("sha256:") && text.count == 71 && text.dropFirst(7).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    private static func describe(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

/// A catalog file that cannot be read or written.
public struct BaseImageCatalogError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String

    public var description: String { "base-image catalog \(path): \(message)" }
}

/// Whether an image's registry is on the trusted list.
public enum TrustedRegistries {
    /// `registry` matches an entry when equal (case-insensitive), or when the entry is
    /// `*.example.com` and the registry ends with `.example.com`. Docker Hub answers to
    /// `docker.io`, `index.docker.io` and `registry-1.docker.io`.
    public static func isTrusted(_ registry: String, list: [String]) -> Bool {
        let host = canonical(registry)
        return list.contains { entry in
            let entry = canonical(entry)
            if entry.hasPrefix("*.") { return host.hasSuffix(String(entry.dropFirst())) }
            return host == entry
        }
    }

    static func canonical(_ host: String) -> String {
        let lower = host.lowercased()
        return ["index.docker.io", "registry-1.docker.io"].contains(lower) ? "docker.io" : lower
    }
}
