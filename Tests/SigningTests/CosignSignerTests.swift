import Crypto
import Foundation
import Testing
@testable import Signing

struct CosignSignerTests {
    @Test func firstSignatureMakesTheWholePush() throws {
        let push = try CosignSigner.signImage(imageDigest: SigningFixtures.imageDigest, dockerReference: SigningFixtures.reference,
                                              annotations: ["env": "prod"], key: SigningFixtures.key, existingManifest: nil)
        #expect(push.tag == "sha256-" + String(repeating: "ab", count: 32) + ".sig")
        #expect(push.changed)
        #expect(push.manifestMediaType == "application/vnd.oci.image.manifest.v1+json")
        #expect(push.manifestDigest == SigningFixtures.sha256(push.manifest))
        #expect(push.blobs.map(\.mediaType) == [SimpleSigningPayload.mediaType, CosignManifest.configMediaType])
        for blob in push.blobs { #expect(blob.digest == SigningFixtures.sha256(blob.data)) }
        let manifest = try JSONValue(parsing: push.manifest)
        #expect(manifest["config"]?["digest"] == .string(push.blobs[1].digest))
        let layer = try #require(manifest["layers"]?.arrayValue?.first)
        #expect(layer["digest"] == .string(push.blobs[0].digest))
        // The payload is cosign's, and the annotation verifies over it.
        let payload = try SimpleSigningPayload(parsing: push.blobs[0].data)
        #expect(payload.manifestDigest == SigningFixtures.imageDigest)
        #expect(payload.dockerReference == SigningFixtures.reference)
        let annotation = try #require(layer["annotations"]?[CosignManifest.signatureAnnotation]?.stringValue)
        let der = try #require(Data(base64Encoded: annotation))
        #expect(CosignKeys.verify(der, payload: push.blobs[0].data, key: SigningFixtures.key.publicKey))
        // Manifest text is compact and in go-containerregistry order.
        #expect(String(decoding: push.manifest, as: UTF8.self).hasPrefix(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":"#))
    }

    @Test func secondSignatureIsAppendedAndTheSameSignerIsDeduplicated() throws {
        let first = try CosignSigner.signImage(imageDigest: SigningFixtures.imageDigest, dockerReference: SigningFixtures.reference,
                                               key: SigningFixtures.key, existingManifest: nil)
        let second = try CosignSigner.signImage(imageDigest: SigningFixtures.imageDigest, dockerReference: SigningFixtures.reference,
                                                key: SigningFixtures.otherKey, existingManifest: first.manifest)
        #expect(second.changed)
        let layers = try #require(JSONValue(parsing: second.manifest)["layers"]?.arrayValue)
        #expect(layers.count == 2)
        // Same payload: the second layer shares the blob but carries its own signature.
        #expect(layers[0]["digest"] == layers[1]["digest"])
        #expect(layers[0]["annotations"] != layers[1]["annotations"])
        let config = try JSONValue(parsing: second.blobs.last!.data)
        #expect(config["rootfs"]?["diff_ids"]?.arrayValue?.count == 2)
        #expect(config["history"]?.arrayValue?.count == 2)

        // Signing again with the first key: cosign's duplicate detection, nothing changes.
        let again = try CosignSigner.signImage(imageDigest: SigningFixtures.imageDigest, dockerReference: SigningFixtures.reference,
                                               key: SigningFixtures.key, existingManifest: second.manifest)
        #expect(!again.changed)
        #expect(again.manifest == second.manifest)
        #expect(again.blobs.count == 1)  // only the (unchanged) config

        // Other annotations are another payload: appended.
        let annotated = try CosignSigner.signImage(imageDigest: SigningFixtures.imageDigest, dockerReference: SigningFixtures.reference,
                                                   annotations: ["a": "b"], key: SigningFixtures.key, existingManifest: second.manifest)
        #expect(annotated.changed)
        #expect(try JSONValue(parsing: annotated.manifest)["layers"]?.arrayValue?.count == 3)
    }

    @Test func attachingAnIdenticalSignatureIsANoOp() throws {
        let payload = try SimpleSigningPayload(dockerReference: "r", manifestDigest: SigningFixtures.imageDigest).encoded()
        let signature = try CosignSigner.signatureAnnotation(for: payload, key: SigningFixtures.key)
        let first = try CosignSigner.attachSignature(payload: payload, signature: signature, imageDigest: SigningFixtures.imageDigest, to: nil)
        let second = try CosignSigner.attachSignature(payload: payload, signature: signature, imageDigest: SigningFixtures.imageDigest, to: first.manifest)
        #expect(!second.changed)
        #expect(second.manifest == first.manifest)
    }

    @Test func attachRefusesMismatchedInput() throws {
        let payload = try SimpleSigningPayload(dockerReference: "r", manifestDigest: SigningFixtures.otherDigest).encoded()
        let error = #expect(throws: SigningError.self) {
            try CosignSigner.attachSignature(payload: payload, signature: "AAAA", imageDigest: SigningFixtures.imageDigest, to: nil)
        }
        #expect(error?.code == .invalidArgument)
        #expect(throws: SigningError.self) {
            try CosignSigner.attachSignature(payload: Data("{}".utf8), signature: "AAAA", imageDigest: SigningFixtures.imageDigest, to: nil)
        }
        #expect(throws: SigningError.self) {
            try CosignSigner.signImage(imageDigest: "sha256:beef", dockerReference: "r", key: SigningFixtures.key, existingManifest: nil)
        }
        #expect(throws: SigningError.self) {
            try CosignSigner.signImage(imageDigest: SigningFixtures.imageDigest, dockerReference: "r", key: SigningFixtures.key,
                                       existingManifest: Data("garbage".utf8))
        }
    }

    @Test func attestationsAppendAndReplaceByPredicateType() throws {
        let provenance = Data(#"{"builder":{"id":"https://ci.example/builder"},"buildType":"https://example/type"}"#.utf8)
        let first = try CosignSigner.attestImage(imageDigest: SigningFixtures.imageDigest, subjectName: SigningFixtures.reference,
                                                 predicateType: .slsaProvenanceV02, predicate: provenance,
                                                 key: SigningFixtures.key, existingManifest: nil)
        #expect(first.tag == "sha256-" + String(repeating: "ab", count: 32) + ".att")
        let layer = try #require(JSONValue(parsing: first.manifest)["layers"]?.arrayValue?.first)
        #expect(layer["mediaType"] == .string("application/vnd.dsse.envelope.v1+json"))
        #expect(layer["annotations"] == .object(["dev.cosignproject.cosign/signature": .string(""),
                                                 "predicateType": .string("https://slsa.dev/provenance/v0.2")]))
        let sbom = try CosignSigner.attestImage(imageDigest: SigningFixtures.imageDigest, subjectName: SigningFixtures.reference,
                                                predicateType: .cycloneDX, predicate: Data(#"{"bomFormat":"CycloneDX"}"#.utf8),
                                                key: SigningFixtures.key, existingManifest: first.manifest)
        #expect(try JSONValue(parsing: sbom.manifest)["layers"]?.arrayValue?.count == 2)
        let replaced = try CosignSigner.attestImage(imageDigest: SigningFixtures.imageDigest, subjectName: SigningFixtures.reference,
                                                    predicateType: .slsaProvenanceV02, predicate: provenance,
                                                    key: SigningFixtures.key, existingManifest: sbom.manifest, replace: true)
        let types = try #require(JSONValue(parsing: replaced.manifest)["layers"]?.arrayValue).map { $0["annotations"]?["predicateType"]?.stringValue }
        #expect(types == ["https://cyclonedx.org/bom", "https://slsa.dev/provenance/v0.2"])
    }

    @Test func attestationPredicatesAreCheckedLikeCosign() {
        for (type, predicate) in [(PredicateType.slsaProvenanceV02, #"{"builder":{}}"#), (.slsaProvenanceV1, #"{"buildDefinition":{}}"#),
                                  (.cycloneDX, "not json"), (try! PredicateType(cosignName: "https://example.com/p/v1"), "[1]")] {
            let error = #expect(throws: SigningError.self) {
                try CosignSigner.attestImage(imageDigest: SigningFixtures.imageDigest, subjectName: "r", predicateType: type,
                                             predicate: Data(predicate.utf8), key: SigningFixtures.key, existingManifest: nil)
            }
            #expect(error?.code == .invalidArgument)
        }
    }
}
