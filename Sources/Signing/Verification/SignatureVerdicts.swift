public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A named set of public keys a policy can require ("signed by key set `release`").
public struct KeySet: Sendable {
    public var name: String
    public var keys: [VerificationKey]
    /// Whether every key of the set must have signed (else any one).
    public var policy: KeyPolicy

    public init(name: String, keys: [VerificationKey], policy: KeyPolicy = .anyKey) {
        self.name = name
        self.keys = keys
        self.policy = policy
    }

    /// Identifies the set by content: the sorted key fingerprints and the policy. Renaming a set or
    /// reordering its keys keeps cached verdicts; changing a key does not.
    public var contentID: String {
        (keys.map(\.fingerprint).sorted() + [policy.description]).joined(separator: ",")
    }
}

/// What the policy engine may test about an image's signatures and attestations: values computed by
/// verifying against key sets, cached per image digest (a tag can move, a digest cannot).
public struct SignatureFacts: Sendable, Hashable, Codable {
    /// `sha256:<hex>` of the image manifest.
    public var digest: String
    /// Names of the key sets that verified a signature of the image.
    public var verifiedKeySets: [String]
    /// Predicate type URIs of attestations that verified, per key set name.
    public var verifiedAttestations: [String: [String]]

    public init(digest: String, verifiedKeySets: [String] = [], verifiedAttestations: [String: [String]] = [:]) {
        self.digest = digest
        self.verifiedKeySets = verifiedKeySets
        self.verifiedAttestations = verifiedAttestations
    }

    /// "signature verified by key set X".
    public func isSigned(by keySet: String) -> Bool { verifiedKeySets.contains(keySet) }

    /// "attestation of type T verified" (by key set X, or by any set when nil).
    public func hasAttestation(_ predicateType: String, by keySet: String? = nil) -> Bool {
        if let keySet { return verifiedAttestations[keySet]?.contains(predicateType) == true }
        return verifiedAttestations.values.contains { $0.contains(predicateType) }
    }
}

/// Verdicts of signature and attestation verification, keyed by image digest, key-set content and
/// what was verified; never by tag. Entries expire (keys are rotated, signatures are added), and the
/// cache can be kept in a file between runs (written atomically).
public actor SignatureVerdictCache {
    public struct Key: Hashable, Sendable, Codable {
        public var digest: String
        public var keySet: String
        /// `signature`, or `attestation <predicate type URI>`.
        public var subject: String
    }

    public struct Verdict: Sendable, Codable, Hashable {
        public var verified: Bool
        public var reason: String
        public var checkedAt: Date
    }

    private struct Entry: Codable {
        var key: Key
        var verdict: Verdict
    }

    private var entries: [Key: Verdict] = [:]
    public let timeToLive: TimeInterval
    public let file: String?
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - timeToLive: how long a verdict holds (default 1 hour; negative verdicts too, so a new signature shows within the hour).
    ///   - file: a JSON file to load from and save to, or nil for memory only.
    ///   - now: the clock (for tests).
    public init(timeToLive: TimeInterval = 3600, file: String? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.timeToLive = timeToLive
        self.file = file
        self.now = now
        if let file, let data = FileManager.default.contents(atPath: file), data.count <= 64 << 20 {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            if let loaded = try? decoder.decode([Entry].self, from: data) {
                for entry in loaded where SHA256Hex.isValid(entry.key.digest) { entries[entry.key] = entry.verdict }
            }
        }
    }

    /// The cached verdict, if it is still fresh.
    public func verdict(digest: String, keySet: KeySet, subject: String) -> Verdict? {
        guard let verdict = entries[Key(digest: digest, keySet: keySet.contentID, subject: subject)] else { return nil }
        return now().timeIntervalSince(verdict.checkedAt) <= timeToLive ? verdict : nil
    }

    /// Returns the cached verdict or computes, stores and returns a new one.
    /// - Throws: `SigningError(.invalidArgument)` when `digest` is not `sha256:<64 hex>` (a tag is never a key).
    public func verdict(digest: String, keySet: KeySet, subject: String,
                        compute: @Sendable () async throws -> (verified: Bool, reason: String)) async throws -> Verdict {
        guard SHA256Hex.isValid(digest) else {
            throw SigningError(.invalidArgument, "verdicts are cached per image digest (sha256:<64 hex>), not per '\(digest.prefix(80))'")
        }
        if let cached = verdict(digest: digest, keySet: keySet, subject: subject) { return cached }
        let (verified, reason) = try await compute()
        let verdict = Verdict(verified: verified, reason: reason, checkedAt: now())
        entries[Key(digest: digest, keySet: keySet.contentID, subject: subject)] = verdict
        return verdict
    }

    /// Writes the fresh entries to the file (temporary file, then rename).
    public func save() throws {
        guard let file else { return }
        let fresh = entries.filter { now().timeIntervalSince($0.value.checkedAt) <= timeToLive }
            .map { Entry(key: $0.key, verdict: $0.value) }
            .sorted { ($0.key.digest, $0.key.keySet, $0.key.subject) < ($1.key.digest, $1.key.keySet, $1.key.subject) }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(fresh)
        let url = URL(fileURLWithPath: file)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw SigningError(.io, "\(file): cannot replace the verdict cache (errno \(errno))")
        }
    }

    public var count: Int { entries.count }
}
