public import Foundation
import Crypto

/// The outcome for one `.sig` layer.
public struct SignatureCheck: VerificationCheck {
    /// The layer's position in the manifest (-1 for a signature checked on its own).
    public var layerIndex: Int
    /// The layer's digest (the payload's).
    public var layerDigest: String
    /// The outcome.
    public var reason: VerificationReason
    /// The keys under which the signature verifies.
    public var verifiedBy: [KeyIdentity]
    /// The payload, once the signature verified and it parsed.
    public var payload: SimpleSigningPayload?
    /// A sentence for logs (no key material).
    public var detail: String
}

/// A report over a `.sig` manifest.
public typealias SignatureVerificationReport = VerificationReport<SignatureCheck>

/// `cosign verify --key`, without the network: the caller resolves the image digest, fetches the
/// `sha256-<hex>.sig` manifest (nil on 404) and the blobs ``blobsToFetch(signatureManifest:)`` names.
///
/// Each simple-signing layer is checked in cosign's order: blob integrity, signature encoding,
/// signature under the keys, payload format, `docker-manifest-digest`, then (optional) `docker-reference`
/// and required annotations.
public struct SignatureVerifier: Sendable {
    /// The keys to accept.
    public var keys: [VerificationKey]
    /// Whether one key or all keys must have signed.
    public var policy: KeyPolicy
    /// Bounds on manifests and payloads.
    public var limits: SigningLimits

    /// - Parameters: see the properties.
    public init(keys: [VerificationKey], policy: KeyPolicy = .anyKey, limits: SigningLimits = .default) {
        self.keys = keys
        self.policy = policy
        self.limits = limits
    }

    /// The payload blobs to fetch for a `.sig` manifest (simple-signing layers within the size limit, deduplicated).
    /// - Parameter signatureManifest: the manifest as fetched.
    /// - Throws: when the manifest cannot be read (``verify(signatureManifest:blobs:expected:)`` reports that too).
    public func blobsToFetch(signatureManifest: Data) throws -> [OCIDescriptor] {
        let manifest = try CosignManifest(parsing: signatureManifest, kind: .signatures, limits: limits)
        return BlobCheck.fetchable(manifest.entries, limit: limits.maxPayloadBytes)
    }

    /// Verifies every signature in a `.sig` manifest.
    /// - Parameters:
    ///   - signatureManifest: the manifest under `sha256-<hex>.sig`, or nil when there is none.
    ///   - blobs: digest → bytes for the layers ``blobsToFetch(signatureManifest:)`` named.
    ///   - expected: the image digest and the claims to require.
    public func verify(signatureManifest: Data?, blobs: [String: Data], expected: ExpectedImage) -> SignatureVerificationReport {
        guard let signatureManifest else { return VerificationReport(checks: [], keys: keys, policy: policy) }
        let manifest: CosignManifest
        do {
            manifest = try CosignManifest(parsing: signatureManifest, kind: .signatures, limits: limits)
        } catch {
            let check = SignatureCheck(layerIndex: -1, layerDigest: SHA256Hex.digest(of: signatureManifest),
                                       reason: .malformedManifest, verifiedBy: [], payload: nil, detail: "\(error)")
            return VerificationReport(checks: [check], keys: keys, policy: policy)
        }
        let checks = manifest.entries.map { entry -> SignatureCheck in
            var check: SignatureCheck
            switch BlobCheck.blob(for: entry.descriptor, in: blobs, limit: limits.maxPayloadBytes) {
            case .failure(let failure):
                check = SignatureCheck(layerIndex: entry.index, layerDigest: entry.descriptor.digest, reason: failure.reason,
                                       verifiedBy: [], payload: nil, detail: failure.detail)
            case .success(let payload):
                check = verify(payload: payload, signature: entry.descriptor.annotations?[CosignManifest.signatureAnnotation],
                               expected: expected)
            }
            check.layerIndex = entry.index
            check.layerDigest = entry.descriptor.digest
            return check
        }
        return VerificationReport(checks: checks, keys: keys, policy: policy)
    }

    /// Verifies one payload and its signature annotation.
    /// - Parameters:
    ///   - payload: the simple-signing payload bytes.
    ///   - signature: base64 of the DER signature (nil when the layer has no annotation).
    ///   - expected: the image digest and the claims to require.
    public func verify(payload: Data, signature: String?, expected: ExpectedImage) -> SignatureCheck {
        var check = SignatureCheck(layerIndex: -1, layerDigest: SHA256Hex.digest(of: payload), reason: .malformedSignature,
                                   verifiedBy: [], payload: nil, detail: "")
        guard let signature, !signature.isEmpty else {
            check.detail = "the layer has no \(CosignManifest.signatureAnnotation) annotation"
            return check
        }
        guard signature.utf8.count <= SigningLimits.maxSignatureAnnotationBytes, let der = StrictBase64.decode(signature) else {
            check.detail = "the signature annotation is not valid base64 (truncated or altered)"
            return check
        }
        guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: der) else {
            check.detail = "the signature is not an ASN.1 DER ECDSA signature"
            return check
        }
        check.verifiedBy = keys.filter { $0.verifies(parsed, over: payload) }.map(\.identity)
        guard !check.verifiedBy.isEmpty else {
            check.reason = .wrongKey
            check.detail = "the signature does not verify under any of \(keys.count) key(s)"
            return check
        }
        let parsedPayload: SimpleSigningPayload
        do {
            parsedPayload = try SimpleSigningPayload(parsing: payload, limits: limits)
        } catch {
            check.reason = .malformedPayload
            check.detail = "\(error)"
            return check
        }
        check.payload = parsedPayload
        if parsedPayload.manifestDigest != expected.digest {
            check.reason = .digestMismatch
            check.detail = "signed for \(parsedPayload.manifestDigest), not \(expected.digest)"
        } else if let reference = expected.dockerReference, parsedPayload.dockerReference != reference {
            check.reason = .referenceMismatch
            check.detail = "signed for repository '\(parsedPayload.dockerReference.prefix(200))', not '\(reference)'"
        } else if !parsedPayload.hasAnnotations(expected.annotations) {
            check.reason = .annotationMismatch
            let missing = expected.annotations.keys.filter { parsedPayload.optional?[$0] != .string(expected.annotations[$0]!) }.sorted()
            check.detail = "missing or different annotation(s): \(missing.joined(separator: ", "))"
        } else {
            check.reason = .verified
            check.detail = "verified by \(check.verifiedBy.map(\.name).joined(separator: ", "))"
        }
        return check
    }
}
