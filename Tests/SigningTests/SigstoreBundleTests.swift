import Crypto
import Foundation
import Testing
@testable import Signing

struct SigstoreBundleTests {
    var verifier: BundleVerifier { BundleVerifier(keys: [SigningFixtures.verificationKey, SigningFixtures.otherVerificationKey]) }

    @Test func cosign3ImageSignatureBundleRoundTripsAndVerifies() throws {
        let bundle = try SigstoreBundle.signingImage(imageDigest: SigningFixtures.imageDigest, annotations: ["env": "prod"], key: SigningFixtures.key)
        let data = bundle.encoded()
        let json = try JSONValue(parsing: data)
        #expect(json["mediaType"] == .string("application/vnd.dev.sigstore.bundle.v0.3+json"))
        #expect(json["verificationMaterial"]?["publicKey"]?["hint"] == .string(SigningFixtures.verificationKey.sigstoreHint))
        #expect(json["dsseEnvelope"]?["payloadType"] == .string("application/vnd.in-toto+json"))
        #expect(json["dsseEnvelope"]?["signatures"]?[0]?["keyid"] == nil)
        let read = try SigstoreBundle(parsing: data)
        #expect(read.publicKeyHint == SigningFixtures.verificationKey.sigstoreHint)
        #expect(read.content.annotationValue == "dsse-envelope")

        let check = verifier.verify(bundle: data, artifactDigest: SigningFixtures.imageDigest, predicateType: .cosignSign)
        #expect(check.reason == .verified, "\(check.detail)")
        #expect(check.verifiedBy == [SigningFixtures.verificationKey.identity])
        #expect(check.statement?.type == InTotoStatement.typeV1)
        #expect(check.statement?.subjects.first?.annotations == ["env": .string("prod")])
        #expect(check.predicate == Data("{}".utf8))
        #expect(verifier.verify(bundle: data, artifactDigest: SigningFixtures.otherDigest).reason == .digestMismatch)
        #expect(verifier.verify(bundle: data, artifactDigest: SigningFixtures.imageDigest, predicateType: .slsaProvenanceV1).reason == .predicateTypeMismatch)
        #expect(BundleVerifier(keys: [SigningFixtures.otherVerificationKey]).verify(bundle: data, artifactDigest: SigningFixtures.imageDigest).reason == .wrongKey)
    }

    @Test func messageSignatureBundle() throws {
        let bundle = try SigstoreBundle.signingDigest(SigningFixtures.imageDigest, key: SigningFixtures.key)
        let data = bundle.encoded()
        let json = try JSONValue(parsing: data)
        #expect(json["messageSignature"]?["messageDigest"]?["algorithm"] == .string("SHA2_256"))
        #expect(json["messageSignature"]?["messageDigest"]?["digest"] == .string(Data(SHA256Hex.rawBytes(SigningFixtures.imageDigest)).base64EncodedString()))
        #expect(verifier.verify(bundle: data, artifactDigest: SigningFixtures.imageDigest).reason == .verified)
        #expect(verifier.verify(bundle: data, artifactDigest: SigningFixtures.otherDigest).reason == .digestMismatch)
        #expect(BundleVerifier(keys: [SigningFixtures.otherVerificationKey]).verify(bundle: data, artifactDigest: SigningFixtures.imageDigest).reason == .wrongKey)
        // The signature is an ordinary ECDSA-SHA256 signature over the artifact bytes.
        let manifestBytes = Data(#"{"schemaVersion":2}"#.utf8)
        let overBytes = try SigstoreBundle.signingDigest(SigningFixtures.sha256(manifestBytes), key: SigningFixtures.key)
        guard case .messageSignature(let message) = overBytes.content else { Issue.record("not a message signature"); return }
        let signature = try P256.Signing.ECDSASignature(derRepresentation: message.signature)
        #expect(SigningFixtures.key.publicKey.isValidSignature(signature, for: manifestBytes))
        // Without messageDigest, the expected digest is what the signature must cover.
        var bare = try JSONValue(parsing: data).objectValue!
        bare["messageSignature"] = .object(["signature": .string(message.signature.base64EncodedString())])
        #expect(verifier.verify(bundle: JSONValue.object(bare).encoded(), artifactDigest: SigningFixtures.sha256(manifestBytes)).reason == .verified)
        #expect(verifier.verify(bundle: JSONValue.object(bare).encoded(), artifactDigest: SigningFixtures.imageDigest).reason == .wrongKey)
    }

    @Test func keylessAndMalformedBundles() throws {
        let keyless = #"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"certificate":{"rawBytes":"AAAA"},"tlogEntries":[{}]},"messageSignature":{"signature":"AAAA"}}"#
        let check = verifier.verify(bundle: Data(keyless.utf8), artifactDigest: SigningFixtures.imageDigest)
        #expect(check.reason == .unsupportedVerificationMaterial)
        #expect(check.tlogEntryCount == 1)
        let cases: [(String, VerificationReason)] = [
            (#"{"mediaType":"application/json","verificationMaterial":{"publicKey":{}},"messageSignature":{"signature":"AAAA"}}"#, .malformedPayload),
            (#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","messageSignature":{"signature":"AAAA"}}"#, .malformedPayload),
            (#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{}}}"#, .malformedPayload),
            (#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{}},"messageSignature":{"signature":"AAA"}}"#, .malformedSignature),
            (#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{}},"messageSignature":{"signature":"AAAA"}}"#, .malformedSignature),
            (#"{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"publicKey":{}},"dsseEnvelope":{"payloadType":"t","payload":"","signatures":[{"sig":"%%"}]}}"#, .malformedSignature),
        ]
        for (json, reason) in cases {
            #expect(verifier.verify(bundle: Data(json.utf8), artifactDigest: SigningFixtures.imageDigest).reason == reason, "\(json)")
        }
        #expect((#expect(throws: SigningError.self) { try SigstoreBundle(parsing: Data(cases[0].0.utf8)) })?.code == .malformedDocument)
    }

    @Test func attestationBundle() throws {
        let predicate = Data(#"{"buildDefinition":{"buildType":"bt"},"runDetails":{"builder":{"id":"https://ci.example"}}}"#.utf8)
        let statement = try InTotoStatement.cosign(predicateType: .slsaProvenanceV1, predicate: predicate, subjectName: SigningFixtures.reference,
                                                   imageDigest: SigningFixtures.imageDigest)
        let bundle = try SigstoreBundle.attesting(statement: statement, key: SigningFixtures.key).encoded()
        let report = verifier.verify(bundles: ["sha256:" + String(repeating: "0", count: 64): bundle], artifactDigest: SigningFixtures.imageDigest,
                                     predicateType: .slsaProvenanceV1)
        #expect(report.isVerified)
        let summary = try SLSAProvenanceSummary(statement: try #require(report.checks.first?.statement))
        #expect(summary.builderID == "https://ci.example")
    }
}
