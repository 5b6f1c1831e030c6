import Crypto
import Foundation
import Testing
@testable import Signing

struct DSSEEnvelopeTests {
    @Test func paeMatchesTheSpecificationVector() {
        let pae = DSSEEnvelope.pae(payloadType: "http://example.com/HelloWorld", payload: Data("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
        // Lengths count bytes, not characters.
        let unicode = DSSEEnvelope.pae(payloadType: "é", payload: Data("ü".utf8))
        #expect(String(decoding: unicode, as: UTF8.self) == "DSSEv1 2 é 2 ü")
        #expect(String(decoding: DSSEEnvelope.pae(payloadType: "", payload: Data()), as: UTF8.self) == "DSSEv1 0  0 ")
    }

    @Test func signsOverPAEAndRoundTrips() throws {
        let payload = Data(#"{"_type":"https://in-toto.io/Statement/v0.1"}"#.utf8)
        let envelope = try DSSEEnvelope.sign(payload: payload, key: SigningFixtures.key)
        let text = String(decoding: envelope.encoded(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"payloadType":"application/vnd.in-toto+json","payload":""# + payload.base64EncodedString() + #"","signatures":[{"keyid":"","sig":""#))
        let read = try DSSEEnvelope(parsing: envelope.encoded())
        #expect(read == envelope)
        let signature = try P256.Signing.ECDSASignature(derRepresentation: read.signatures[0].signature)
        #expect(SigningFixtures.key.publicKey.isValidSignature(signature, for: DSSEEnvelope.pae(payloadType: read.payloadType, payload: payload)))
        #expect(!SigningFixtures.key.publicKey.isValidSignature(signature, for: payload))
        #expect(read.verifyingKeys([SigningFixtures.verificationKey, SigningFixtures.otherVerificationKey]).keys == [SigningFixtures.verificationKey.identity])
    }

    @Test func readsURLSafeUnpaddedBase64() throws {
        let json = #"{"payloadType":"t","payload":"-_8","signatures":[{"sig":"-_8"}]}"#
        let envelope = try DSSEEnvelope(parsing: Data(json.utf8))
        #expect(envelope.payload == Data([0xFB, 0xFF]))
        #expect(envelope.signatures == [.init(keyID: "", signature: Data([0xFB, 0xFF]))])
    }

    @Test(arguments: [
        #"{"payload":"YQ==","signatures":[{"sig":"YQ=="}]}"#,
        #"{"payloadType":"t","payload":"!!","signatures":[{"sig":"YQ=="}]}"#,
        #"{"payloadType":"t","payload":"YQ==","signatures":[]}"#,
        #"{"payloadType":"t","payload":"YQ==","signatures":[{"sig":"Y"}]}"#,
        #"{"payloadType":"t","payload":"YQ==","signatures":[{"keyid":5,"sig":"YQ=="}]}"#,
        #"{"payloadType":"t","payload":"YQ==","signatures":[{"sig":""}]}"#,
    ])
    func malformedEnvelopes(_ json: String) {
        let error = #expect(throws: SigningError.self) { try DSSEEnvelope(parsing: Data(json.utf8)) }
        #expect(error?.code == .malformedDocument)
    }

    @Test func signatureCountIsBounded() {
        let sigs = Array(repeating: #"{"sig":"YQ=="}"#, count: 17).joined(separator: ",")
        let error = #expect(throws: SigningError.self) {
            try DSSEEnvelope(parsing: Data(#"{"payloadType":"t","payload":"YQ==","signatures":[\#(sigs)]}"#.utf8))
        }
        #expect(error?.code == .tooLarge)
    }
}
