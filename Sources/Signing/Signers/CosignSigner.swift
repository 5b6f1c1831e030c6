public import Crypto
public import Foundation

/// Builds what `cosign sign` and `cosign attest` push, without touching the network: the caller
/// fetches the existing `.sig` / `.att` manifest (nil on 404), calls one of these, uploads
/// ``CosignPush/blobs`` and puts ``CosignPush/manifest`` under ``CosignPush/tag``.
public enum CosignSigner {
    /// base64 of the ASN.1 DER ECDSA P-256 / SHA-256 signature over `payload`: the value of the
    /// `dev.cosignproject.cosign/signature` annotation.
    /// - Parameters:
    ///   - payload: the exact bytes to sign.
    ///   - key: the signing key.
    public static func signatureAnnotation(for payload: Data, key: P256.Signing.PrivateKey) throws -> String {
        try key.signature(for: payload).derRepresentation.base64EncodedString()
    }

    /// `cosign sign --key`: signs a simple-signing payload for the image and appends it to the `.sig` manifest.
    ///
    /// If the manifest already has a layer with the same payload whose signature verifies under this key
    /// (cosign's duplicate detection), nothing is added and ``CosignPush/changed`` is false.
    /// - Parameters:
    ///   - imageDigest: `sha256:<hex>` of the image manifest (resolve tags first).
    ///   - dockerReference: `REGISTRY/REPO` (cosign writes the repository name, e.g. `index.docker.io/library/nginx`).
    ///   - annotations: `-a key=value` pairs for the payload's `optional`.
    ///   - key: the signing key (``CosignKeys/privateKey(pem:password:what:)``).
    ///   - existingManifest: the manifest under `sha256-<hex>.sig` if there is one.
    ///   - limits: bounds on the existing manifest.
    /// - Returns: the payload blob and the config blob to upload, and the manifest to put under `sha256-<hex>.sig`.
    public static func signImage(imageDigest: String, dockerReference: String, annotations: [String: String]? = nil,
                                 key: P256.Signing.PrivateKey, existingManifest: Data?,
                                 limits: SigningLimits = .default) throws -> CosignPush {
        let payload = try SimpleSigningPayload(dockerReference: dockerReference, manifestDigest: imageDigest,
                                               annotations: annotations).encoded()
        return try attachSignature(payload: payload, signature: signatureAnnotation(for: payload, key: key),
                                   imageDigest: imageDigest, to: existingManifest, signer: key.publicKey, limits: limits)
    }

    /// Appends an already-made signature (payload + base64 DER signature) to the `.sig` manifest.
    /// - Parameters:
    ///   - payload: the simple-signing payload bytes (checked to be one, for `imageDigest`).
    ///   - signature: base64 of the DER signature.
    ///   - imageDigest: `sha256:<hex>` of the image manifest.
    ///   - existingManifest: the manifest under `sha256-<hex>.sig` if there is one.
    ///   - signer: when given, an existing layer with the same payload that verifies under it counts as a duplicate.
    ///   - extraAnnotations: more layer annotations (e.g. a certificate).
    ///   - limits: bounds on the existing manifest and the payload.
    public static func attachSignature(payload: Data, signature: String, imageDigest: String, to existingManifest: Data?,
                                       signer: P256.Signing.PublicKey? = nil, extraAnnotations: [String: String] = [:],
                                       limits: SigningLimits = .default) throws -> CosignPush {
        let tag = try CosignManifest.tag(forImageDigest: imageDigest, kind: .signatures)
        let parsed = try SimpleSigningPayload(parsing: payload, limits: limits)
        guard parsed.manifestDigest == imageDigest else {
            throw SigningError(.invalidArgument, "the payload is for \(parsed.manifestDigest), not \(imageDigest)")
        }
        guard StrictBase64.decode(signature) != nil else {
            throw SigningError(.invalidArgument, "the signature is not valid base64")
        }
        var manifest = try existingManifest.map { try CosignManifest(parsing: $0, kind: .signatures, limits: limits) }
            ?? CosignManifest(kind: .signatures)
        let blob = OCIBlob(payload, mediaType: SimpleSigningPayload.mediaType)
        if let signer, manifest.entries.contains(where: { entry in
            entry.descriptor.digest == blob.digest && signatureVerifies(entry.descriptor, payload: payload, key: signer)
        }) {
            return manifest.push(tag: tag, newBlobs: [], changed: false)
        }
        var annotations = extraAnnotations
        annotations[CosignManifest.signatureAnnotation] = signature
        let added = manifest.append(.describing(payload, mediaType: SimpleSigningPayload.mediaType, annotations: annotations))
        guard manifest.layers.count <= limits.maxLayers else {
            throw SigningError(.tooLarge, "the signature manifest would list \(manifest.layers.count) layers, over the limit of \(limits.maxLayers)")
        }
        return manifest.push(tag: tag, newBlobs: added ? [blob] : [], changed: added)
    }

