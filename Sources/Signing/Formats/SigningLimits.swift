/// Size and count bounds applied to everything fetched from a registry before it is parsed.
/// The defaults are far above what cosign writes and far below what would hurt.
public struct SigningLimits: Sendable, Hashable {
    /// The largest `.sig` / `.att` / referrer manifest or referrers index read (default 4 MiB).
    public var maxManifestBytes: Int
    /// The most layers (signatures, attestations) a manifest may list, or manifests an index may list (default 1000).
    public var maxLayers: Int
    /// The largest simple-signing payload (default 1 MiB).
    public var maxPayloadBytes: Int
    /// The largest DSSE envelope or Sigstore bundle; these carry whole SBOMs (default 64 MiB).
    public var maxEnvelopeBytes: Int
    /// The most signatures one DSSE envelope may carry (default 16).
    public var maxEnvelopeSignatures: Int
    /// How deeply JSON may nest (default 128).
    public var maxJSONDepth: Int

    /// - Parameters: see the properties.
    public init(maxManifestBytes: Int = 4 << 20, maxLayers: Int = 1000, maxPayloadBytes: Int = 1 << 20,
                maxEnvelopeBytes: Int = 64 << 20, maxEnvelopeSignatures: Int = 16, maxJSONDepth: Int = 128) {
        self.maxManifestBytes = maxManifestBytes
        self.maxLayers = maxLayers
        self.maxPayloadBytes = maxPayloadBytes
        self.maxEnvelopeBytes = maxEnvelopeBytes
        self.maxEnvelopeSignatures = maxEnvelopeSignatures
        self.maxJSONDepth = maxJSONDepth
    }

    /// The defaults.
    public static let `default` = SigningLimits()

    /// The signature annotation of one ECDSA P-256 signature is under 100 characters; allow slack.
    static let maxSignatureAnnotationBytes = 4096
}
