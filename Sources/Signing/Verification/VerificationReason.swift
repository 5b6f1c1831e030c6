/// Why a signature, attestation or bundle was accepted or not. Compare with the static members
/// (`result.reason == .wrongKey`); new reasons may be added.
public struct VerificationReason: Hashable, Sendable, CustomStringConvertible {
    private enum Value: String, Hashable, Sendable {
        case verified, noSignatures, wrongKey, digestMismatch, referenceMismatch, annotationMismatch
        case predicateTypeMismatch, malformedSignature, malformedPayload, malformedManifest
        case missingBlob, blobDigestMismatch, tooLarge, requiredKeyMissing, unsupportedVerificationMaterial
    }
    private let value: Value
    private init(_ value: Value) { self.value = value }

    /// Signed by a given key, and every claim matches.
    public static let verified = VerificationReason(.verified)
    /// There is nothing to check: no `.sig`/`.att` manifest, no layer of the right media type, no referrer.
    public static let noSignatures = VerificationReason(.noSignatures)
    /// The signature is well-formed but does not verify under any given key (or the payload was altered).
    public static let wrongKey = VerificationReason(.wrongKey)
    /// Validly signed, but for another image digest (payload `docker-manifest-digest`, statement subject,
    /// or bundle message digest).
    public static let digestMismatch = VerificationReason(.digestMismatch)
    /// Validly signed for the digest, but the payload's `docker-reference` is not the expected repository.
    public static let referenceMismatch = VerificationReason(.referenceMismatch)
    /// Validly signed, but an annotation the caller requires is missing from `optional` or differs.
    public static let annotationMismatch = VerificationReason(.annotationMismatch)
    /// Validly signed, but the statement's predicate type is not the one asked for.
    public static let predicateTypeMismatch = VerificationReason(.predicateTypeMismatch)
    /// The signature annotation or envelope signature is not base64 of an ASN.1 DER ECDSA signature.
    public static let malformedSignature = VerificationReason(.malformedSignature)
    /// Validly signed bytes that are not a simple-signing payload / in-toto statement / DSSE envelope / bundle.
    public static let malformedPayload = VerificationReason(.malformedPayload)
    /// The signature manifest itself could not be read.
    public static let malformedManifest = VerificationReason(.malformedManifest)
    /// The caller did not supply the layer's blob.
    public static let missingBlob = VerificationReason(.missingBlob)
    /// The supplied blob does not hash to (or is not the size of) the layer's descriptor.
    public static let blobDigestMismatch = VerificationReason(.blobDigestMismatch)
    /// The layer or blob is over ``SigningLimits``.
    public static let tooLarge = VerificationReason(.tooLarge)
    /// (``KeyPolicy/requireAll``) Some signatures verified, but not one for every given key.
    public static let requiredKeyMissing = VerificationReason(.requiredKeyMissing)
    /// A bundle whose verification material is a certificate (keyless); only key-based bundles are checked.
    public static let unsupportedVerificationMaterial = VerificationReason(.unsupportedVerificationMaterial)

    public var description: String { value.rawValue }

    /// How far a check got, to pick the most telling reason for a summary.
    var rank: Int {
        switch value {
        case .verified: 100
        case .requiredKeyMissing: 90
        case .annotationMismatch, .referenceMismatch, .predicateTypeMismatch: 80
        case .digestMismatch: 70
        case .malformedPayload: 60
        case .wrongKey: 50
        case .unsupportedVerificationMaterial: 45
        case .malformedSignature: 40
        case .blobDigestMismatch, .tooLarge, .missingBlob: 30
        case .malformedManifest: 20
        case .noSignatures: 0
        }
    }
}
