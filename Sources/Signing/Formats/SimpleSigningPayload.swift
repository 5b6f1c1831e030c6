public import Foundation

/// cosign's "simple signing" payload, the bytes a `.sig` layer signs:
/// `{"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},"type":"cosign container image signature"},"optional":A}`.
public struct SimpleSigningPayload: Sendable, Hashable {
    /// The `critical.type` every cosign payload carries.
    public static let signatureType = "cosign container image signature"
    /// The media type of a `.sig` layer holding a payload.
    public static let mediaType = "application/vnd.dev.cosign.simplesigning.v1+json"

    /// `critical.identity.docker-reference`: the repository the signer meant, `REGISTRY/REPO`
    /// (cosign writes the reference's repository name, e.g. `index.docker.io/library/nginx`).
    public var dockerReference: String
    /// `critical.image.docker-manifest-digest`: `sha256:<hex>` of the signed manifest.
    public var manifestDigest: String
    /// `optional`: the signer's annotations (`cosign sign -a k=v`), or nil for JSON `null`.
    public var optional: [String: JSONValue]?

    /// A payload to sign.
    /// - Parameters:
    ///   - dockerReference: `REGISTRY/REPO` of the signed image.
    ///   - manifestDigest: `sha256:<64 hex>` of its manifest.
    ///   - annotations: `-a key=value` pairs; nil or empty writes `"optional":null` as cosign does.
    /// - Throws: ``SigningError/Code-swift.struct/invalidArgument`` for a malformed digest or empty reference.
    public init(dockerReference: String, manifestDigest: String, annotations: [String: String]? = nil) throws {
        guard !dockerReference.isEmpty else { throw SigningError(.invalidArgument, "the docker reference is empty") }
        self.dockerReference = dockerReference
        self.manifestDigest = try SHA256Hex.require(manifestDigest, what: "manifest digest")
        if let annotations, !annotations.isEmpty {
            optional = annotations.mapValues { .string($0) }
        } else {
            optional = nil
        }
    }

    /// Reads a payload strictly: `critical.type` must be cosign's, the digest `sha256:<64 lowercase hex>`,
    /// `docker-reference` a string, `optional` null, absent or an object. Unknown members are ignored (as cosign does).
    /// - Parameters:
    ///   - data: the layer blob.
    ///   - limits: ``SigningLimits/maxPayloadBytes`` applies.
    /// - Throws: ``SigningError/Code-swift.struct/tooLarge`` or ``SigningError/Code-swift.struct/malformedDocument``.
    public init(parsing data: Data, limits: SigningLimits = .default) throws {
        guard data.count <= limits.maxPayloadBytes else {
            throw SigningError(.tooLarge, "simple-signing payload of \(data.count) bytes is over the \(limits.maxPayloadBytes)-byte limit")
        }
        let json = try JSONValue(parsing: data, maxDepth: limits.maxJSONDepth)
        func bad(_ what: String) -> SigningError { SigningError(.malformedDocument, "simple-signing payload: \(what)") }
        guard let critical = json["critical"]?.objectValue else { throw bad("no 'critical' object") }
        guard let type = critical["type"]?.stringValue else { throw bad("'critical.type' is not a string") }
        guard type == Self.signatureType else {
            throw bad("unknown type '\(type.prefix(80))' (expected '\(Self.signatureType)')")
        }
        guard let digest = critical["image"]?["docker-manifest-digest"]?.stringValue else {
            throw bad("'critical.image.docker-manifest-digest' is not a string")
        }
        guard SHA256Hex.isValid(digest) else {
            throw bad("'docker-manifest-digest' '\(digest.prefix(80))' is not sha256:<64 lowercase hex>")
        }
        guard let reference = critical["identity"]?["docker-reference"]?.stringValue else {
            throw bad("'critical.identity.docker-reference' is not a string")
        }
        switch json["optional"] {
        case nil, .null?: optional = nil
        case .object(let members)?: optional = members
        default: throw bad("'optional' is neither null nor an object")
        }
        dockerReference = reference
        manifestDigest = digest
    }

    /// The string-valued annotations in `optional`.
    public var annotations: [String: String] {
        optional?.compactMapValues(\.stringValue) ?? [:]
    }

    /// The bytes to sign: compact JSON exactly as cosign (Go `encoding/json`) writes it.
    public func encoded() -> Data {
        JSONEncoding.encode(.fields([
            ("critical", .fields([
                ("identity", .fields([("docker-reference", .string(dockerReference))])),
                ("image", .fields([("docker-manifest-digest", .string(manifestDigest))])),
                ("type", .string(Self.signatureType)),
            ])),
            ("optional", optional.map { .value(.object($0)) } ?? .null),
        ]))
    }

    /// Whether every required annotation is present in `optional` as that exact string.
    func hasAnnotations(_ required: [String: String]) -> Bool {
        required.allSatisfy { optional?[$0.key] == .string($0.value) }
    }
}
