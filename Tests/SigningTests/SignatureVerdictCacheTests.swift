import Crypto
import Foundation
import Synchronization
import Testing
@testable import Signing

/// Verdicts are cached per image digest and key-set content (never per tag), expire, and survive in a file.
struct SignatureVerdictCacheTests {
    static let digestA = "sha256:" + String(repeating: "a", count: 64)
    static let digestB = "sha256:" + String(repeating: "b", count: 64)
    static let keyA = VerificationKey(P256.Signing.PrivateKey().publicKey, name: "a.pub")
    static let keyB = VerificationKey(P256.Signing.PrivateKey().publicKey, name: "b.pub")

    final class Clock: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_000_000))
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
        var now: Date { time.withLock { $0 } }
    }

    @Test func cachedPerDigestAndKeySetContent() async throws {
        let clock = Clock()
        let cache = SignatureVerdictCache(timeToLive: 60, now: { clock.now })
        let calls = Mutex(0)
        let release = KeySet(name: "release", keys: [Self.keyA, Self.keyB])
        func ask(_ digest: String, _ set: KeySet) async throws -> SignatureVerdictCache.Verdict {
            try await cache.verdict(digest: digest, keySet: set, subject: "signature") {
                calls.withLock { $0 += 1 }
                return (true, "verified")
            }
        }
        _ = try await ask(Self.digestA, release)
        _ = try await ask(Self.digestA, release)
        #expect(calls.withLock { $0 } == 1)
        // The same keys under another name and order: the same verdict.
        _ = try await ask(Self.digestA, KeySet(name: "prod", keys: [Self.keyB, Self.keyA]))
        #expect(calls.withLock { $0 } == 1)
        // Another digest, another key set content, another policy: computed anew.
        _ = try await ask(Self.digestB, release)
        _ = try await ask(Self.digestA, KeySet(name: "release", keys: [Self.keyA]))
        _ = try await ask(Self.digestA, KeySet(name: "release", keys: [Self.keyA, Self.keyB], policy: .requireAll))
        #expect(calls.withLock { $0 } == 4)
        // Expiry.
        clock.advance(61)
        _ = try await ask(Self.digestA, release)
        #expect(calls.withLock { $0 } == 5)
    }

    @Test func tagsAreNeverKeys() async {
        let cache = SignatureVerdictCache()
        for reference in ["latest", "registry.example.com/app:1.0", "sha256:abc", "sha256:" + String(repeating: "A", count: 64)] {
            await #expect(throws: SigningError.self) {
                _ = try await cache.verdict(digest: reference, keySet: KeySet(name: "k", keys: [Self.keyA]), subject: "signature") { (true, "verified") }
            }
        }
        #expect(await cache.count == 0)
    }

    @Test func verdictsSurviveInTheFile() async throws {
        let file = NSTemporaryDirectory() + "verdicts-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let set = KeySet(name: "release", keys: [Self.keyA])
        let first = SignatureVerdictCache(file: file)
        _ = try await first.verdict(digest: Self.digestA, keySet: set, subject: "signature") { (false, "wrongKey") }
        try await first.save()
        let second = SignatureVerdictCache(file: file)
        let verdict = try #require(await second.verdict(digest: Self.digestA, keySet: set, subject: "signature"))
        #expect(!verdict.verified && verdict.reason == "wrongKey")
        #expect(await second.verdict(digest: Self.digestA, keySet: set, subject: "attestation https://slsa.dev/provenance/v0.2") == nil)
        // A corrupt file is an empty cache, not a crash.
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: file))
        #expect(await SignatureVerdictCache(file: file).count == 0)
    }

    @Test func factsAnswerThePolicyQuestions() {
        let facts = SignatureFacts(digest: Self.digestA, verifiedKeySets: ["release"],
                                   verifiedAttestations: ["release": ["https://slsa.dev/provenance/v0.2"]])
        #expect(facts.isSigned(by: "release") && !facts.isSigned(by: "dev"))
        #expect(facts.hasAttestation("https://slsa.dev/provenance/v0.2"))
        #expect(facts.hasAttestation("https://slsa.dev/provenance/v0.2", by: "release"))
        #expect(!facts.hasAttestation("https://cyclonedx.org/bom"))
    }
}
