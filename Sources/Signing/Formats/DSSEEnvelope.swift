public import Crypto
public import Foundation

/// A DSSE envelope (Dead Simple Signing Envelope), as cosign writes attestations:
/// `{"payloadType":"application/vnd.in-toto+json","payload":B64,"signatures":[{"keyid":"","sig":B64}]}`.
/// Signatures are over PAE(payloadType, payload), never over the payload alone.
public struct DSSEEnvelope: Sendable, Hashable {
    /// The media type of an `.att` layer holding an envelope.
    public static let mediaType = "application/vnd.dsse.envelope.v1+json"
    /// The payload type of an in-toto statement.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    /// One signature in an envelope.
    public struct Signature: Sendable, Hashable {
        /// The optional key id (cosign writes `""`).
        public var keyID: String
        /// The raw signature bytes (ASN.1 DER ECDSA for cosign keys).
        public var signature: Data

        /// - Parameters: see the properties.
        public init(keyID: String = "", signature: Data) {
            self.keyID = keyID
            self.signature = signature
        }
    }

    /// What the payload is (``inTotoPayloadType`` for attestations).
    public var payloadType: String
    /// The payload bytes (base64-decoded).
    public var payload: Data
    /// The signatures.
    public var signatures: [Signature]

    /// - Parameters: see the properties.
    public init(payloadType: String, payload: Data, signatures: [Signature]) {
        self.payloadType = payloadType
        self.payload = payload
        self.signatures = signatures
    }

