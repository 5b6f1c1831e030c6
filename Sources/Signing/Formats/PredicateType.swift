/// An in-toto predicate type URI, and cosign's short names for the common ones
/// (`cosign attest --type slsaprovenance|slsaprovenance1|spdx|spdxjson|cyclonedx|link|vuln|openvex|custom|URI`).
public struct PredicateType: Hashable, Sendable, CustomStringConvertible {
    /// The URI written in `predicateType`.
    public let uri: String
    /// How cosign builds the predicate from the user's file.
    let encoding: Encoding

    enum Encoding: Hashable, Sendable {
        /// The file is JSON and becomes the predicate.
        case json
        /// The file's text becomes a JSON string (cosign `--type spdx`, tag-value SPDX).
        case text
        /// `{"Data": "<file text>", "Timestamp": "<RFC 3339 UTC>"}` (cosign `--type custom`).
        case cosignCustom
    }

    private init(_ uri: String, _ encoding: Encoding = .json) {
        self.uri = uri
        self.encoding = encoding
    }

    /// SLSA provenance v0.2 (cosign `slsaprovenance`, `slsaprovenance02`).
    public static let slsaProvenanceV02 = PredicateType("https://slsa.dev/provenance/v0.2")
    /// SLSA provenance v1 (cosign `slsaprovenance1`).
    public static let slsaProvenanceV1 = PredicateType("https://slsa.dev/provenance/v1")
    /// SPDX (cosign `spdx`: the document as text; `spdxjson`: as JSON — same URI).
    public static let spdx = PredicateType("https://spdx.dev/Document", .text)
    /// SPDX JSON (cosign `spdxjson`).
    public static let spdxJSON = PredicateType("https://spdx.dev/Document")
    /// CycloneDX (cosign `cyclonedx`).
    public static let cycloneDX = PredicateType("https://cyclonedx.org/bom")
    /// in-toto link (cosign `link`).
    public static let link = PredicateType("https://in-toto.io/Link/v1")
    /// cosign's vulnerability scan predicate (cosign `vuln`).
    public static let vuln = PredicateType("https://cosign.sigstore.dev/attestation/vuln/v1")
    /// OpenVEX (cosign `openvex`).
    public static let openVEX = PredicateType("https://openvex.dev/ns")
    /// cosign's generic predicate (cosign `custom`, its default): `{"Data": text, "Timestamp": RFC 3339}`.
    public static let cosignCustom = PredicateType("https://cosign.sigstore.dev/attestation/v1", .cosignCustom)
    /// The predicate of cosign 3's image signatures in a Sigstore bundle (an empty object).
    public static let cosignSign = PredicateType("https://sigstore.dev/cosign/sign/v1")

    /// A cosign short name (`slsaprovenance`, `cyclonedx`, …, `custom`) or any predicate type URI.
    /// An unknown URI's predicate must be a JSON object, as in cosign.
    /// - Throws: ``SigningError/Code-swift.struct/invalidArgument`` for a name that is neither.
    public init(cosignName name: String) throws {
        switch name {
        case "slsaprovenance", "slsaprovenance02": self = .slsaProvenanceV02
        case "slsaprovenance1": self = .slsaProvenanceV1
        case "spdx": self = .spdx
        case "spdxjson": self = .spdxJSON
        case "cyclonedx": self = .cycloneDX
        case "link": self = .link
        case "vuln": self = .vuln
        case "openvex": self = .openVEX
        case "custom", "": self = .cosignCustom
        default:
            guard name.contains("://") || name.hasPrefix("urn:"), !name.contains(where: \.isWhitespace), name.utf8.count <= 1024 else {
                throw SigningError(.invalidArgument, "predicate type '\(name.prefix(80))' is neither a cosign type name (slsaprovenance, slsaprovenance1, spdx, spdxjson, cyclonedx, link, vuln, openvex, custom) nor a URI")
            }
            self = name == Self.cosignCustom.uri ? .cosignCustom : PredicateType(name)
        }
    }

    /// A predicate type URI, for comparison (its predicate is JSON).
    public init(uri: String) {
        self = uri == Self.cosignCustom.uri ? .cosignCustom : PredicateType(uri)
    }

    /// Predicate types compare by URI (`spdx` and `spdxjson` are the same type).
    public static func == (a: PredicateType, b: PredicateType) -> Bool { a.uri == b.uri }
    public func hash(into hasher: inout Hasher) { hasher.combine(uri) }

    public var description: String { uri }
}
