public import Crypto
public import Foundation

/// A Sigstore bundle (v0.3, and the older `…bundle+json;version=0.x` media types when read): the
/// signature (a message signature or a DSSE envelope) with its verification material. Palisade checks
/// key-based bundles only; transparency-log entries and timestamps are read as counts, not verified.
public struct SigstoreBundle: Sendable {
    /// The media type (and referrer `artifactType`) of a v0.3 bundle.
    public static let mediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json"
    /// Every bundle media type read.
    public static let acceptedMediaTypes: Set<String> = [
        mediaTypeV03,
        "application/vnd.dev.sigstore.bundle+json;version=0.3",
        "application/vnd.dev.sigstore.bundle+json;version=0.2",
        "application/vnd.dev.sigstore.bundle+json;version=0.1",
    ]

    /// A signature over an artifact's digest.
    public struct MessageSignature: Sendable, Hashable {
        /// `messageDigest.algorithm` (`SHA2_256`), nil when the bundle has no `messageDigest`.
        public var digestAlgorithm: String?
        /// `messageDigest.digest`, the raw digest bytes.
        public var digest: Data?
        /// The ASN.1 DER ECDSA signature over the artifact (its SHA-256).
        public var signature: Data

        /// - Parameters: see the properties.
        public init(digestAlgorithm: String?, digest: Data?, signature: Data) {
            self.digestAlgorithm = digestAlgorithm
            self.digest = digest
            self.signature = signature
        }
    }

    /// What is signed.
    public enum Content: Sendable {
        /// A signature over the artifact's digest (`dev.sigstore.bundle.content: message-signature`).
        case messageSignature(MessageSignature)
        /// A DSSE envelope over an in-toto statement (`dev.sigstore.bundle.content: dsse-envelope`).
        case dsseEnvelope(DSSEEnvelope)

        /// The `dev.sigstore.bundle.content` annotation value.
        public var annotationValue: String {
            switch self {
            case .messageSignature: "message-signature"
            case .dsseEnvelope: "dsse-envelope"
            }
        }
    }

    /// The bundle's media type.
    public var mediaType: String
    /// `verificationMaterial.publicKey.hint` (key-based bundles).
    public var publicKeyHint: String?
    /// Whether the verification material is a certificate or chain (keyless) rather than a public key.
    public var hasCertificate: Bool
    /// How many transparency-log entries the bundle carries (not verified).
    public var tlogEntryCount: Int
    /// The signature.
    public var content: Content

    /// - Parameters: see the properties.
    public init(mediaType: String = SigstoreBundle.mediaTypeV03, publicKeyHint: String?, hasCertificate: Bool = false,
                tlogEntryCount: Int = 0, content: Content) {
        self.mediaType = mediaType
        self.publicKeyHint = publicKeyHint
        self.hasCertificate = hasCertificate
        self.tlogEntryCount = tlogEntryCount
        self.content = content
    }

    /// Reads a bundle (protobuf JSON).
    /// - Parameters:
    ///   - data: the bundle bytes.
    ///   - limits: ``SigningLimits/maxEnvelopeBytes`` applies.
    /// - Throws: ``SigningError/Code-swift.struct/tooLarge`` or ``SigningError/Code-swift.struct/malformedDocument``.
    public init(parsing data: Data, limits: SigningLimits = .default) throws {
        switch Self.read(data, limits: limits) {
        case .success(let bundle): self = bundle
        case .failure(let failure): throw failure.error
        }
    }

    struct ReadFailure: Error {
        var error: SigningError
        var reason: VerificationReason
    }

    static func read(_ data: Data, limits: SigningLimits) -> Result<SigstoreBundle, ReadFailure> {
        func bad(_ problem: String, _ reason: VerificationReason = .malformedPayload) -> Result<SigstoreBundle, ReadFailure> {
            .failure(ReadFailure(error: SigningError(.malformedDocument, "Sigstore bundle: \(problem)"), reason: reason))
        }
        guard data.count <= limits.maxEnvelopeBytes else {
            return .failure(ReadFailure(error: SigningError(.tooLarge, "Sigstore bundle of \(data.count) bytes is over the \(limits.maxEnvelopeBytes)-byte limit"),
                                        reason: .tooLarge))
        }
        let json: JSONValue
        do { json = try JSONValue(parsing: data, maxDepth: limits.maxJSONDepth) } catch { return bad("\(error)") }
        guard let mediaType = json["mediaType"]?.stringValue, acceptedMediaTypes.contains(mediaType) else {
            return bad("media type '\(json["mediaType"]?.stringValue?.prefix(80) ?? "")' is not a Sigstore bundle")
        }
        guard let material = json["verificationMaterial"]?.objectValue else { return bad("no 'verificationMaterial'") }
        let hint = material["publicKey"]?["hint"]?.stringValue
        let hasCertificate = material["certificate"] != nil || material["x509CertificateChain"] != nil
        guard material["publicKey"] != nil || hasCertificate else {
            return bad("the verification material is neither a public key nor a certificate")
        }
        let tlogEntries = material["tlogEntries"]?.arrayValue?.count ?? 0
        let content: Content
        switch (json["messageSignature"], json["dsseEnvelope"]) {
        case (let message?, nil):
            guard let encoded = message["signature"]?.stringValue else { return bad("'messageSignature.signature' is not a string", .malformedSignature) }
            guard let signature = StrictBase64.decode(encoded), !signature.isEmpty else {
                return bad("'messageSignature.signature' is not valid base64", .malformedSignature)
            }
            var algorithm: String?
            var digest: Data?
            if let messageDigest = message["messageDigest"] {
                guard let name = messageDigest["algorithm"]?.stringValue, let value = messageDigest["digest"]?.stringValue,
                      let bytes = StrictBase64.decode(value) else {
                    return bad("'messageSignature.messageDigest' needs an algorithm and a base64 digest")
                }
                algorithm = name
                digest = bytes
            }
            content = .messageSignature(MessageSignature(digestAlgorithm: algorithm, digest: digest, signature: signature))
        case (nil, let envelope?):
            do {
                content = .dsseEnvelope(try DSSEEnvelope.read(json: envelope, limits: limits))
            } catch {
                return .failure(ReadFailure(error: SigningError(.malformedDocument, "Sigstore bundle: \(error.error.message)"), reason: error.reason))
            }
        default:
            return bad("needs exactly one of 'messageSignature' and 'dsseEnvelope'")
        }
        return .success(SigstoreBundle(mediaType: mediaType, publicKeyHint: hint, hasCertificate: hasCertificate,
                                       tlogEntryCount: tlogEntries, content: content))
    }

