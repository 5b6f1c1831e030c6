import Crypto
import Foundation
import Testing
@testable import Signing

struct VerificationKeyTests {
    @Test func fingerprintAndHintAreOfTheSPKI() throws {
        let key = SigningFixtures.key.publicKey
        let verification = try VerificationKey(pem: key.pemRepresentation, name: "k.pub")
        #expect(verification.name == "k.pub")
        #expect(verification.fingerprint == SigningFixtures.sha256(key.derRepresentation))
        #expect(verification.sigstoreHint == Data(SHA256.hash(data: key.derRepresentation)).base64EncodedString())
        #expect(verification.identity.description.hasPrefix("k.pub (sha256:"))
    }

    @Test func otherCurvesAndAlgorithmsAreNamed() throws {
        let ed25519 = Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00])
            + Curve25519.Signing.PrivateKey().publicKey.rawRepresentation
        let cases: [(String, String)] = [
            (P384.Signing.PrivateKey().publicKey.pemRepresentation, "P-384"),
            (P521.Signing.PrivateKey().publicKey.pemRepresentation, "P-521"),
            (SigningFixtures.rsaPublicKeyPEM, "RSA"),
            (PEM.encode(ed25519, label: "PUBLIC KEY"), "Ed25519"),
        ]
        for (pem, name) in cases {
            let error = #expect(throws: SigningError.self) { try VerificationKey(pem: pem, name: "k.pub") }
            #expect(error?.code == .unsupportedKey)
            #expect(error?.message == "k.pub: key is not ECDSA P-256 (it is \(name)); cosign keys are ECDSA P-256")
        }
    }

    @Test func nonKeysAreMalformed() {
        for pem in ["nothing", PEM.encode(Data([0x30, 0x03, 0x02, 0x01, 0x01]), label: "PUBLIC KEY"),
                    PEM.encode(Data([1, 2, 3]), label: "CERTIFICATE")] {
            let error = #expect(throws: SigningError.self) { try VerificationKey(pem: pem, name: "k.pub") }
            #expect(error?.code == .malformedKey)
        }
    }
}