    /// `cosign attest --key --type T --predicate FILE`: an in-toto statement in a signed DSSE envelope,
    /// appended to the `.att` manifest with the `predicateType` layer annotation.
    /// - Parameters:
    ///   - imageDigest: `sha256:<hex>` of the image manifest.
    ///   - subjectName: `REGISTRY/REPO` for the statement's subject.
    ///   - predicateType: ``PredicateType/init(cosignName:)``.
    ///   - predicate: the predicate file's bytes.
    ///   - key: the signing key.
    ///   - existingManifest: the manifest under `sha256-<hex>.att` if there is one.
    ///   - replace: drop existing attestations of the same predicate type (`cosign attest --replace`).
    ///   - timestamp: for ``PredicateType/cosignCustom``'s `Timestamp`.
    ///   - limits: bounds on the existing manifest.
    /// - Returns: the envelope blob and the config blob to upload, and the manifest to put under `sha256-<hex>.att`.
    public static func attestImage(imageDigest: String, subjectName: String, predicateType: PredicateType, predicate: Data,
                                   key: P256.Signing.PrivateKey, existingManifest: Data?, replace: Bool = false,
                                   timestamp: Date = Date(), limits: SigningLimits = .default) throws -> CosignPush {
        let statement = try InTotoStatement.cosign(predicateType: predicateType, predicate: predicate, subjectName: subjectName,
                                                   imageDigest: imageDigest, timestamp: timestamp, limits: limits)
        let envelope = try DSSEEnvelope.sign(payload: statement.encoded(), key: key)
        return try attachAttestation(envelope: envelope.encoded(), predicateType: predicateType.uri, imageDigest: imageDigest,
                                     to: existingManifest, replace: replace, limits: limits)
    }

    /// Appends an already-made DSSE envelope to the `.att` manifest.
    /// - Parameters:
    ///   - envelope: the envelope JSON bytes, as they will be stored.
    ///   - predicateType: the statement's predicate type URI (the layer annotation).
    ///   - imageDigest: `sha256:<hex>` of the image manifest.
    ///   - existingManifest: the manifest under `sha256-<hex>.att` if there is one.
    ///   - replace: drop existing attestations of the same predicate type.
    ///   - limits: bounds on the existing manifest.
    public static func attachAttestation(envelope: Data, predicateType: String, imageDigest: String, to existingManifest: Data?,
                                         replace: Bool = false, limits: SigningLimits = .default) throws -> CosignPush {
        let tag = try CosignManifest.tag(forImageDigest: imageDigest, kind: .attestations)
        _ = try DSSEEnvelope(parsing: envelope, limits: limits)
        var manifest = try existingManifest.map { try CosignManifest(parsing: $0, kind: .attestations, limits: limits) }
            ?? CosignManifest(kind: .attestations)
        let before = manifest.layers.count
        if replace { manifest.removeEntries(predicateType: predicateType) }
        let removed = manifest.layers.count != before
        let blob = OCIBlob(envelope, mediaType: DSSEEnvelope.mediaType)
        let added = manifest.append(.describing(envelope, mediaType: DSSEEnvelope.mediaType, annotations: [
            CosignManifest.signatureAnnotation: "",
            CosignManifest.predicateTypeAnnotation: predicateType,
        ]))
        guard manifest.layers.count <= limits.maxLayers else {
            throw SigningError(.tooLarge, "the attestation manifest would list \(manifest.layers.count) layers, over the limit of \(limits.maxLayers)")
        }
        return manifest.push(tag: tag, newBlobs: added ? [blob] : [], changed: added || removed)
    }

    private static func signatureVerifies(_ layer: OCIDescriptor, payload: Data, key: P256.Signing.PublicKey) -> Bool {
        guard let encoded = layer.annotations?[CosignManifest.signatureAnnotation],
              let der = StrictBase64.decode(encoded),
              let signature = try? P256.Signing.ECDSASignature(derRepresentation: der) else { return false }
        return key.isValidSignature(signature, for: payload)
    }
}
