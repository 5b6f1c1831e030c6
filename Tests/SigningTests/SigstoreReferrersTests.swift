import Foundation
import Testing
@testable import Signing

struct SigstoreReferrersTests {
    let subject = OCIDescriptor(mediaType: "application/vnd.oci.image.manifest.v1+json", digest: SigningFixtures.imageDigest, size: 1234)
    let created = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func referrerManifestHasCosignsShape() throws {
        let bundle = try SigstoreBundle.signingImage(imageDigest: SigningFixtures.imageDigest, key: SigningFixtures.key)
        let push = SigstoreReferrers.referrer(bundle: bundle.encoded(), subject: subject, content: bundle.content.annotationValue,
                                              predicateType: PredicateType.cosignSign.uri, created: created)
        #expect(push.tag == nil)
        #expect(push.blobs.map(\.data) == [Data("{}".utf8), bundle.encoded()])
        #expect(push.blobs[0].digest == "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
        let manifest = try JSONValue(parsing: push.manifest)
        #expect(manifest["artifactType"] == .string("application/vnd.dev.sigstore.bundle.v0.3+json"))
        #expect(manifest["config"]?["mediaType"] == .string("application/vnd.oci.empty.v1+json"))
        #expect(manifest["config"]?["size"] == .int(2))
        #expect(manifest["subject"] == .object(["mediaType": .string(subject.mediaType), "digest": .string(subject.digest), "size": .int(1234)]))
        #expect(manifest["annotations"] == .object([
            "dev.sigstore.bundle.content": .string("dsse-envelope"),
            "dev.sigstore.bundle.predicateType": .string("https://sigstore.dev/cosign/sign/v1"),
            "org.opencontainers.image.created": .string("2023-11-14T22:13:20Z"),
        ]))
        // Reading it back yields the bundle layer.
        let layer = try SigstoreReferrers.bundleLayer(referrerManifest: push.manifest, subjectDigest: SigningFixtures.imageDigest)
        #expect(layer.digest == push.blobs[1].digest)
        #expect((#expect(throws: SigningError.self) {
            try SigstoreReferrers.bundleLayer(referrerManifest: push.manifest, subjectDigest: SigningFixtures.otherDigest)
        })?.code == .malformedDocument)
    }

    @Test func fallbackIndexAndCandidates() throws {
        let sign = try SigstoreBundle.signingImage(imageDigest: SigningFixtures.imageDigest, key: SigningFixtures.key)
        let signPush = SigstoreReferrers.referrer(bundle: sign.encoded(), subject: subject, content: "dsse-envelope",
                                                  predicateType: PredicateType.cosignSign.uri, created: created)
        let attestPush = SigstoreReferrers.referrer(bundle: sign.encoded() + Data(" ".utf8), subject: subject, content: "dsse-envelope",
                                                    predicateType: PredicateType.slsaProvenanceV1.uri, created: created)
        #expect(try SigstoreReferrers.fallbackTag(forImageDigest: SigningFixtures.imageDigest) == "sha256-" + String(repeating: "ab", count: 32))
        var index = try SigstoreReferrers.addingToFallbackIndex(try SigstoreReferrers.indexDescriptor(forReferrerManifest: signPush.manifest), existingIndex: nil)
        index = try SigstoreReferrers.addingToFallbackIndex(try SigstoreReferrers.indexDescriptor(forReferrerManifest: attestPush.manifest), existingIndex: index)
        let again = try SigstoreReferrers.addingToFallbackIndex(try SigstoreReferrers.indexDescriptor(forReferrerManifest: attestPush.manifest), existingIndex: index)
        #expect(again == index)
        let all = try SigstoreReferrers.bundleCandidates(referrersIndex: index)
        #expect(all.map(\.digest) == [signPush.manifestDigest, attestPush.manifestDigest])
        #expect(all.first?.artifactType == SigstoreBundle.mediaTypeV03)
        let signs = try SigstoreReferrers.bundleCandidates(referrersIndex: index, predicateType: PredicateType.cosignSign.uri)
        #expect(signs.map(\.digest) == [signPush.manifestDigest])
    }

    @Test func candidatesFromARegistryResponse() throws {
        // A referrers response: a notation signature, a bundle without annotations (cosign's fallback write
        // drops them), and an SBOM bundle.
        let d = { (c: String) in "sha256:" + String(repeating: c, count: 64) }
        let index = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(d("1"))","size":700,"artifactType":"application/vnd.cncf.notary.signature"},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(d("2"))","size":800,"artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json"},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(d("3"))","size":900,"artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json",
              "annotations":{"dev.sigstore.bundle.predicateType":"https://cyclonedx.org/bom"}}]}
            """
        #expect(try SigstoreReferrers.bundleCandidates(referrersIndex: Data(index.utf8)).map(\.digest) == [d("2"), d("3")])
        #expect(try SigstoreReferrers.bundleCandidates(referrersIndex: Data(index.utf8), predicateType: PredicateType.cosignSign.uri).map(\.digest) == [d("2")])
        #expect(try SigstoreReferrers.bundleCandidates(referrersIndex: Data(#"{"schemaVersion":2,"manifests":[]}"#.utf8)).isEmpty)
        #expect(throws: SigningError.self) { try SigstoreReferrers.bundleCandidates(referrersIndex: Data(#"{"schemaVersion":2}"#.utf8)) }
        var limits = SigningLimits()
        limits.maxLayers = 2
        #expect((#expect(throws: SigningError.self) { try SigstoreReferrers.bundleCandidates(referrersIndex: Data(index.utf8), limits: limits) })?.code == .tooLarge)
    }

    @Test func notABundleReferrer() {
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":"application/vnd.cncf.notary.signature","config":{"mediaType":"application/vnd.oci.empty.v1+json","size":2,"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"layers":[]}"#
        #expect(throws: SigningError.self) { try SigstoreReferrers.bundleLayer(referrerManifest: Data(manifest.utf8), subjectDigest: SigningFixtures.imageDigest) }
    }
}