    /// The bundle as protobuf JSON (empty fields left out), key-based: `verificationMaterial.publicKey.hint`.
    public func encoded() -> Data {
        var material: [(String, JSONOut)] = []
        if let publicKeyHint { material.append(("publicKey", .fields([("hint", .string(publicKeyHint))]))) }
        var fields: [(String, JSONOut)] = [("mediaType", .string(mediaType)), ("verificationMaterial", .fields(material))]
        switch content {
        case .messageSignature(let message):
            var signature: [(String, JSONOut)] = []
            if let algorithm = message.digestAlgorithm, let digest = message.digest {
                signature.append(("messageDigest", .fields([("algorithm", .string(algorithm)), ("digest", .string(digest.base64EncodedString()))])))
            }
            signature.append(("signature", .string(message.signature.base64EncodedString())))
            fields.append(("messageSignature", .fields(signature)))
        case .dsseEnvelope(let envelope):
            fields.append(("dsseEnvelope", envelope.jsonOut(omitEmptyKeyID: true)))
        }
        return JSONEncoding.encode(.fields(fields))
    }

    // MARK: - Creating key-based bundles

    /// cosign 3's image signature: a DSSE envelope over an in-toto v1 statement whose subject is the image
    /// digest (annotations from `-a k=v`), predicate type ``PredicateType/cosignSign`` and predicate `{}`.
    /// - Parameters:
    ///   - imageDigest: `sha256:<hex>` of the image manifest.
    ///   - annotations: `-a key=value` pairs for the subject.
    ///   - key: the signing key.
    public static func signingImage(imageDigest: String, annotations: [String: String] = [:],
                                    key: P256.Signing.PrivateKey) throws -> SigstoreBundle {
        let digest = try SHA256Hex.require(imageDigest, what: "image digest")
        let statement = InTotoStatement(
            type: InTotoStatement.typeV1,
            subjects: [.init(name: "", digest: ["sha256": SHA256Hex.hexPart(digest)],
                             annotations: annotations.isEmpty ? nil : annotations.mapValues { .string($0) })],
            predicateType: PredicateType.cosignSign.uri, predicate: .object([:]))
        return try attesting(statement: statement, key: key)
    }

    /// A key-based bundle around a DSSE envelope of `statement` (cosign 3's `attest`).
    /// - Parameters:
    ///   - statement: the statement (``InTotoStatement/cosign(predicateType:predicate:subjectName:imageDigest:timestamp:limits:)``).
    ///   - key: the signing key.
    public static func attesting(statement: InTotoStatement, key: P256.Signing.PrivateKey) throws -> SigstoreBundle {
        let envelope = try DSSEEnvelope.sign(payload: statement.encoded(), key: key)
        return SigstoreBundle(publicKeyHint: VerificationKey(key.publicKey, name: "").sigstoreHint, content: .dsseEnvelope(envelope))
    }

    /// A key-based message-signature bundle over an artifact known by its digest (the signature is over the
    /// artifact's SHA-256, so the artifact bytes are not needed).
    /// - Parameters:
    ///   - artifactDigest: `sha256:<hex>` of the artifact (e.g. the image manifest).
    ///   - key: the signing key.
    public static func signingDigest(_ artifactDigest: String, key: P256.Signing.PrivateKey) throws -> SigstoreBundle {
        let digest = try SHA256Hex.require(artifactDigest, what: "artifact digest")
        let raw = SHA256Hex.rawBytes(digest)
        let signature = try key.signature(for: PrehashedSHA256(raw)!).derRepresentation
        return SigstoreBundle(publicKeyHint: VerificationKey(key.publicKey, name: "").sigstoreHint,
                              content: .messageSignature(MessageSignature(digestAlgorithm: "SHA2_256", digest: Data(raw), signature: signature)))
    }
}
