public import Foundation

/// The outcome for one attestation (an `.att` layer, or a DSSE bundle).
public struct AttestationCheck: VerificationCheck {
    /// The layer's position in the manifest (-1 when checked on its own).
    public var layerIndex: Int
    /// The layer's digest (the envelope's).
    public var layerDigest: String
    /// The outcome.
    public var reason: VerificationReason
    /// The keys under which an envelope signature verifies.
    public var verifiedBy: [KeyIdentity]
    /// The statement, once a signature verified and it parsed.
    public var statement: InTotoStatement?
    /// A sentence for logs (no key material).
    public var detail: String

    /// The statement's predicate type, when read.
    public var predicateType: String? { statement?.predicateType }
    /// The predicate as compact JSON (keys sorted), when read.
    public var predicate: Data? { statement?.predicate.encoded() }
}

/// A report over an `.att` manifest.
public typealias AttestationVerificationReport = VerificationReport<AttestationCheck>

/// `cosign verify-attestation --key [--type T]`, without the network: the caller fetches the
/// `sha256-<hex>.att` manifest and the blobs ``blobsToFetch(attestationManifest:predicateType:)`` names.
///
/// Each envelope is checked in cosign's order: blob integrity, envelope format and payload type
/// (`application/vnd.in-toto+json`), a signature over PAE under the keys, statement format, a subject whose
/// `sha256` is the image digest, then the predicate type.
public struct AttestationVerifier: Sendable {
    /// The keys to accept.
    public var keys: [VerificationKey]
    /// Whether one key or all keys must have signed.
    public var policy: KeyPolicy
    /// Bounds on manifests and envelopes.
    public var limits: SigningLimits

    /// - Parameters: see the properties.
    public init(keys: [VerificationKey], policy: KeyPolicy = .anyKey, limits: SigningLimits = .default) {
        self.keys = keys
        self.policy = policy
        self.limits = limits
    }

    /// The envelope blobs to fetch: DSSE layers within the size limit, skipping those whose (unsigned)
    /// `predicateType` annotation names another type than `predicateType`.
    /// - Parameters:
    ///   - attestationManifest: the manifest as fetched.
    ///   - predicateType: the type asked for, or nil for all.
    public func blobsToFetch(attestationManifest: Data, predicateType: PredicateType? = nil) throws -> [OCIDescriptor] {
        let manifest = try CosignManifest(parsing: attestationManifest, kind: .attestations, limits: limits)
        let wanted = manifest.entries.filter { !Self.annotatedOtherwise($0.descriptor, than: predicateType) }
        return BlobCheck.fetchable(wanted, limit: limits.maxEnvelopeBytes)
    }

    /// Verifies every attestation in an `.att` manifest.
    /// - Parameters:
    ///   - attestationManifest: the manifest under `sha256-<hex>.att`, or nil when there is none.
    ///   - blobs: digest → bytes for the layers ``blobsToFetch(attestationManifest:predicateType:)`` named.
    ///   - imageDigest: `sha256:<hex>` of the image manifest.
    ///   - predicateType: the type required, or nil to accept any.
    public func verify(attestationManifest: Data?, blobs: [String: Data], imageDigest: String,
                       predicateType: PredicateType? = nil) -> AttestationVerificationReport {
        guard let attestationManifest else { return VerificationReport(checks: [], keys: keys, policy: policy) }
        let manifest: CosignManifest
        do {
            manifest = try CosignManifest(parsing: attestationManifest, kind: .attestations, limits: limits)
        } catch {
            let check = AttestationCheck(layerIndex: -1, layerDigest: SHA256Hex.digest(of: attestationManifest),
                                         reason: .malformedManifest, verifiedBy: [], statement: nil, detail: "\(error)")
            return VerificationReport(checks: [check], keys: keys, policy: policy)
        }
        let checks = manifest.entries.map { entry -> AttestationCheck in
            var check: AttestationCheck
            if blobs[entry.descriptor.digest] == nil, Self.annotatedOtherwise(entry.descriptor, than: predicateType) {
                check = AttestationCheck(layerIndex: -1, layerDigest: "", reason: .predicateTypeMismatch, verifiedBy: [], statement: nil,
                                         detail: "annotated as '\(entry.descriptor.annotations?[CosignManifest.predicateTypeAnnotation] ?? "")'; not fetched")
            } else {
                switch BlobCheck.blob(for: entry.descriptor, in: blobs, limit: limits.maxEnvelopeBytes) {
                case .failure(let failure):
                    check = AttestationCheck(layerIndex: -1, layerDigest: "", reason: failure.reason, verifiedBy: [],
                                             statement: nil, detail: failure.detail)
                case .success(let envelope):
                    check = verify(envelope: envelope, imageDigest: imageDigest, predicateType: predicateType)
                }
            }
            check.layerIndex = entry.index
            check.layerDigest = entry.descriptor.digest
            return check
        }
        return VerificationReport(checks: checks, keys: keys, policy: policy)
    }

