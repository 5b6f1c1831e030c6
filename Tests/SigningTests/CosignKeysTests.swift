import Crypto
import Foundation
import Testing
@testable import Signing

struct CosignKeysTests {
    /// Cheap scrypt parameters so unit tests stay fast; the cosign defaults are tested once.
    let fast = CosignKeys.ScryptParameters(N: 1024, r: 8, p: 1)
    let password = Array("correct horse".utf8)

    @Test func roundTripWithCosignParameters() throws {
        let key = CosignKeys.generate()
        let pem = try CosignKeys.encryptedPEM(key, password: password)
        #expect(pem.hasPrefix("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"))
        #expect(pem.contains("\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n"))
        let body = try PEM.decode(pem, what: "k").data
        let json = try #require(JSONSerialization.jsonObject(with: body) as? [String: Any])
        let kdf = try #require(json["kdf"] as? [String: Any])
        #expect(kdf["name"] as? String == "scrypt")
        #expect((kdf["params"] as? [String: Int]) == ["N": 65536, "r": 8, "p": 1])
        #expect((json["cipher"] as? [String: Any])?["name"] as? String == "nacl/secretbox")
        let read = try CosignKeys.privateKey(pem: pem, password: password, what: "k")
        #expect(read.publicKey.rawRepresentation == key.publicKey.rawRepresentation)
    }

    @Test func olderLabelIsRead() throws {
        let key = CosignKeys.generate()
        let pem = try CosignKeys.encryptedPEM(key, password: password, parameters: fast)
            .replacingOccurrences(of: CosignKeys.sigstoreLabel, with: CosignKeys.cosignLabel)
        #expect(try CosignKeys.privateKey(pem: pem, password: password, what: "k").publicKey.rawRepresentation == key.publicKey.rawRepresentation)
    }

    @Test func wrongPasswordAndTamperingAreRefused() throws {
        let pem = try CosignKeys.encryptedPEM(CosignKeys.generate(), password: password, parameters: fast)
        let wrong = #expect(throws: SigningError.self) { try CosignKeys.privateKey(pem: pem, password: Array("nope".utf8), what: "k") }
        #expect(wrong?.code == .wrongPassword)
        #expect(wrong?.message.contains("correct horse") == false)
        // Flip one byte of the ciphertext inside the envelope.
        var body = try PEM.decode(pem, what: "k").data
        var json = try #require(JSONSerialization.jsonObject(with: body) as? [String: Any])
        var sealed = try #require(Data(base64Encoded: json["ciphertext"] as! String))
        sealed[sealed.count - 1] ^= 1
        json["ciphertext"] = sealed.base64EncodedString()
        body = try JSONSerialization.data(withJSONObject: json)
        let tampered = PEM.encode(body, label: CosignKeys.sigstoreLabel)
        let error = #expect(throws: SigningError.self) { try CosignKeys.privateKey(pem: tampered, password: password, what: "k") }
        #expect(error?.code == .wrongPassword)
    }

    @Test(arguments: [
        "not a key at all",
        "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n!!!!\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n",
        "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJ4IjoxfQ==\n",
        "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJ4IjoxfQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n",
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
    ])
    func malformedFilesAreRefused(_ text: String) {
        let error = #expect(throws: SigningError.self) { try CosignKeys.privateKey(pem: text, password: [], what: "k.key") }
        #expect(error?.code == .malformedKey)
        #expect(error?.message.hasPrefix("k.key: ") == true)
    }

    @Test func hostileScryptParametersAreRefused() throws {
        let pem = try CosignKeys.encryptedPEM(CosignKeys.generate(), password: password, parameters: fast)
        let body = try PEM.decode(pem, what: "k").data
        let huge = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\"N\":1024", with: "\"N\":1073741824")
        let error = #expect(throws: SigningError.self) {
            try CosignKeys.privateKey(pem: PEM.encode(Data(huge.utf8), label: CosignKeys.sigstoreLabel), password: password, what: "k")
        }
        #expect(error?.message.contains("scrypt parameters out of range") == true)
    }

    @Test func keysOfOtherCurvesAreNamed() throws {
        let p384 = P384.Signing.PrivateKey()
        let error = #expect(throws: SigningError.self) { try CosignKeys.publicKey(pem: p384.publicKey.pemRepresentation, what: "k.pub") }
        #expect(error?.code == .unsupportedKey)
        #expect(error?.message.contains("P-384") == true)
    }

    @Test func signaturesVerifyOnlyWithTheRightKeyAndPayload() throws {
        let key = CosignKeys.generate(), other = CosignKeys.generate()
        let payload = Data(#"{"critical":{"image":{"docker-manifest-digest":"sha256:00"}}}"#.utf8)
        let signature = try CosignKeys.sign(payload, with: key)
        let pub = try CosignKeys.publicKey(pem: CosignKeys.publicKeyPEM(key), what: "k.pub")
        #expect(CosignKeys.verify(signature, payload: payload, key: pub))
        #expect(!CosignKeys.verify(signature, payload: payload + Data(" ".utf8), key: pub))
        #expect(!CosignKeys.verify(signature, payload: payload, key: other.publicKey))
        #expect(!CosignKeys.verify(Data(signature.prefix(10)), payload: payload, key: pub))
    }
}
