import Foundation
import KubernetesChecks
import Testing

/// All findings and errors over the corpus, against a committed golden file
/// (re-record with PALISADE_RECORD_GOLDEN=1).
struct GoldenTests {
    static func render(_ result: K8sScanResult) -> String {
        var lines: [String] = []
        for f in result.findings {
            lines.append("\(Fixtures.relative(f.file)):\(f.line)\t\(f.check)\t\(f.severity.rawValue)\t\(f.kind)/\(f.namespace.map { $0 + "/" } ?? "")\(f.name)\t\(f.container ?? "-")\t\(f.message)")
        }
        for e in result.errors { lines.append("\(Fixtures.relative(e.file)):\(e.line)\tERROR\t\(e.message)") }
        let s = result.summary
        lines.append("# files \(s.files), documents \(s.documents), objects \(s.objects), workloads \(s.workloads), other kinds \(s.unknownKinds.values.reduce(0, +)), findings \(s.findings), errors \(s.errors)")
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func corpusFindingsMatchGolden() throws {
        let actual = Self.render(Fixtures.corpusScan)
        let url = Fixtures.goldenDirectory.appendingPathComponent("corpus-findings.tsv")
        if ProcessInfo.processInfo.environment["PALISADE_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Fixtures.goldenDirectory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual {
            let e = expected.split(separator: "\n"), a = actual.split(separator: "\n")
            let missing = Set(e).subtracting(a).sorted().prefix(20), extra = Set(a).subtracting(e).sorted().prefix(20)
            Issue.record("golden mismatch (PALISADE_RECORD_GOLDEN=1 to re-record)\nmissing:\n\(missing.joined(separator: "\n"))\nnew:\n\(extra.joined(separator: "\n"))")
        }
    }

    @Test func corpusScanIsComplete() {
        let s = Fixtures.corpusScan.summary
        #expect(s.files == 510)
        #expect(s.workloads >= 399)
        #expect(s.unknownKinds["CustomResourceDefinition"] == 27)
        // Every finding points at a real line.
        #expect(Fixtures.corpusScan.findings.allSatisfy { $0.line >= 1 })
    }

    /// The check list in docs/k8s-checks.md is generated from the data (re-record with PALISADE_RECORD_GOLDEN=1).
    @Test func checksDocumentIsCurrent() throws {
        let url = Fixtures.projectRoot.appendingPathComponent("docs/k8s-checks.md")
        let actual = K8sReport.checksMarkdown()
        if ProcessInfo.processInfo.environment["PALISADE_RECORD_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == actual, "docs/k8s-checks.md is stale: run the tests with PALISADE_RECORD_GOLDEN=1")
    }
}
