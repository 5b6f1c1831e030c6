public import Crypto
import Foundation

/// A public key to verify signatures with, and how reports name it.
public struct VerificationKey: Sendable {
    /// How reports name the key (usually its file name).
    public let name: String
    /// The ECDSA P-256 key.
    public let publicKey: P256.Signing.PublicKey
    /// `sha256:<hex>` of the SubjectPublicKeyInfo DER, the key's stable identity.
    public let fingerprint: String
    /// base64 of SHA-256 of the SubjectPublicKeyInfo DER: the `verificationMaterial.publicKey.hint`
    /// sigstore tools write into a key-based bundle.
    public let sigstoreHint: String

    /// - Parameters:
    ///   - publicKey: the key.
    ///   - name: how reports name it.
    public init(_ publicKey: P256.Signing.PublicKey, name: String) {
        self.name = name
        self.publicKey = publicKey
        let der = publicKey.derRepresentation
        fingerprint = SHA256Hex.digest(of: der)
        sigstoreHint = Data(SHA256.hash(data: der)).base64EncodedString()
    }

    /// Reads a `PUBLIC KEY` PEM (SubjectPublicKeyInfo).
    /// - Parameters:
    ///   - pem: the file's text.
    ///   - name: how reports and errors name the key (its file name).
    /// - Throws: ``SigningError/Code-swift.struct/unsupportedKey`` ("key is not ECDSA P-256 (it is RSA)")
    ///   for another algorithm or curve, ``SigningError/Code-swift.struct/malformedKey`` for anything unreadable.
    public init(pem: String, name: String) throws {
        self.init(try CosignKeys.publicKey(pem: pem, what: name), name: name)
    }

    /// The key's identity in reports.
    public var identity: KeyIdentity { KeyIdentity(name: name, fingerprint: fingerprint) }

    /// Whether `signature` (ASN.1 DER) is this key's ECDSA P-256 / SHA-256 signature over `message`.
    func verifies(_ signature: P256.Signing.ECDSASignature, over message: Data) -> Bool {
        publicKey.isValidSignature(signature, for: message)
    }
}

/// Which key verified something: its name and fingerprint (never the key itself).
public struct KeyIdentity: Sendable, Hashable, CustomStringConvertible {
    /// How the caller named the key (file name).
    public var name: String
    /// `sha256:<hex>` of the SubjectPublicKeyInfo DER.
    public var fingerprint: String

    /// - Parameters:
    ///   - name: how the caller named the key.
    ///   - fingerprint: `sha256:<hex>` of its SubjectPublicKeyInfo DER.
    public init(name: String, fingerprint: String) {
        self.name = name
        self.fingerprint = fingerprint
    }

    public var description: String { "\(name) (\(fingerprint))" }
}

/// How many of the given keys must have produced a valid signature.
public struct KeyPolicy: Sendable, Hashable, CustomStringConvertible {
    private enum Value: Hashable, Sendable { case any, all }
    private let value: Value
    private init(_ value: Value) { self.value = value }

    /// One valid signature under any of the keys suffices (cosign's behaviour).
    public static let anyKey = KeyPolicy(.any)
    /// Every key must have produced at least one valid signature.
    public static let requireAll = KeyPolicy(.all)

    var requiresAll: Bool { value == .all }
    public var description: String { value == .all ? "all keys" : "any key" }
}
