import Crypto
import Foundation
import Testing
@testable import Signing

struct SignatureVerifierTests {
    let expected = try! ExpectedImage(digest: SigningFixtures.imageDigest)
    var verifier: SignatureVerifier { SignatureVerifier(keys: [SigningFixtures.verificationKey, SigningFixtures.otherVerificationKey]) }

    func signed(by key: P256.Signing.PrivateKey = SigningFixtures.key, digest: String = SigningFixtures.imageDigest,
                annotations: [String: String]? = nil, onto existing: Data? = nil) throws -> CosignPush {
        try CosignSigner.signImage(imageDigest: digest, dockerReference: SigningFixtures.reference, annotations: annotations,
                                   key: key, existingManifest: existing)
    }

    /// A `.sig` manifest with one layer for `payload` and `signature` (as an attacker could write it).
    func manifest(payload: Data, signature: String) -> Data {
        var manifest = CosignManifest(kind: .signatures)
        manifest.append(.describing(payload, mediaType: SimpleSigningPayload.mediaType,
                                    annotations: [CosignManifest.signatureAnnotation: signature]))
        return manifest.encoded(config: .describing(manifest.configBlob(), mediaType: CosignManifest.configMediaType))
    }

    @Test func verifiesAndNamesTheKey() throws {
        let push = try signed()
        let toFetch = try verifier.blobsToFetch(signatureManifest: push.manifest)
        #expect(toFetch.map(\.digest) == [push.blobs[0].digest])
        let report = verifier.verify(signatureManifest: push.manifest, blobs: SigningFixtures.blobs(push), expected: expected)
        #expect(report.isVerified)
        #expect(report.reason == .verified)
        #expect(report.satisfiedKeys == [SigningFixtures.verificationKey.identity])
        #expect(report.missingKeys == [SigningFixtures.otherVerificationKey.identity])
        let check = try #require(report.checks.first)
        #expect(check.verifiedBy.map(\.name) == ["mine.pub"])
        #expect(check.verifiedBy.first?.fingerprint == SigningFixtures.verificationKey.fingerprint)
        #expect(check.payload?.dockerReference == SigningFixtures.reference)
        #expect(check.layerIndex == 0)
    }

    @Test func noManifestOrNoEntriesIsNoSignatures() throws {
        let none = verifier.verify(signatureManifest: nil, blobs: [:], expected: expected)
        #expect(!none.isVerified)
        #expect(none.reason == .noSignatures)
        var empty = CosignManifest(kind: .signatures)
        empty.append(.describing(Data("x".utf8), mediaType: "application/vnd.example.other"))
        let data = empty.encoded(config: .describing(empty.configBlob(), mediaType: CosignManifest.configMediaType))
        #expect(verifier.verify(signatureManifest: data, blobs: [:], expected: expected).reason == .noSignatures)
    }

    @Test func wrongKey() throws {
        let push = try signed()
        let onlyOther = SignatureVerifier(keys: [SigningFixtures.otherVerificationKey])
        let report = onlyOther.verify(signatureManifest: push.manifest, blobs: SigningFixtures.blobs(push), expected: expected)
        #expect(!report.isVerified)
        #expect(report.reason == .wrongKey)
        #expect(report.checks.first?.verifiedBy == [])
        #expect(report.checks.first?.payload == nil)   // an unverified payload is never surfaced
    }