    /// Verifies one DSSE envelope.
    /// - Parameters:
    ///   - envelope: the envelope JSON.
    ///   - imageDigest: `sha256:<hex>` the statement must have as a subject.
    ///   - predicateType: the type required, or nil to accept any.
    public func verify(envelope: Data, imageDigest: String, predicateType: PredicateType? = nil) -> AttestationCheck {
        let digest = SHA256Hex.digest(of: envelope)
        let parsed: DSSEEnvelope
        do {
            parsed = try DSSEEnvelope.read(envelope, limits: limits)
        } catch {
            return AttestationCheck(layerIndex: -1, layerDigest: digest, reason: error.reason, verifiedBy: [], statement: nil,
                                    detail: error.error.message)
        }
        var check = Self.check(parsed, keys: keys, imageDigest: imageDigest, predicateType: predicateType, limits: limits)
        check.layerDigest = digest
        return check
    }

    /// The DSSE checks shared with Sigstore bundles.
    static func check(_ envelope: DSSEEnvelope, keys: [VerificationKey], imageDigest: String, predicateType: PredicateType?,
                      limits: SigningLimits) -> AttestationCheck {
        var check = AttestationCheck(layerIndex: -1, layerDigest: "", reason: .malformedPayload, verifiedBy: [], statement: nil, detail: "")
        guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
            check.detail = "payload type '\(envelope.payloadType.prefix(80))' is not \(DSSEEnvelope.inTotoPayloadType)"
            return check
        }
        let (verifiedBy, malformed) = envelope.verifyingKeys(keys)
        check.verifiedBy = verifiedBy
        guard !verifiedBy.isEmpty else {
            check.reason = malformed ? .malformedSignature : .wrongKey
            check.detail = malformed ? "no envelope signature is an ASN.1 DER ECDSA signature"
                : "no envelope signature verifies under any of \(keys.count) key(s)"
            return check
        }
        let statement: InTotoStatement
        do {
            statement = try InTotoStatement(parsing: envelope.payload, limits: limits)
        } catch {
            check.detail = "\(error)"
            return check
        }
        check.statement = statement
        if !statement.hasSubject(digest: imageDigest) {
            check.reason = .digestMismatch
            check.detail = "no statement subject has sha256 \(SHA256Hex.hexPart(imageDigest).prefix(64))"
        } else if let predicateType, statement.predicateType != predicateType.uri {
            check.reason = .predicateTypeMismatch
            check.detail = "predicate type is '\(statement.predicateType.prefix(200))', not '\(predicateType.uri)'"
        } else {
            check.reason = .verified
            check.detail = "verified by \(verifiedBy.map(\.name).joined(separator: ", "))"
        }
        return check
    }

    private static func annotatedOtherwise(_ descriptor: OCIDescriptor, than predicateType: PredicateType?) -> Bool {
        guard let predicateType, let annotated = descriptor.annotations?[CosignManifest.predicateTypeAnnotation] else { return false }
        return annotated != predicateType.uri
    }
}
