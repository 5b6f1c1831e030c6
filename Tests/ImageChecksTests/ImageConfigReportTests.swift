import Foundation
import Testing
@testable import ImageChecks

struct ImageConfigReportTests {
    @Test func textReportReadsLikeHadolint() throws {
        let findings = try DockerfileLinter().lint("FROM ubuntu\nUSER 1000\nHEALTHCHECK CMD true\n", fileName: "Dockerfile")
        #expect(ImageConfigReport.text(findings) == "Dockerfile:1 PAL-IMG-006 MEDIUM Image :latest or untagged: FROM ubuntu has no tag, so it means :latest [DL3006]\n1 findings (1 MEDIUM)\n")
        #expect(ImageConfigReport.text([]) == "no findings\n")
        let json = String(decoding: try ImageConfigReport.json(findings), as: UTF8.self)
        #expect(json.contains("\"checkID\" : \"PAL-IMG-006\""))
        let catalogue = String(decoding: try ImageConfigReport.catalogue(), as: UTF8.self)
        #expect(catalogue.contains("\"id\" : \"PAL-IMG-020\""))
    }

    @Test func linterReadsFiles() throws {
        let path = HadolintComparisonTests.fixtures.appendingPathComponent("gunicorn-h2spec.Dockerfile").path
        let findings = try DockerfileLinter().lint(fileAt: path)
        #expect(findings.map(\.checkID) == ["PAL-IMG-001", "PAL-IMG-002", "PAL-IMG-016"])
        #expect(findings.allSatisfy { $0.location.file == path })
    }
}