    @Test func tamperedPayloadIsWrongKeyAndSubstitutedBlobIsCaught() throws {
        let push = try signed()
        let payload = push.blobs[0].data
        let signature = try #require(JSONValue(parsing: push.manifest)["layers"]?[0]?["annotations"]?[CosignManifest.signatureAnnotation]?.stringValue)
        // The registry serves other bytes under the layer's digest: caught before any crypto.
        var tampered = payload
        tampered[tampered.count - 3] ^= 0x01
        let substituted = verifier.verify(signatureManifest: push.manifest, blobs: [push.blobs[0].digest: tampered], expected: expected)
        #expect(substituted.reason == .blobDigestMismatch)
        // An attacker rewrites the manifest around a tampered payload, keeping the signature.
        let other = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: SigningFixtures.reference, with: "evil.example/app")
        let forged = manifest(payload: Data(other.utf8), signature: signature)
        let report = verifier.verify(signatureManifest: forged, blobs: [SigningFixtures.sha256(Data(other.utf8)): Data(other.utf8)], expected: expected)
        #expect(report.reason == .wrongKey)
    }

    @Test func payloadForAnotherDigest() throws {
        let push = try signed(digest: SigningFixtures.otherDigest)
        // Served under this image's tag by someone who copied it over.
        let report = verifier.verify(signatureManifest: push.manifest, blobs: SigningFixtures.blobs(push), expected: expected)
        #expect(report.reason == .digestMismatch)
        #expect(report.checks.first?.verifiedBy == [SigningFixtures.verificationKey.identity])
        #expect(report.checks.first?.detail.contains(SigningFixtures.otherDigest) == true)
    }

    @Test func truncatedOrGarbledSignatures() throws {
        let payload = try SimpleSigningPayload(dockerReference: "r", manifestDigest: SigningFixtures.imageDigest).encoded()
        let good = try CosignSigner.signatureAnnotation(for: payload, key: SigningFixtures.key)
        for bad in [String(good.dropLast(3)), String(good.dropLast(4)), String(good.prefix(20)), "!!!!", "", " " + good,
                    Data("not DER at all".utf8).base64EncodedString()] {
            let check = verifier.verify(payload: payload, signature: bad, expected: expected)
            #expect(check.reason == .malformedSignature, "\(bad): \(check.detail)")
        }
        #expect(verifier.verify(payload: payload, signature: nil, expected: expected).reason == .malformedSignature)
        #expect(verifier.verify(payload: payload, signature: good, expected: expected).reason == .verified)
        let report = verifier.verify(signatureManifest: manifest(payload: payload, signature: String(good.dropLast(4))),
                                     blobs: [SigningFixtures.sha256(payload): payload], expected: expected)
        #expect(report.reason == .malformedSignature)
    }

    @Test func signedGarbageIsMalformedPayload() throws {
        let payload = Data(#"{"critical":{"type":"something else"}}"#.utf8)
        let signature = try CosignSigner.signatureAnnotation(for: payload, key: SigningFixtures.key)
        #expect(verifier.verify(payload: payload, signature: signature, expected: expected).reason == .malformedPayload)
    }

    @Test func referenceAndAnnotations() throws {
        let push = try signed(annotations: ["env": "prod", "team": "a"])
        let blobs = SigningFixtures.blobs(push)
        func reason(_ expectation: ExpectedImage) -> VerificationReason {
            verifier.verify(signatureManifest: push.manifest, blobs: blobs, expected: expectation).reason
        }
        #expect(reason(try ExpectedImage(digest: SigningFixtures.imageDigest, dockerReference: SigningFixtures.reference)) == .verified)
        #expect(reason(try ExpectedImage(digest: SigningFixtures.imageDigest, dockerReference: "registry.example/other")) == .referenceMismatch)
        #expect(reason(try ExpectedImage(digest: SigningFixtures.imageDigest, annotations: ["env": "prod"])) == .verified)
        #expect(reason(try ExpectedImage(digest: SigningFixtures.imageDigest, annotations: ["env": "prod", "team": "a"])) == .verified)
        #expect(reason(try ExpectedImage(digest: SigningFixtures.imageDigest, annotations: ["env": "dev"])) == .annotationMismatch)
        #expect(reason(try ExpectedImage(digest: SigningFixtures.imageDigest, annotations: ["owner": "x"])) == .annotationMismatch)
        #expect(throws: SigningError.self) { try ExpectedImage(digest: "sha256:nope") }
    }

    @Test func requireAllKeys() throws {
        let one = try signed()
        let both = try signed(by: SigningFixtures.otherKey, onto: one.manifest)
        let strict = SignatureVerifier(keys: [SigningFixtures.verificationKey, SigningFixtures.otherVerificationKey], policy: .requireAll)
        let partial = strict.verify(signatureManifest: one.manifest, blobs: SigningFixtures.blobs(one), expected: expected)
        #expect(!partial.isVerified)
        #expect(partial.reason == .requiredKeyMissing)
        #expect(partial.missingKeys.map(\.name) == ["other.pub"])
        let full = strict.verify(signatureManifest: both.manifest, blobs: SigningFixtures.blobs(one, both), expected: expected)
        #expect(full.isVerified)
        #expect(Set(full.satisfiedKeys.map(\.name)) == ["mine.pub", "other.pub"])
        // A valid signature for another digest does not satisfy a key.
        let wrongDigest = try signed(by: SigningFixtures.otherKey, digest: SigningFixtures.otherDigest, onto: one.manifest)
        let mixed = strict.verify(signatureManifest: wrongDigest.manifest, blobs: SigningFixtures.blobs(one, wrongDigest), expected: expected)
        #expect(!mixed.isVerified)
        #expect(mixed.checks.map(\.reason) == [.verified, .digestMismatch])
        #expect(SignatureVerifier(keys: [], policy: .requireAll).verify(signatureManifest: one.manifest, blobs: SigningFixtures.blobs(one), expected: expected).isVerified == false)
    }

    @Test func missingAndOversizedBlobs() throws {
        let push = try signed()
        #expect(verifier.verify(signatureManifest: push.manifest, blobs: [:], expected: expected).reason == .missingBlob)
        var limits = SigningLimits()
        limits.maxPayloadBytes = 10
        let small = SignatureVerifier(keys: [SigningFixtures.verificationKey], limits: limits)
        #expect(try small.blobsToFetch(signatureManifest: push.manifest).isEmpty)
        #expect(small.verify(signatureManifest: push.manifest, blobs: SigningFixtures.blobs(push), expected: expected).reason == .tooLarge)
        #expect(verifier.verify(signatureManifest: Data("{".utf8), blobs: [:], expected: expected).reason == .malformedManifest)
    }

    @Test func verifiedWinsOverOtherFailures() throws {
        let bad = try signed(by: P256.Signing.PrivateKey())
        let good = try signed(onto: bad.manifest)
        let report = verifier.verify(signatureManifest: good.manifest, blobs: SigningFixtures.blobs(bad, good), expected: expected)
        #expect(report.isVerified)
        #expect(report.checks.map(\.reason) == [.wrongKey, .verified])
        #expect(report.verifiedChecks.count == 1)
    }
}
