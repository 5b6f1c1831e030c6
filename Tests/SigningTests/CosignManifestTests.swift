import Foundation
import Testing
@testable import Signing

struct CosignManifestTests {
    @Test func tags() throws {
        #expect(try CosignManifest.tag(forImageDigest: SigningFixtures.imageDigest, kind: .signatures) == "sha256-" + String(repeating: "ab", count: 32) + ".sig")
        #expect(try CosignManifest.tag(forImageDigest: SigningFixtures.imageDigest, kind: .attestations).hasSuffix(".att"))
        #expect(throws: SigningError.self) { try CosignManifest.tag(forImageDigest: "latest", kind: .signatures) }
    }

    @Test func oracleExampleParsesAndItsConfigIsRebuiltExactly() throws {
        let data = try SigningFixtures.oracleData("example-sig-manifest.json")
        let manifest = try CosignManifest(parsing: data, kind: .signatures)
        #expect(manifest.layers.count == 1)
        let entry = try #require(manifest.entries.first)
        #expect(entry.descriptor.digest == "sha256:5c41ff2b79b4760512068bf192c9d5e360b6a44c117f3d550086aeeb4fd5a836")
        #expect(entry.descriptor.size == 239)
        #expect(entry.descriptor.annotations?[CosignManifest.signatureAnnotation]?.hasPrefix("MEYCIQ") == true)
        // The config we build from the layers is byte-identical to the one the example references.
        let config = manifest.configBlob()
        #expect(config.count == 233)
        #expect(SigningFixtures.sha256(config) == "sha256:e638249bc93b860f8acf9fd4abb7351a49932d1c5ade20d658045b144ed329c6")
        // Re-encoding gives the compact form of the same manifest.
        let reencoded = manifest.encoded(config: .describing(config, mediaType: CosignManifest.configMediaType))
        let original = try JSONValue(parsing: data)
        #expect(try JSONValue(parsing: reencoded) == original)
    }

    @Test func keepsUnknownAnnotationsLayersAndMembers() throws {
        let text = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":2,"digest":"\(SigningFixtures.otherDigest)"},
             "layers":[
              {"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":10,"digest":"\(SigningFixtures.imageDigest)",
               "annotations":{"dev.cosignproject.cosign/signature":"MEUC","dev.sigstore.cosign/certificate":"-----BEGIN CERTIFICATE-----\\n","dev.sigstore.cosign/bundle":"{}"},
               "urls":["https://example/blob"]},
              {"mediaType":"application/vnd.example.other","size":1,"digest":"\(SigningFixtures.otherDigest)"}
             ],
             "annotations":{"org.example":"kept"}}
            """
        var manifest = try CosignManifest(parsing: Data(text.utf8), kind: .signatures)
        #expect(manifest.layers.count == 2)
        #expect(manifest.entries.map(\.index) == [0])
        let layer = OCIDescriptor.describing(Data("x".utf8), mediaType: SimpleSigningPayload.mediaType,
                                             annotations: [CosignManifest.signatureAnnotation: "sig"])
        let added = manifest.append(layer)
        let addedAgain = manifest.append(layer)
        #expect(added)
        #expect(!addedAgain)   // identical: not appended twice
        let config = manifest.configBlob()
        let written = try JSONValue(parsing: manifest.encoded(config: .describing(config, mediaType: CosignManifest.configMediaType)))
        let layers = try #require(written["layers"]?.arrayValue)
        #expect(layers.count == 3)
        #expect(layers[0]["annotations"]?["dev.sigstore.cosign/certificate"] == .string("-----BEGIN CERTIFICATE-----\n"))
        #expect(layers[0]["urls"] == .array([.string("https://example/blob")]))
        #expect(written["annotations"]?["org.example"] == .string("kept"))
        let diffIDs = try #require(JSONValue(parsing: config)["rootfs"]?["diff_ids"]?.arrayValue)
        #expect(diffIDs == manifest.layers.map { .string($0.digest) })
    }

    @Test(arguments: [
        #"{"schemaVersion":1,"layers":[]}"#,
        #"{"schemaVersion":2}"#,
        #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","layers":[]}"#,
        #"{"schemaVersion":2,"layers":[{"mediaType":"x","size":-1,"digest":"sha256:00"}]}"#,
        #"{"schemaVersion":2,"layers":[{"mediaType":"x","size":1,"digest":"nope"}]}"#,
        #"{"schemaVersion":2,"layers":[{"mediaType":"x","size":1.5,"digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000"}]}"#,
        #"{"schemaVersion":2,"layers":[{"mediaType":"x","size":1,"digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","annotations":{"a":1}}]}"#,
        "not json",
    ])
    func malformedManifestsAreRefused(_ text: String) {
        let error = #expect(throws: SigningError.self) { try CosignManifest(parsing: Data(text.utf8), kind: .signatures) }
        #expect(error?.code == .malformedDocument)
    }

    @Test func sizesAndCountsAreBounded() throws {
        var limits = SigningLimits()
        limits.maxLayers = 2
        let layer = #"{"mediaType":"x","size":1,"digest":"\#(SigningFixtures.imageDigest)"}"#
        let three = #"{"schemaVersion":2,"layers":[\#(layer),\#(layer),\#(layer)]}"#
        #expect((#expect(throws: SigningError.self) { try CosignManifest(parsing: Data(three.utf8), kind: .signatures, limits: limits) })?.code == .tooLarge)
        limits.maxManifestBytes = 10
        #expect((#expect(throws: SigningError.self) { try CosignManifest(parsing: Data(three.utf8), kind: .signatures, limits: limits) })?.code == .tooLarge)
    }
}
