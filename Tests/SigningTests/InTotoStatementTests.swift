import Foundation
import Testing
@testable import Signing

struct InTotoStatementTests {
    let stamp = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func cosignStatementShape() throws {
        let statement = try InTotoStatement.cosign(predicateType: .cycloneDX, predicate: Data(#"{"bomFormat":"CycloneDX","specVersion":"1.5"}"#.utf8),
                                                   subjectName: SigningFixtures.reference, imageDigest: SigningFixtures.imageDigest)
        let text = String(decoding: statement.encoded(), as: UTF8.self)
        #expect(text == #"{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://cyclonedx.org/bom","subject":[{"name":"registry.example/team/app","digest":{"sha256":""# + String(repeating: "ab", count: 32) + #""}}],"predicate":{"bomFormat":"CycloneDX","specVersion":"1.5"}}"#)
        #expect(try InTotoStatement(parsing: statement.encoded()) == statement)
        #expect(statement.hasSubject(digest: SigningFixtures.imageDigest))
        #expect(!statement.hasSubject(digest: SigningFixtures.otherDigest))
    }

    @Test func customPredicateIsWrappedAsCosignDoes() throws {
        let statement = try InTotoStatement.cosign(predicateType: try PredicateType(cosignName: "custom"), predicate: Data("foo\n".utf8),
                                                   subjectName: "r", imageDigest: SigningFixtures.imageDigest, timestamp: stamp)
        #expect(statement.predicateType == "https://cosign.sigstore.dev/attestation/v1")
        #expect(String(decoding: statement.predicate.encoded(), as: UTF8.self) == #"{"Data":"foo\n","Timestamp":"2023-11-14T22:13:20Z"}"#)
        // The URI spelled out behaves the same.
        let byURI = try InTotoStatement.cosign(predicateType: try PredicateType(cosignName: "https://cosign.sigstore.dev/attestation/v1"),
                                               predicate: Data("foo\n".utf8), subjectName: "r", imageDigest: SigningFixtures.imageDigest, timestamp: stamp)
        #expect(byURI == statement)
    }

    @Test func spdxTextAndJSON() throws {
        let text = try InTotoStatement.cosign(predicateType: .spdx, predicate: Data("SPDXVersion: SPDX-2.3\n".utf8), subjectName: "r",
                                              imageDigest: SigningFixtures.imageDigest)
        #expect(text.predicate == .string("SPDXVersion: SPDX-2.3\n"))
        let json = try InTotoStatement.cosign(predicateType: try PredicateType(cosignName: "spdxjson"), predicate: Data(#"{"spdxVersion":"SPDX-2.3"}"#.utf8),
                                              subjectName: "r", imageDigest: SigningFixtures.imageDigest)
        #expect(json.predicate["spdxVersion"] == .string("SPDX-2.3"))
        #expect(json.predicateType == text.predicateType)
    }

    @Test func predicateTypeNames() throws {
        #expect(try PredicateType(cosignName: "slsaprovenance").uri == "https://slsa.dev/provenance/v0.2")
        #expect(try PredicateType(cosignName: "slsaprovenance02").uri == "https://slsa.dev/provenance/v0.2")
        #expect(try PredicateType(cosignName: "slsaprovenance1").uri == "https://slsa.dev/provenance/v1")
        #expect(try PredicateType(cosignName: "spdx").uri == "https://spdx.dev/Document")
        #expect(try PredicateType(cosignName: "cyclonedx").uri == "https://cyclonedx.org/bom")
        #expect(try PredicateType(cosignName: "custom").uri == "https://cosign.sigstore.dev/attestation/v1")
        #expect(try PredicateType(cosignName: "vuln").uri == "https://cosign.sigstore.dev/attestation/vuln/v1")
        #expect(try PredicateType(cosignName: "https://example.com/p/v1").uri == "https://example.com/p/v1")
        #expect(PredicateType.spdx == PredicateType.spdxJSON)
        #expect(throws: SigningError.self) { try PredicateType(cosignName: "sbom") }
        #expect(throws: SigningError.self) { try PredicateType(cosignName: "https://a b") }
    }

    @Test func v1StatementsWithoutNamesAreReadAndWritten() throws {
        let json = #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"\#(String(repeating: "ab", count: 32))"},"annotations":{"a":"b"}}],"predicateType":"https://sigstore.dev/cosign/sign/v1","predicate":{}}"#
        let statement = try InTotoStatement(parsing: Data(json.utf8))
        #expect(statement.subjects.first?.name == "")
        #expect(statement.subjects.first?.annotations == ["a": .string("b")])
        #expect(statement.hasSubject(digest: SigningFixtures.imageDigest))
        #expect(!String(decoding: statement.encoded(), as: UTF8.self).contains("\"name\""))
    }

    @Test(arguments: [
        #"{"_type":"https://in-toto.io/Statement/v9","predicateType":"p","subject":[{"digest":{"sha256":"a"}}]}"#,
        #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"a"}}]}"#,
        #"{"_type":"https://in-toto.io/Statement/v1","predicateType":"p","subject":[]}"#,
        #"{"_type":"https://in-toto.io/Statement/v1","predicateType":"p","subject":[{"name":"x"}]}"#,
        #"{"_type":"https://in-toto.io/Statement/v1","predicateType":"p","subject":[{"digest":{"sha256":1}}]}"#,
    ])
    func malformedStatements(_ json: String) {
        #expect((#expect(throws: SigningError.self) { try InTotoStatement(parsing: Data(json.utf8)) })?.code == .malformedDocument)
    }
}
