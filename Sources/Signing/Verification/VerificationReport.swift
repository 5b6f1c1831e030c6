import Foundation

/// One checked entry (a signature layer, an attestation, a bundle) in a ``VerificationReport``.
public protocol VerificationCheck: Sendable {
    /// The outcome for this entry.
    var reason: VerificationReason { get }
    /// The keys under which the entry's signature is cryptographically valid (claims aside).
    var verifiedBy: [KeyIdentity] { get }
}

/// The verdict over all entries found for an image, under a ``KeyPolicy``.
public struct VerificationReport<Check: VerificationCheck>: Sendable {
    /// Every entry, in manifest order.
    public let checks: [Check]
    /// Whether the policy is satisfied.
    public let isVerified: Bool
    /// ``VerificationReason/verified``, or the most telling failure (the furthest any entry got).
    public let reason: VerificationReason
    /// Keys with at least one fully verified entry.
    public let satisfiedKeys: [KeyIdentity]
    /// Keys with none (what ``KeyPolicy/requireAll`` still lacks).
    public let missingKeys: [KeyIdentity]

    /// - Parameters:
    ///   - checks: the entries.
    ///   - keys: the keys the caller gave.
    ///   - policy: how many must be satisfied.
    public init(checks: [Check], keys: [VerificationKey], policy: KeyPolicy) {
        self.checks = checks
        var satisfied: [KeyIdentity] = []
        for check in checks where check.reason == .verified {
            for key in check.verifiedBy where !satisfied.contains(key) { satisfied.append(key) }
        }
        let identities = keys.map(\.identity)
        satisfiedKeys = satisfied
        missingKeys = identities.filter { !satisfied.contains($0) }
        if policy.requiresAll {
            isVerified = !identities.isEmpty && missingKeys.isEmpty
        } else {
            isVerified = !satisfied.isEmpty
        }
        if isVerified {
            reason = .verified
        } else if !satisfied.isEmpty {
            reason = .requiredKeyMissing
        } else {
            reason = checks.map(\.reason).max { $0.rank < $1.rank } ?? .noSignatures
        }
    }

    /// The checks that fully verified.
    public var verifiedChecks: [Check] { checks.filter { $0.reason == .verified } }
}

/// What the image is expected to be: the claims a signature must make.
public struct ExpectedImage: Sendable, Hashable {
    /// `sha256:<hex>` of the image manifest (resolved from the tag by the caller).
    public var digest: String
    /// When set, the payload's `docker-reference` must equal it (`REGISTRY/REPO`); cosign does not check this by default.
    public var dockerReference: String?
    /// Annotations that must be present in the payload's `optional` with these exact string values (`-a k=v`).
    public var annotations: [String: String]

    /// - Parameters: see the properties.
    /// - Throws: ``SigningError/Code-swift.struct/invalidArgument`` for a digest that is not `sha256:<64 hex>`.
    public init(digest: String, dockerReference: String? = nil, annotations: [String: String] = [:]) throws {
        self.digest = try SHA256Hex.require(digest, what: "image digest")
        self.dockerReference = dockerReference
        self.annotations = annotations
    }
}

/// Fetched blobs the verifiers read, checked against their descriptors.
enum BlobCheck {
    /// The blob for `descriptor`, or the reason it cannot be used.
    static func blob(for descriptor: OCIDescriptor, in blobs: [String: Data], limit: Int) -> Result<Data, Failure> {
        guard descriptor.size <= limit else {
            return .failure(Failure(reason: .tooLarge, detail: "layer of \(descriptor.size) bytes is over the \(limit)-byte limit"))
        }
        guard let data = blobs[descriptor.digest] else {
            return .failure(Failure(reason: .missingBlob, detail: "blob \(descriptor.digest) was not supplied"))
        }
        guard data.count == descriptor.size, SHA256Hex.digest(of: data) == descriptor.digest else {
            return .failure(Failure(reason: .blobDigestMismatch, detail: "the supplied blob does not match the layer's digest and size"))
        }
        return .success(data)
    }

    struct Failure: Error {
        var reason: VerificationReason
        var detail: String
    }

    /// The descriptors worth fetching: entries within the size limit, with a sha256 digest.
    static func fetchable(_ entries: [(index: Int, descriptor: OCIDescriptor)], limit: Int) -> [OCIDescriptor] {
        var seen = Set<String>()
        return entries.map(\.descriptor).filter {
            $0.size <= limit && SHA256Hex.isValid($0.digest) && seen.insert($0.digest).inserted
        }
    }
}
