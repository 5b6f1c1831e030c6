public import Foundation

/// Sigstore bundles attached to an image as OCI 1.1 referrers: found through the referrers API
/// (`GET /v2/<name>/referrers/<digest>`) or, on registries without it, the fallback index tag `sha256-<hex>`.
public enum SigstoreReferrers {
    /// The OCI image index media type (referrers responses and the fallback tag).
    public static let indexMediaType = "application/vnd.oci.image.index.v1+json"
    /// The media type of the empty config.
    public static let emptyConfigMediaType = "application/vnd.oci.empty.v1+json"
    /// The empty config blob, `{}`.
    public static let emptyConfig = Data("{}".utf8)
    /// Referrer annotation: `message-signature` or `dsse-envelope`.
    public static let contentAnnotation = "dev.sigstore.bundle.content"
    /// Referrer annotation: the statement's predicate type.
    public static let predicateTypeAnnotation = "dev.sigstore.bundle.predicateType"
    /// Referrer annotation: creation time (RFC 3339).
    public static let createdAnnotation = "org.opencontainers.image.created"

    /// The fallback tag of the referrers index: `sha256-<hex>`.
    /// - Parameter imageDigest: `sha256:<hex>` of the image manifest.
    public static func fallbackTag(forImageDigest imageDigest: String) throws -> String {
        "sha256-" + SHA256Hex.hexPart(try SHA256Hex.require(imageDigest, what: "image digest"))
    }

    /// The referrers whose `artifactType` is a Sigstore bundle; with `predicateType`, those annotated with
    /// another predicate type are dropped (those without the annotation are kept: cosign's fallback-tag
    /// write loses annotations).
    /// - Parameters:
    ///   - referrersIndex: a referrers API response or the index under the fallback tag.
    ///   - predicateType: the predicate type wanted (nil: all).
    ///   - limits: ``SigningLimits/maxManifestBytes`` and ``SigningLimits/maxLayers`` apply.
    public static func bundleCandidates(referrersIndex: Data, predicateType: String? = nil,
                                        limits: SigningLimits = .default) throws -> [OCIDescriptor] {
        try readIndex(referrersIndex, limits: limits).filter { descriptor in
            guard let type = descriptor.artifactType, SigstoreBundle.acceptedMediaTypes.contains(type) else { return false }
            guard let predicateType, let annotated = descriptor.annotations?[predicateTypeAnnotation] else { return true }
            return annotated == predicateType
        }
    }

    /// The bundle layer of a referrer manifest, after checking that it is a bundle referrer of `subjectDigest`.
    /// - Parameters:
    ///   - referrerManifest: the manifest as fetched by digest.
    ///   - subjectDigest: `sha256:<hex>` of the image it must refer to.
    ///   - limits: bounds.
    /// - Returns: the descriptor of the bundle blob to fetch.
    public static func bundleLayer(referrerManifest: Data, subjectDigest: String, limits: SigningLimits = .default) throws -> OCIDescriptor {
        func bad(_ problem: String) -> SigningError { SigningError(.malformedDocument, "referrer manifest: \(problem)") }
        guard referrerManifest.count <= limits.maxManifestBytes else {
            throw SigningError(.tooLarge, "referrer manifest of \(referrerManifest.count) bytes is over the \(limits.maxManifestBytes)-byte limit")
        }
        let json = try JSONValue(parsing: referrerManifest, maxDepth: limits.maxJSONDepth)
        guard json["schemaVersion"] == .int(2) else { throw bad("schemaVersion is not 2") }
        if let type = json["mediaType"]?.stringValue, type != CosignManifest.mediaType { throw bad("not an OCI image manifest") }
        let artifactType = json["artifactType"]?.stringValue ?? json["config"]?["mediaType"]?.stringValue ?? ""
        guard SigstoreBundle.acceptedMediaTypes.contains(artifactType) else {
            throw bad("artifact type '\(artifactType.prefix(80))' is not a Sigstore bundle")
        }
        guard let subject = json["subject"] else { throw bad("no subject") }
        let subjectDescriptor = try OCIDescriptor(json: subject, what: "referrer subject")
        guard subjectDescriptor.digest == subjectDigest else {
            throw bad("refers to \(subjectDescriptor.digest), not \(subjectDigest)")
        }
        guard let layers = json["layers"]?.arrayValue, layers.count == 1 else { throw bad("does not have exactly one layer") }
        let layer = try OCIDescriptor(json: layers[0], what: "referrer layer")
        guard SigstoreBundle.acceptedMediaTypes.contains(layer.mediaType) else { throw bad("the layer is not a Sigstore bundle") }
        guard layer.size <= limits.maxEnvelopeBytes else {
            throw SigningError(.tooLarge, "bundle of \(layer.size) bytes is over the \(limits.maxEnvelopeBytes)-byte limit")
        }
        return layer
    }

