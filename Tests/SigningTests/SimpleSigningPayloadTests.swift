import Foundation
import Testing
@testable import Signing

struct SimpleSigningPayloadTests {
    @Test func encodesExactlyAsCosign() throws {
        let payload = try SimpleSigningPayload(dockerReference: "127.0.0.1:5000/demo/app",
                                               manifestDigest: SigningFixtures.exampleImageDigest)
        #expect(String(decoding: payload.encoded(), as: UTF8.self) == #"{"critical":{"identity":{"docker-reference":"127.0.0.1:5000/demo/app"},"image":{"docker-manifest-digest":"sha256:6aa79620d83663e04a2b25c4d7f2bacd2d9352dcb9f3e30577952af9beebfc9b"},"type":"cosign container image signature"},"optional":null}"#)
    }

    @Test func matchesTheOracleExampleByteForByte() throws {
        let payload = try SimpleSigningPayload(dockerReference: "127.0.0.1:5000/demo/app",
                                               manifestDigest: SigningFixtures.exampleImageDigest)
        #expect(payload.encoded() == (try SigningFixtures.oracleData("example-simplesigning-payload.json")))
    }

    @Test func annotationsAreSortedAndReadBack() throws {
        let payload = try SimpleSigningPayload(dockerReference: "r/x", manifestDigest: SigningFixtures.imageDigest,
                                               annotations: ["team": "a&b", "env": "prod"])
        let text = String(decoding: payload.encoded(), as: UTF8.self)
        #expect(text.hasSuffix(#","optional":{"env":"prod","team":"a\u0026b"}}"#))
        let read = try SimpleSigningPayload(parsing: payload.encoded())
        #expect(read == payload)
        #expect(read.annotations == ["team": "a&b", "env": "prod"])
        #expect(read.hasAnnotations(["env": "prod"]))
        #expect(!read.hasAnnotations(["env": "dev"]))
        #expect(!read.hasAnnotations(["owner": "x"]))
        #expect(try SimpleSigningPayload(dockerReference: "r/x", manifestDigest: SigningFixtures.imageDigest, annotations: [:]).optional == nil)
    }

    @Test func nonStringAnnotationsAreKeptButNotMatchedAsStrings() throws {
        let text = #"{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"\#(SigningFixtures.imageDigest)"},"type":"cosign container image signature"},"optional":{"n":1,"s":"1","extra":{"deep":[true]}},"unknown":1}"#
        let payload = try SimpleSigningPayload(parsing: Data(text.utf8))
        #expect(payload.annotations == ["s": "1"])
        #expect(payload.optional?["n"] == .number("1"))
        #expect(!payload.hasAnnotations(["n": "1"]))
    }

    @Test func invalidArgumentsAreRefused() {
        for digest in ["sha256:abc", "sha512:" + String(repeating: "a", count: 128), SigningFixtures.imageDigest.uppercased(), "sha256:" + String(repeating: "g", count: 64)] {
            let error = #expect(throws: SigningError.self) { try SimpleSigningPayload(dockerReference: "r", manifestDigest: digest) }
            #expect(error?.code == .invalidArgument)
        }
        #expect(throws: SigningError.self) { try SimpleSigningPayload(dockerReference: "", manifestDigest: SigningFixtures.imageDigest) }
    }

    @Test(arguments: [
        (#"{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":"other"},"optional":null}"#, "unknown type"),
        (#"{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":1},"optional":null}"#, "'critical.type' is not a string"),
        (#"{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"sha256:00"},"type":"cosign container image signature"}}"#, "is not sha256"),
        (#"{"critical":{"identity":{"docker-reference":"r"},"image":{},"type":"cosign container image signature"}}"#, "docker-manifest-digest' is not a string"),
        (#"{"critical":{"identity":{},"image":{"docker-manifest-digest":"D"},"type":"cosign container image signature"}}"#, "docker-reference' is not a string"),
        (#"{"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":"D"},"type":"cosign container image signature"},"optional":[1]}"#, "'optional' is neither"),
        (#"{"optional":null}"#, "no 'critical' object"),
        (#"[]"#, "no 'critical' object"),
    ])
    func malformedPayloadsAreNamed(_ text: String, _ expected: String) {
        let json = text.replacingOccurrences(of: "\"D\"", with: "\"\(SigningFixtures.imageDigest)\"")
        let error = #expect(throws: SigningError.self) { try SimpleSigningPayload(parsing: Data(json.utf8)) }
        #expect(error?.code == .malformedDocument)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test func sizeIsBounded() throws {
        var limits = SigningLimits()
        limits.maxPayloadBytes = 100
        let payload = try SimpleSigningPayload(dockerReference: "r", manifestDigest: SigningFixtures.imageDigest).encoded()
        let error = #expect(throws: SigningError.self) { try SimpleSigningPayload(parsing: payload, limits: limits) }
        #expect(error?.code == .tooLarge)
    }
}
