public import Foundation
import Crypto

/// The outcome for one Sigstore bundle.
public struct BundleCheck: VerificationCheck {
    /// The referrer manifest's digest, when the caller gave it.
    public var referrerDigest: String?
    /// The outcome.
    public var reason: VerificationReason
    /// The keys under which the bundle's signature verifies.
    public var verifiedBy: [KeyIdentity]
    /// `message-signature` or `dsse-envelope`, once read.
    public var content: String?
    /// The in-toto statement of a DSSE bundle, once its signature verified.
    public var statement: InTotoStatement?
    /// How many transparency-log entries the bundle carries (not verified).
    public var tlogEntryCount: Int
    /// A sentence for logs (no key material).
    public var detail: String

    /// The statement's predicate type (DSSE bundles).
    public var predicateType: String? { statement?.predicateType }
    /// The predicate as compact JSON (DSSE bundles).
    public var predicate: Data? { statement?.predicate.encoded() }
}

/// A report over the bundles found as referrers of an image.
public typealias BundleVerificationReport = VerificationReport<BundleCheck>

/// Verifies key-based Sigstore bundles against an artifact digest.
///
/// - Message signature: the signature must verify under a key over the bundle's `messageDigest`
///   (SHA2_256), which must equal the expected digest (absent: the expected digest is used).
/// - DSSE envelope: the checks of ``AttestationVerifier`` (payload type, signature over PAE, subject digest,
///   predicate type when one is asked for; cosign 3's image signatures are ``PredicateType/cosignSign``).
/// - A bundle with certificate material is ``VerificationReason/unsupportedVerificationMaterial``.
public struct BundleVerifier: Sendable {
    /// The keys to accept.
    public var keys: [VerificationKey]
    /// Whether one key or all keys must have signed.
    public var policy: KeyPolicy
    /// Bounds on bundles.
    public var limits: SigningLimits

    /// - Parameters: see the properties.
    public init(keys: [VerificationKey], policy: KeyPolicy = .anyKey, limits: SigningLimits = .default) {
        self.keys = keys
        self.policy = policy
        self.limits = limits
    }

    /// Verifies one bundle.
    /// - Parameters:
    ///   - bundle: the bundle bytes (the referrer's layer blob).
    ///   - artifactDigest: `sha256:<hex>` of the signed artifact (the image manifest).
    ///   - predicateType: for DSSE bundles, the type required (nil: any).
    ///   - referrerDigest: the referrer manifest's digest, echoed in the result.
    public func verify(bundle: Data, artifactDigest: String, predicateType: PredicateType? = nil,
                       referrerDigest: String? = nil) -> BundleCheck {
        var check = BundleCheck(referrerDigest: referrerDigest, reason: .malformedPayload, verifiedBy: [], content: nil,
                                statement: nil, tlogEntryCount: 0, detail: "")
        let parsed: SigstoreBundle
        switch SigstoreBundle.read(bundle, limits: limits) {
        case .failure(let failure):
            check.reason = failure.reason
            check.detail = failure.error.message
            return check
        case .success(let bundle):
            parsed = bundle
        }
        check.content = parsed.content.annotationValue
        check.tlogEntryCount = parsed.tlogEntryCount
        guard !parsed.hasCertificate else {
            check.reason = .unsupportedVerificationMaterial
            check.detail = "the bundle carries a certificate (keyless); only key-based bundles are verified"
            return check
        }
        switch parsed.content {
        case .dsseEnvelope(let envelope):
            let result = AttestationVerifier.check(envelope, keys: keys, imageDigest: artifactDigest,
                                                   predicateType: predicateType, limits: limits)
            check.reason = result.reason
            check.verifiedBy = result.verifiedBy
            check.statement = result.statement
            check.detail = result.detail
        case .messageSignature(let message):
            verifyMessage(message, artifactDigest: artifactDigest, into: &check)
        }
        return check
    }

    /// Verifies the bundles of several referrers.
    /// - Parameters:
    ///   - bundles: referrer manifest digest → bundle bytes.
    ///   - artifactDigest: `sha256:<hex>` of the signed artifact.
    ///   - predicateType: for DSSE bundles, the type required (nil: any).
    public func verify(bundles: [String: Data], artifactDigest: String, predicateType: PredicateType? = nil) -> BundleVerificationReport {
        let checks = bundles.keys.sorted().map {
            verify(bundle: bundles[$0]!, artifactDigest: artifactDigest, predicateType: predicateType, referrerDigest: $0)
        }
        return VerificationReport(checks: checks, keys: keys, policy: policy)
    }

    private func verifyMessage(_ message: SigstoreBundle.MessageSignature, artifactDigest: String, into check: inout BundleCheck) {
        guard let signature = try? P256.Signing.ECDSASignature(derRepresentation: message.signature) else {
            check.reason = .malformedSignature
            check.detail = "the message signature is not an ASN.1 DER ECDSA signature"
            return
        }
        let claimed: [UInt8]
        if let digest = message.digest {
            guard message.digestAlgorithm == "SHA2_256", digest.count == 32 else {
                check.reason = .malformedPayload
                check.detail = "message digest algorithm '\(message.digestAlgorithm?.prefix(40) ?? "")' is not SHA2_256"
                return
            }
            claimed = [UInt8](digest)
        } else {
            guard SHA256Hex.isValid(artifactDigest) else {
                check.reason = .digestMismatch
                check.detail = "the expected digest is not sha256"
                return
            }
            claimed = SHA256Hex.rawBytes(artifactDigest)
        }
        let prehashed = PrehashedSHA256(claimed)!
        check.verifiedBy = keys.filter { $0.publicKey.isValidSignature(signature, for: prehashed) }.map(\.identity)
        guard !check.verifiedBy.isEmpty else {
            check.reason = .wrongKey
            check.detail = "the message signature does not verify under any of \(keys.count) key(s)"
            return
        }
        guard SHA256Hex.isValid(artifactDigest), constantTimeEqual(claimed, SHA256Hex.rawBytes(artifactDigest)) else {
            check.reason = .digestMismatch
            check.detail = "signed for sha256:\(SHA256Hex.hex(claimed)), not \(artifactDigest)"
            return
        }
        check.reason = .verified
        check.detail = "verified by \(check.verifiedBy.map(\.name).joined(separator: ", "))"
    }
}
