public import Foundation

/// The OCI image manifest cosign stores beside an image under the tag `sha256-<hex>.sig` (signatures)
/// or `sha256-<hex>.att` (attestations): one layer per signature, appended, never replaced.
/// Layers of other media types and annotations Palisade does not use (certificates, bundles) are kept.
public struct CosignManifest: Sendable {
    /// Signatures or attestations: the tag suffix and the media type of the entries.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The media type of an entry layer.
        public let layerMediaType: String
        /// `.sig` or `.att`.
        public let tagSuffix: String

        /// `.sig`: simple-signing payload layers, signature in the layer annotation.
        public static let signatures = Kind(layerMediaType: SimpleSigningPayload.mediaType, tagSuffix: ".sig")
        /// `.att`: DSSE envelope layers (the signature is inside the envelope).
        public static let attestations = Kind(layerMediaType: DSSEEnvelope.mediaType, tagSuffix: ".att")

        public var description: String { tagSuffix == ".sig" ? "signature" : "attestation" }
    }

    /// The OCI image manifest media type cosign writes.
    public static let mediaType = "application/vnd.oci.image.manifest.v1+json"
    /// The config media type cosign writes.
    public static let configMediaType = "application/vnd.oci.image.config.v1+json"
    /// The layer annotation holding base64 of the DER signature (`""` on attestation layers).
    public static let signatureAnnotation = "dev.cosignproject.cosign/signature"
    /// Keyless layers carry these; read and kept, not verified.
    public static let certificateAnnotation = "dev.sigstore.cosign/certificate"
    /// See ``certificateAnnotation``.
    public static let chainAnnotation = "dev.sigstore.cosign/chain"
    /// See ``certificateAnnotation``.
    public static let bundleAnnotation = "dev.sigstore.cosign/bundle"
    /// The layer annotation naming an attestation's predicate type (unsigned; a hint only).
    public static let predicateTypeAnnotation = "predicateType"

    static let acceptedManifestTypes: Set<String> = [mediaType, "application/vnd.docker.distribution.manifest.v2+json"]

    /// What the manifest holds.
    public let kind: Kind
    /// Every layer, in order.
    public private(set) var layers: [OCIDescriptor]
    /// Manifest-level annotations (kept).
    public var annotations: [String: String]?

    /// An empty manifest, for the first signature on an image.
    public init(kind: Kind) {
        self.kind = kind
        layers = []
    }

    /// Reads an existing `.sig` / `.att` manifest.
    /// - Parameters:
    ///   - data: the manifest as fetched.
    ///   - kind: signatures or attestations.
    ///   - limits: ``SigningLimits/maxManifestBytes`` and ``SigningLimits/maxLayers`` apply.
    /// - Throws: ``SigningError/Code-swift.struct/tooLarge`` or ``SigningError/Code-swift.struct/malformedDocument``.
    public init(parsing data: Data, kind: Kind, limits: SigningLimits = .default) throws {
        let what = "\(kind) manifest"
        guard data.count <= limits.maxManifestBytes else {
            throw SigningError(.tooLarge, "\(what) of \(data.count) bytes is over the \(limits.maxManifestBytes)-byte limit")
        }
        let json = try JSONValue(parsing: data, maxDepth: limits.maxJSONDepth)
        guard json["schemaVersion"] == .int(2) else { throw SigningError(.malformedDocument, "\(what): schemaVersion is not 2") }
        if let mediaType = json["mediaType"], !mediaType.isNull {
            guard let type = mediaType.stringValue, Self.acceptedManifestTypes.contains(type) else {
                throw SigningError(.malformedDocument, "\(what): media type '\(mediaType.stringValue?.prefix(80) ?? "?")' is not an image manifest")
            }
        }
        guard let layers = json["layers"]?.arrayValue else { throw SigningError(.malformedDocument, "\(what): no 'layers' array") }
        guard layers.count <= limits.maxLayers else {
            throw SigningError(.tooLarge, "\(what) lists \(layers.count) layers, over the limit of \(limits.maxLayers)")
        }
        self.kind = kind
        self.layers = try layers.enumerated().map { try OCIDescriptor(json: $0.element, what: "\(what) layer \($0.offset)") }
        switch json["annotations"] {
        case .object(let map)?: annotations = map.compactMapValues(\.stringValue)
        default: annotations = nil
        }
    }

    /// The tag cosign stores this kind under: `sha256-<hex>.sig` or `sha256-<hex>.att`.
    /// - Parameters:
    ///   - imageDigest: `sha256:<hex>` of the image manifest.
    ///   - kind: signatures or attestations.
    public static func tag(forImageDigest imageDigest: String, kind: Kind) throws -> String {
        let digest = try SHA256Hex.require(imageDigest, what: "image digest")
        return "sha256-" + SHA256Hex.hexPart(digest) + kind.tagSuffix
    }

    /// The layers that are entries of this kind (simple-signing payloads or DSSE envelopes).
    public var entries: [(index: Int, descriptor: OCIDescriptor)] {
        layers.enumerated().filter { $0.element.mediaType == kind.layerMediaType }.map { ($0.offset, $0.element) }
    }

    /// Appends a layer unless an identical one (same digest and signature annotation) is there.
    /// - Returns: whether the layer was added.
    @discardableResult
    public mutating func append(_ layer: OCIDescriptor) -> Bool {
        let signature = layer.annotations?[Self.signatureAnnotation]
        if layers.contains(where: { $0.digest == layer.digest && $0.annotations?[Self.signatureAnnotation] == signature }) {
            return false
        }
        layers.append(layer)
        return true
    }

    /// Drops the entries whose `predicateType` annotation is `predicateType` (`cosign attest --replace`).
    public mutating func removeEntries(predicateType: String) {
        layers.removeAll { $0.mediaType == kind.layerMediaType && $0.annotations?[Self.predicateTypeAnnotation] == predicateType }
    }

    /// The config blob: go-containerregistry's empty image config with one `rootfs.diff_ids` entry and one
    /// empty history entry per layer, as cosign writes it.
    public func configBlob() -> Data {
        let zeroTime = JSONOut.string("0001-01-01T00:00:00Z")
        return JSONEncoding.encode(.fields([
            ("architecture", .string("")),
            ("created", zeroTime),
            ("history", .list(layers.map { _ in .fields([("created", zeroTime)]) })),
            ("os", .string("")),
            ("rootfs", .fields([("type", .string("layers")), ("diff_ids", .list(layers.map { .string($0.digest) }))])),
            ("config", .fields([])),
        ]))
    }

    /// The manifest bytes referencing `config` (compact, go-containerregistry member order).
    /// - Parameter config: the config descriptor (``configBlob()``'s).
    public func encoded(config: OCIDescriptor) -> Data {
        var fields: [(String, JSONOut)] = [
            ("schemaVersion", .int(2)),
            ("mediaType", .string(Self.mediaType)),
            ("config", config.jsonOut),
            ("layers", .list(layers.map(\.jsonOut))),
        ]
        if let annotations, !annotations.isEmpty { fields.append(("annotations", .strings(annotations))) }
        return JSONEncoding.encode(.fields(fields))
    }

    /// What to push for this manifest under `tag`: the config blob, the given new blobs, and the manifest.
    /// - Parameters:
    ///   - tag: ``tag(forImageDigest:kind:)``.
    ///   - newBlobs: layer blobs not yet in the registry.
    ///   - changed: whether anything was added.
    func push(tag: String, newBlobs: [OCIBlob], changed: Bool) -> CosignPush {
        let config = OCIBlob(configBlob(), mediaType: Self.configMediaType)
        let manifest = encoded(config: .describing(config.data, mediaType: Self.configMediaType))
        return CosignPush(tag: tag, manifest: manifest, manifestMediaType: Self.mediaType,
                          blobs: newBlobs + [config], changed: changed)
    }
}

/// What to upload for a signature, attestation or referrer: blobs first, then the manifest.
public struct CosignPush: Sendable {
    /// The tag to put the manifest under (`sha256-<hex>.sig` / `.att`), or nil to put it by digest (referrers).
    public var tag: String?
    /// The manifest bytes, to PUT exactly as they are.
    public var manifest: Data
    /// The manifest's `Content-Type`.
    public var manifestMediaType: String
    /// `sha256:<hex>` of ``manifest``.
    public var manifestDigest: String
    /// Blobs the manifest references that may not be in the repository yet (HEAD, then upload the missing).
    public var blobs: [OCIBlob]
    /// False when an identical entry was already there: nothing needs pushing.
    public var changed: Bool

    /// - Parameters: see the properties.
    public init(tag: String?, manifest: Data, manifestMediaType: String, blobs: [OCIBlob], changed: Bool) {
        self.tag = tag
        self.manifest = manifest
        self.manifestMediaType = manifestMediaType
        manifestDigest = SHA256Hex.digest(of: manifest)
        self.blobs = blobs
        self.changed = changed
    }
}