    /// The referrer manifest cosign writes for a bundle: empty config, one bundle layer, `subject` the image,
    /// `artifactType` the bundle media type, and the bundle annotations. Put it by digest (``CosignPush/tag`` is nil);
    /// when the registry has no referrers API, also put ``addingToFallbackIndex(_:existingIndex:limits:)`` under
    /// ``fallbackTag(forImageDigest:)``.
    /// - Parameters:
    ///   - bundle: the bundle (``SigstoreBundle/encoded()``).
    ///   - subject: the image manifest's descriptor (media type, digest, size, as the registry reports them).
    ///   - content: ``SigstoreBundle/Content/annotationValue``.
    ///   - predicateType: the statement's predicate type, for DSSE bundles.
    ///   - created: the creation time annotation (inject for reproducible output).
    public static func referrer(bundle: Data, subject: OCIDescriptor, content: String, predicateType: String?,
                                created: Date = Date()) -> CosignPush {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var annotations = [createdAnnotation: formatter.string(from: created), contentAnnotation: content]
        if let predicateType { annotations[predicateTypeAnnotation] = predicateType }
        let config = OCIBlob(emptyConfig, mediaType: emptyConfigMediaType)
        let layer = OCIBlob(bundle, mediaType: SigstoreBundle.mediaTypeV03)
        var configDescriptor = OCIDescriptor.describing(config.data, mediaType: emptyConfigMediaType)
        configDescriptor.artifactType = SigstoreBundle.mediaTypeV03
        let plainSubject = OCIDescriptor(mediaType: subject.mediaType, digest: subject.digest, size: subject.size)
        let manifest = JSONEncoding.encode(.fields([
            ("schemaVersion", .int(2)),
            ("mediaType", .string(CosignManifest.mediaType)),
            ("config", configDescriptor.jsonOut),
            ("layers", .list([OCIDescriptor.describing(bundle, mediaType: SigstoreBundle.mediaTypeV03).jsonOut])),
            ("annotations", .strings(annotations)),
            ("subject", plainSubject.jsonOut),
            ("artifactType", .string(SigstoreBundle.mediaTypeV03)),
        ]))
        return CosignPush(tag: nil, manifest: manifest, manifestMediaType: CosignManifest.mediaType,
                          blobs: [config, layer], changed: true)
    }

    /// The index descriptor of a referrer manifest: digest, size, `artifactType` and annotations.
    /// - Parameter referrerManifest: the manifest bytes.
    public static func indexDescriptor(forReferrerManifest referrerManifest: Data, limits: SigningLimits = .default) throws -> OCIDescriptor {
        let json = try JSONValue(parsing: referrerManifest, maxDepth: limits.maxJSONDepth)
        var descriptor = OCIDescriptor.describing(referrerManifest, mediaType: CosignManifest.mediaType,
                                                  annotations: json["annotations"]?.objectValue?.compactMapValues(\.stringValue))
        descriptor.artifactType = json["artifactType"]?.stringValue ?? json["config"]?["mediaType"]?.stringValue
        return descriptor
    }

    /// The fallback referrers index with `descriptor` added (unless a descriptor with its digest is there).
    /// - Parameters:
    ///   - descriptor: ``indexDescriptor(forReferrerManifest:limits:)``.
    ///   - existingIndex: the index under the fallback tag, nil on 404.
    ///   - limits: bounds on the existing index.
    /// - Returns: the index to put under ``fallbackTag(forImageDigest:)`` with media type ``indexMediaType``.
    public static func addingToFallbackIndex(_ descriptor: OCIDescriptor, existingIndex: Data?,
                                             limits: SigningLimits = .default) throws -> Data {
        var manifests = try existingIndex.map { try readIndex($0, limits: limits) } ?? []
        if !manifests.contains(where: { $0.digest == descriptor.digest }) { manifests.append(descriptor) }
        guard manifests.count <= limits.maxLayers else {
            throw SigningError(.tooLarge, "the referrers index would list \(manifests.count) manifests, over the limit of \(limits.maxLayers)")
        }
        return JSONEncoding.encode(.fields([
            ("schemaVersion", .int(2)),
            ("mediaType", .string(indexMediaType)),
            ("manifests", .list(manifests.map(\.jsonOut))),
        ]))
    }

    static func readIndex(_ data: Data, limits: SigningLimits) throws -> [OCIDescriptor] {
        guard data.count <= limits.maxManifestBytes else {
            throw SigningError(.tooLarge, "referrers index of \(data.count) bytes is over the \(limits.maxManifestBytes)-byte limit")
        }
        let json = try JSONValue(parsing: data, maxDepth: limits.maxJSONDepth)
        guard json["schemaVersion"] == .int(2) else { throw SigningError(.malformedDocument, "referrers index: schemaVersion is not 2") }
        if let type = json["mediaType"]?.stringValue, type != indexMediaType {
            throw SigningError(.malformedDocument, "referrers index: media type '\(type.prefix(80))' is not an OCI image index")
        }
        guard let manifests = json["manifests"]?.arrayValue else { throw SigningError(.malformedDocument, "referrers index: no 'manifests' array") }
        guard manifests.count <= limits.maxLayers else {
            throw SigningError(.tooLarge, "referrers index lists \(manifests.count) manifests, over the limit of \(limits.maxLayers)")
        }
        return try manifests.enumerated().map { try OCIDescriptor(json: $0.element, what: "referrers index entry \($0.offset)") }
    }
}
