public import Crypto
public import Foundation
import CSodium

/// cosign's key files: an ECDSA P-256 private key as PKCS#8 DER, encrypted with a password
/// (scrypt, then NaCl secretbox) inside a PEM block, and the public key as a `PUBLIC KEY` PEM.
public enum CosignKeys {
    /// The label cosign writes today.
    public static let sigstoreLabel = "ENCRYPTED SIGSTORE PRIVATE KEY"
    /// The label older cosign versions wrote (still read).
    public static let cosignLabel = "ENCRYPTED COSIGN PRIVATE KEY"

    /// scrypt parameters of a key file.
    public struct ScryptParameters: Sendable, Hashable, Codable {
        public var N: UInt64
        public var r: UInt32
        public var p: UInt32
        /// cosign's: N=65536, r=8, p=1 (64 MiB of memory to derive).
        public static let cosign = ScryptParameters(N: 65_536, r: 8, p: 1)
        public init(N: UInt64, r: UInt32, p: UInt32) { self.N = N; self.r = r; self.p = p }
    }

    struct Envelope: Codable {
        struct KDF: Codable { var name: String; var params: ScryptParameters; var salt: String }
        struct Cipher: Codable { var name: String; var nonce: String }
        var kdf: KDF
        var cipher: Cipher
        var ciphertext: String
    }

    /// A new ECDSA P-256 key.
    public static func generate() -> P256.Signing.PrivateKey { P256.Signing.PrivateKey() }

    /// The private key as cosign's encrypted PEM.
    public static func encryptedPEM(_ key: P256.Signing.PrivateKey, password: [UInt8],
                                    parameters: ScryptParameters = .cosign) throws -> String {
        try initializeSodium()
        var plaintext = [UInt8](key.derRepresentation)
        defer { sodium_memzero(&plaintext, plaintext.count) }
        let salt = randomBytes(32)
        let nonce = randomBytes(Int(crypto_secretbox_noncebytes()))
        var secret = try derive(password: password, salt: salt, parameters: parameters)
        defer { sodium_memzero(&secret, secret.count) }
        var sealed = [UInt8](repeating: 0, count: plaintext.count + Int(crypto_secretbox_macbytes()))
        guard crypto_secretbox_easy(&sealed, plaintext, UInt64(plaintext.count), nonce, secret) == 0 else {
            throw SigningError(.crypto, "encrypting the private key failed")
        }
        let envelope = Envelope(kdf: .init(name: "scrypt", params: parameters, salt: Data(salt).base64EncodedString()),
                                cipher: .init(name: "nacl/secretbox", nonce: Data(nonce).base64EncodedString()),
                                ciphertext: Data(sealed).base64EncodedString())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return PEM.encode(try encoder.encode(envelope), label: sigstoreLabel)
    }