    /// The Pre-Authentication Encoding: `"DSSEv1" SP len(type) SP type SP len(body) SP body`,
    /// lengths in ASCII decimal bytes.
    /// - Parameters:
    ///   - payloadType: the payload type.
    ///   - payload: the payload bytes.
    public static func pae(payloadType: String, payload: Data) -> Data {
        var out = Data("DSSEv1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8)
        out.append(payload)
        return out
    }

    /// Signs `payload` (ECDSA P-256 / SHA-256 over PAE) into a one-signature envelope, as cosign does.
    /// - Parameters:
    ///   - payload: the payload bytes (an encoded in-toto statement).
    ///   - payloadType: the payload type.
    ///   - key: the signing key.
    ///   - keyID: the key id to record (cosign: `""`).
    public static func sign(payload: Data, payloadType: String = inTotoPayloadType,
                            key: P256.Signing.PrivateKey, keyID: String = "") throws -> DSSEEnvelope {
        let signature = try key.signature(for: pae(payloadType: payloadType, payload: payload)).derRepresentation
        return DSSEEnvelope(payloadType: payloadType, payload: payload,
                            signatures: [Signature(keyID: keyID, signature: signature)])
    }

    /// Reads an envelope. `payload` and `sig` may be standard or URL-safe base64, padded or not (DSSE).
    /// - Parameters:
    ///   - data: the envelope JSON.
    ///   - limits: ``SigningLimits/maxEnvelopeBytes`` and ``SigningLimits/maxEnvelopeSignatures`` apply.
    /// - Throws: ``SigningError/Code-swift.struct/tooLarge`` or ``SigningError/Code-swift.struct/malformedDocument``.
    public init(parsing data: Data, limits: SigningLimits = .default) throws {
        do {
            self = try Self.read(data, limits: limits)
        } catch {
            throw error.error
        }
    }

    /// Why an envelope could not be read, and whether the problem is in a signature.
    struct ReadFailure: Error {
        var error: SigningError
        var reason: VerificationReason
    }

    static func read(_ data: Data, limits: SigningLimits) throws(ReadFailure) -> DSSEEnvelope {
        guard data.count <= limits.maxEnvelopeBytes else {
            throw ReadFailure(error: SigningError(.tooLarge, "DSSE envelope of \(data.count) bytes is over the \(limits.maxEnvelopeBytes)-byte limit"),
                              reason: .tooLarge)
        }
        do {
            return try read(json: try JSONValue(parsing: data, maxDepth: limits.maxJSONDepth), limits: limits)
        } catch let failure as ReadFailure {
            throw failure
        } catch {
            throw ReadFailure(error: SigningError(.malformedDocument, "DSSE envelope: \(error)"), reason: .malformedPayload)
        }
    }

    static func read(json: JSONValue, limits: SigningLimits) throws(ReadFailure) -> DSSEEnvelope {
        func bad(_ problem: String, _ reason: VerificationReason = .malformedPayload) -> ReadFailure {
            ReadFailure(error: SigningError(.malformedDocument, "DSSE envelope: \(problem)"), reason: reason)
        }
        guard let payloadType = json["payloadType"]?.stringValue else { throw bad("'payloadType' is not a string") }
        guard let encoded = json["payload"]?.stringValue else { throw bad("'payload' is not a string") }
        guard let payload = StrictBase64.decodeDSSE(encoded) else { throw bad("'payload' is not valid base64") }
        guard let entries = json["signatures"]?.arrayValue, !entries.isEmpty else {
            throw bad("'signatures' is not a non-empty array", .malformedSignature)
        }
        guard entries.count <= limits.maxEnvelopeSignatures else {
            throw ReadFailure(error: SigningError(.tooLarge, "DSSE envelope carries \(entries.count) signatures, over the limit of \(limits.maxEnvelopeSignatures)"),
                              reason: .tooLarge)
        }
        var signatures: [Signature] = []
        for entry in entries {
            guard let sig = entry["sig"]?.stringValue else { throw bad("a signature has no 'sig' string", .malformedSignature) }
            guard sig.utf8.count <= SigningLimits.maxSignatureAnnotationBytes, let bytes = StrictBase64.decodeDSSE(sig), !bytes.isEmpty else {
                throw bad("a 'sig' is not valid base64 (truncated or altered)", .malformedSignature)
            }
            let keyID: String
            switch entry["keyid"] {
            case nil, .null?: keyID = ""
            case .string(let id)?: keyID = id
            default: throw bad("a 'keyid' is not a string", .malformedSignature)
            }
            signatures.append(Signature(keyID: keyID, signature: bytes))
        }
        return DSSEEnvelope(payloadType: payloadType, payload: payload, signatures: signatures)
    }

    /// The envelope as cosign (Go, secure-systems-lib) writes it: `payloadType`, `payload`, `signatures[{keyid, sig}]`.
    public func encoded() -> Data { JSONEncoding.encode(jsonOut(omitEmptyKeyID: false)) }

    /// Protobuf-JSON member order and empty-`keyid` omission, as inside a Sigstore bundle.
    func jsonOut(omitEmptyKeyID: Bool) -> JSONOut {
        .fields([
            ("payloadType", .string(payloadType)),
            ("payload", .string(payload.base64EncodedString())),
            ("signatures", .list(signatures.map { signature in
                var fields: [(String, JSONOut)] = []
                if !(omitEmptyKeyID && signature.keyID.isEmpty) { fields.append(("keyid", .string(signature.keyID))) }
                fields.append(("sig", .string(signature.signature.base64EncodedString())))
                return .fields(fields)
            })),
        ])
    }

    /// The keys under which at least one envelope signature verifies over PAE; and whether any signature
    /// was not even a DER ECDSA signature.
    func verifyingKeys(_ keys: [VerificationKey]) -> (keys: [KeyIdentity], malformed: Bool) {
        let message = Self.pae(payloadType: payloadType, payload: payload)
        var verified: [KeyIdentity] = []
        var parsedAny = false
        for entry in signatures {
            guard let signature = try? P256.Signing.ECDSASignature(derRepresentation: entry.signature) else { continue }
            parsedAny = true
            for key in keys where key.verifies(signature, over: message) && !verified.contains(key.identity) {
                verified.append(key.identity)
            }
        }
        return (verified, !parsedAny)
    }
}
