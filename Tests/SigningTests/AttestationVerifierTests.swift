import Crypto
import Foundation
import Testing
@testable import Signing

struct AttestationVerifierTests {
    let provenance = Data(#"{"builder":{"id":"https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v1.9.0"},"buildType":"https://github.com/slsa-framework/slsa-github-generator/container@v1","invocation":{"configSource":{"uri":"git+https://github.com/acme/app@refs/heads/main","digest":{"sha1":"0123456789abcdef0123456789abcdef01234567"},"entryPoint":".github/workflows/release.yml"}},"materials":[{"uri":"git+https://github.com/acme/app@refs/heads/main","digest":{"sha1":"0123456789abcdef0123456789abcdef01234567"}}]}"#.utf8)
    var verifier: AttestationVerifier { AttestationVerifier(keys: [SigningFixtures.verificationKey, SigningFixtures.otherVerificationKey]) }

    func attest(_ type: PredicateType = .slsaProvenanceV02, predicate: Data? = nil, digest: String = SigningFixtures.imageDigest,
                key: P256.Signing.PrivateKey = SigningFixtures.key, onto existing: Data? = nil) throws -> CosignPush {
        try CosignSigner.attestImage(imageDigest: digest, subjectName: SigningFixtures.reference, predicateType: type,
                                     predicate: predicate ?? provenance, key: key, existingManifest: existing)
    }

    @Test func verifiesAndReturnsThePredicate() throws {
        let push = try attest()
        #expect(try verifier.blobsToFetch(attestationManifest: push.manifest, predicateType: .slsaProvenanceV02).count == 1)
        let report = verifier.verify(attestationManifest: push.manifest, blobs: SigningFixtures.blobs(push),
                                     imageDigest: SigningFixtures.imageDigest, predicateType: .slsaProvenanceV02)
        #expect(report.isVerified)
        let check = try #require(report.verifiedChecks.first)
        #expect(check.predicateType == "https://slsa.dev/provenance/v0.2")
        #expect(check.verifiedBy == [SigningFixtures.verificationKey.identity])
        #expect(try JSONValue(parsing: try #require(check.predicate)) == (try JSONValue(parsing: provenance)))
        let summary = try SLSAProvenanceSummary(statement: try #require(check.statement))
        #expect(summary.sourceRepository == "git+https://github.com/acme/app")
    }

    @Test func predicateTypeFilter() throws {
        let slsa = try attest()
        let both = try attest(.cycloneDX, predicate: Data(#"{"bomFormat":"CycloneDX"}"#.utf8), onto: slsa.manifest)
        let blobs = SigningFixtures.blobs(slsa, both)
        // Only the CycloneDX layer is worth fetching when CycloneDX is asked for.
        #expect(try verifier.blobsToFetch(attestationManifest: both.manifest, predicateType: .cycloneDX).count == 1)
        let sbom = verifier.verify(attestationManifest: both.manifest, blobs: blobs, imageDigest: SigningFixtures.imageDigest, predicateType: .cycloneDX)
        #expect(sbom.isVerified)
        #expect(sbom.checks.map(\.reason) == [.predicateTypeMismatch, .verified])
        let vuln = verifier.verify(attestationManifest: both.manifest, blobs: blobs, imageDigest: SigningFixtures.imageDigest, predicateType: .vuln)
        #expect(!vuln.isVerified)
        #expect(vuln.reason == .predicateTypeMismatch)
        let any = verifier.verify(attestationManifest: both.manifest, blobs: blobs, imageDigest: SigningFixtures.imageDigest)
        #expect(any.verifiedChecks.count == 2)
    }

    @Test func mislabelledAnnotationDoesNotFoolTheCheck() throws {
        // The annotation says SLSA, the signed statement says CycloneDX.
        let statement = try InTotoStatement.cosign(predicateType: .cycloneDX, predicate: Data("{}".utf8), subjectName: "r",
                                                   imageDigest: SigningFixtures.imageDigest)
        let envelope = try DSSEEnvelope.sign(payload: statement.encoded(), key: SigningFixtures.key).encoded()
        let push = try CosignSigner.attachAttestation(envelope: envelope, predicateType: PredicateType.slsaProvenanceV02.uri,
                                                      imageDigest: SigningFixtures.imageDigest, to: nil)
        let report = verifier.verify(attestationManifest: push.manifest, blobs: SigningFixtures.blobs(push),
                                     imageDigest: SigningFixtures.imageDigest, predicateType: .slsaProvenanceV02)
        #expect(report.reason == .predicateTypeMismatch)
    }

    @Test func wrongKeyOtherDigestAndTampering() throws {
        let push = try attest()
        let onlyOther = AttestationVerifier(keys: [SigningFixtures.otherVerificationKey])
        #expect(onlyOther.verify(attestationManifest: push.manifest, blobs: SigningFixtures.blobs(push), imageDigest: SigningFixtures.imageDigest).reason == .wrongKey)

        let elsewhere = try attest(digest: SigningFixtures.otherDigest)
        #expect(verifier.verify(attestationManifest: elsewhere.manifest, blobs: SigningFixtures.blobs(elsewhere), imageDigest: SigningFixtures.imageDigest).reason == .digestMismatch)

        // Swap the payload inside a validly signed envelope.
        let envelope = try DSSEEnvelope(parsing: push.blobs[0].data)
        var forged = envelope
        forged.payload = Data(String(decoding: envelope.payload, as: UTF8.self).replacingOccurrences(of: "acme", with: "evil").utf8)
        #expect(verifier.verify(envelope: forged.encoded(), imageDigest: SigningFixtures.imageDigest).reason == .wrongKey)
        // The same bytes under another payload type do not verify either (PAE binds the type).
        var retyped = envelope
        retyped.payloadType = "application/json"
        #expect(verifier.verify(envelope: retyped.encoded(), imageDigest: SigningFixtures.imageDigest).reason == .malformedPayload)

        var truncated = try JSONValue(parsing: push.blobs[0].data).objectValue!
        let sig = truncated["signatures"]![0]!["sig"]!.stringValue!
        truncated["signatures"] = .array([.object(["keyid": .string(""), "sig": .string(String(sig.dropLast(5)))])])
        #expect(verifier.verify(envelope: JSONValue.object(truncated).encoded(), imageDigest: SigningFixtures.imageDigest).reason == .malformedSignature)
        truncated["signatures"] = .array([.object(["sig": .string(Data("not der".utf8).base64EncodedString())])])
        #expect(verifier.verify(envelope: JSONValue.object(truncated).encoded(), imageDigest: SigningFixtures.imageDigest).reason == .malformedSignature)
        #expect(verifier.verify(envelope: Data("[]".utf8), imageDigest: SigningFixtures.imageDigest).reason == .malformedPayload)
    }

    @Test func signedNonStatementIsMalformedPayload() throws {
        let envelope = try DSSEEnvelope.sign(payload: Data(#"{"hello":"world"}"#.utf8), key: SigningFixtures.key).encoded()
        #expect(verifier.verify(envelope: envelope, imageDigest: SigningFixtures.imageDigest).reason == .malformedPayload)
    }

    @Test func requireAllAndNoAttestations() throws {
        let one = try attest()
        let both = try attest(key: SigningFixtures.otherKey, onto: one.manifest)
        let strict = AttestationVerifier(keys: [SigningFixtures.verificationKey, SigningFixtures.otherVerificationKey], policy: .requireAll)
        #expect(strict.verify(attestationManifest: one.manifest, blobs: SigningFixtures.blobs(one), imageDigest: SigningFixtures.imageDigest).reason == .requiredKeyMissing)
        #expect(strict.verify(attestationManifest: both.manifest, blobs: SigningFixtures.blobs(one, both), imageDigest: SigningFixtures.imageDigest).isVerified)
        #expect(strict.verify(attestationManifest: nil, blobs: [:], imageDigest: SigningFixtures.imageDigest).reason == .noSignatures)
    }
}