    /// Reads and decrypts a private key file (either label).
    /// - Parameters:
    ///   - pem: the file's text.
    ///   - password: the password (empty for none).
    ///   - what: how the file is named in errors.
    public static func privateKey(pem: String, password: [UInt8], what: String) throws -> P256.Signing.PrivateKey {
        let (label, body) = try PEM.decode(pem, what: what)
        guard label == sigstoreLabel || label == cosignLabel else {
            throw SigningError(.malformedKey, "\(what): a '\(label)' block, not an encrypted cosign private key")
        }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: body) else {
            throw SigningError(.malformedKey, "\(what): the encrypted key is not cosign's JSON envelope")
        }
        guard envelope.kdf.name == "scrypt", envelope.cipher.name == "nacl/secretbox" else {
            throw SigningError(.malformedKey, "\(what): unsupported key encryption \(envelope.kdf.name.prefix(20))/\(envelope.cipher.name.prefix(20))")
        }
        let p = envelope.kdf.params
        // Bound the work and memory a hostile file can ask for (128·N·r bytes; cosign uses 64 MiB).
        guard p.N >= 2, p.N & (p.N - 1) == 0, p.N <= 1 << 20, (1...32).contains(p.r), (1...16).contains(p.p),
              p.N * UInt64(p.r) <= 1 << 21 else {
            throw SigningError(.malformedKey, "\(what): scrypt parameters out of range (N=\(p.N), r=\(p.r), p=\(p.p))")
        }
        guard let salt = Data(base64Encoded: envelope.kdf.salt), !salt.isEmpty,
              let nonce = Data(base64Encoded: envelope.cipher.nonce), nonce.count == Int(crypto_secretbox_noncebytes()),
              let sealed = Data(base64Encoded: envelope.ciphertext), sealed.count > Int(crypto_secretbox_macbytes()) else {
            throw SigningError(.malformedKey, "\(what): truncated or malformed salt, nonce or ciphertext")
        }
        try initializeSodium()
        var secret = try derive(password: password, salt: [UInt8](salt), parameters: p)
        defer { sodium_memzero(&secret, secret.count) }
        var plaintext = [UInt8](repeating: 0, count: sealed.count - Int(crypto_secretbox_macbytes()))
        defer { sodium_memzero(&plaintext, plaintext.count) }
        let ciphertext = [UInt8](sealed)
        let opened = crypto_secretbox_open_easy(&plaintext, ciphertext, UInt64(ciphertext.count), [UInt8](nonce), secret)
        guard opened == 0 else {
            throw SigningError(.wrongPassword, "\(what): wrong password (or the key file was altered)")
        }
        if let key = try? P256.Signing.PrivateKey(derRepresentation: plaintext) { return key }
        if (try? P384.Signing.PrivateKey(derRepresentation: plaintext)) != nil {
            throw SigningError(.unsupportedKey, "\(what): a P-384 key; cosign keys are ECDSA P-256")
        }
        if (try? P521.Signing.PrivateKey(derRepresentation: plaintext)) != nil {
            throw SigningError(.unsupportedKey, "\(what): a P-521 key; cosign keys are ECDSA P-256")
        }
        throw SigningError(.unsupportedKey, "\(what): not an ECDSA P-256 private key")
    }

    /// Reads a `PUBLIC KEY` PEM (SubjectPublicKeyInfo) holding an ECDSA P-256 key.
    /// - Throws: ``SigningError/Code-swift.struct/unsupportedKey`` with "key is not ECDSA P-256 (it is …)"
    ///   for RSA, Ed25519 or another curve.
    public static func publicKey(pem: String, what: String) throws -> P256.Signing.PublicKey {
        let (label, body) = try PEM.decode(pem, what: what)
        guard label == "PUBLIC KEY" else {
            throw SigningError(.malformedKey, "\(what): a '\(label)' block, not a PUBLIC KEY")
        }
        if let key = try? P256.Signing.PublicKey(derRepresentation: body) { return key }
        guard let algorithm = SPKIInspector.algorithmName(body) else {
            throw SigningError(.malformedKey, "\(what): the PUBLIC KEY block is not a SubjectPublicKeyInfo")
        }
        if algorithm == "ECDSA P-256" {
            throw SigningError(.malformedKey, "\(what): the ECDSA P-256 public key is not a valid curve point")
        }
        let short = algorithm.hasPrefix("ECDSA P-") ? String(algorithm.dropFirst(6)) : algorithm
        throw SigningError(.unsupportedKey, "\(what): key is not ECDSA P-256 (it is \(short)); cosign keys are ECDSA P-256")
    }

    /// The public key as PEM.
    public static func publicKeyPEM(_ key: P256.Signing.PrivateKey) -> String {
        key.publicKey.pemRepresentation + "\n"
    }

    /// An ASN.1 DER ECDSA P-256 / SHA-256 signature over `payload` (cosign's signature annotation, base64).
    public static func sign(_ payload: Data, with key: P256.Signing.PrivateKey) throws -> Data {
        try key.signature(for: payload).derRepresentation
    }

    /// Whether `signature` (DER) is `key`'s over `payload`.
    public static func verify(_ signature: Data, payload: Data, key: P256.Signing.PublicKey) -> Bool {
        guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
        return key.isValidSignature(parsed, for: payload)
    }

    // MARK: - Primitives (libsodium)

    static func initializeSodium() throws {
        guard sodium_init() >= 0 else { throw SigningError(.crypto, "libsodium failed to initialise") }
    }

    static func derive(password: [UInt8], salt: [UInt8], parameters p: ScryptParameters) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let rc = crypto_pwhash_scryptsalsa208sha256_ll(password, password.count, salt, salt.count,
                                                       p.N, p.r, p.p, &out, out.count)
        guard rc == 0 else { throw SigningError(.crypto, "scrypt key derivation failed") }
        return out
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        randombytes_buf(&out, count)
        return out
    }
}
