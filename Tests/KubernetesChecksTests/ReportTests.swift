import Foundation
import KubernetesChecks
import Testing

struct ReportTests {
    static let yaml = """
        apiVersion: v1
        kind: Pod
        metadata: {name: "<script>alert(1)</script>", namespace: "a&b"}
        spec:
          hostNetwork: true
          containers:
          - name: c
            image: nginx
            env: [{name: DB_PASSWORD, value: hunter2-not-printed}]
        ---
        kind: Pod
        metadata: {name: broken
        """
    static let result = Fixtures.scan(Self.yaml, name: "dir with space/pod.yaml")

    static func write(_ data: Data, _ ext: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-k8s-\(UUID().uuidString).\(ext)").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func python(_ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }

    @Test func jsonHasTheDocumentedFieldsAndNoSecretValues() throws {
        let data = try K8sReport.json(Self.result)
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("hunter2"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = try #require(root["findings"] as? [[String: Any]])
        let hostNetwork = try #require(findings.first { $0["check"] as? String == "host-network" })
        for key in ["check", "severity", "file", "line", "kind", "name", "namespace", "message", "remediation", "controls"] {
            #expect(hostNetwork[key] != nil, "\(key)")
        }
        #expect(hostNetwork["line"] as? Int == 5)
        #expect((hostNetwork["controls"] as? [String])?.contains("cis-k8s:5.2.5") == true)
        #expect(findings.contains { $0["check"] as? String == "secret-literal-env" && $0["container"] as? String == "c" })
        let errors = try #require(root["errors"] as? [[String: Any]])
        #expect(errors.first?["file"] as? String == "dir with space/pod.yaml" && (errors.first?["line"] as? Int ?? 0) >= 12)
        #expect(root["summary"] is [String: Any])
    }

    @Test func sarifIsSchemaValid() throws {
        let path = try Self.write(try K8sReport.sarif(Self.result, toolVersion: "0.1.0"), "sarif")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try Self.python([Fixtures.projectRoot.appendingPathComponent("Tests/Support/validate_sarif.py").path, path])
        #expect(status == 0, "\(output)")
        let corpus = try Self.write(try K8sReport.sarif(Fixtures.corpusScan, toolVersion: "0.1.0"), "sarif")
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        let (status2, output2) = try Self.python([Fixtures.projectRoot.appendingPathComponent("Tests/Support/validate_sarif.py").path, corpus])
        #expect(status2 == 0, "\(output2)")
    }

    @Test func junitIsWellFormed() throws {
        let xml = K8sReport.junit(Self.result)
        #expect(xml.contains("&lt;script&gt;"))
        #expect(xml.contains("<failure type=\"HIGH\""))
        #expect(xml.contains("<error type=\"input\""))
        let path = try Self.write(Data(xml.utf8), "xml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try Self.python(["-c", "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])", path])
        #expect(status == 0, "\(output)")
    }

    @Test func tableListsFindingsErrorsAndSummary() {
        let table = K8sReport.table(Self.result)
        #expect(table.contains("host-network"))
        #expect(table.contains("Errors (1)"))
        #expect(!table.contains("hunter2"))
    }

    @Test func complianceVerdictsAndEscapedHTML() throws {
        let baseline = ComplianceReport(standard: .pssBaseline, result: Self.result)
        let byID = Dictionary(uniqueKeysWithValues: baseline.controls.map { ($0.id, $0) })
        #expect(byID["hostNamespaces"]?.status == .fail)
        #expect(byID["privileged"]?.status == .pass)
        #expect(byID["privileged"]?.evidence.first?.name == "<script>alert(1)</script>")
        let cis = ComplianceReport(standard: .cisK8s, result: Self.result)
        let cisByID = Dictionary(uniqueKeysWithValues: cis.controls.map { ($0.id, $0) })
        #expect(cisByID["5.3.1"]?.status == .manual)
        #expect(cisByID["5.1.1"]?.status == .notApplicable)
        #expect(cisByID["5.2.5"]?.status == .fail)
        #expect(cis.controls.count == 34)
        // Restricted includes the baseline controls; seccomp unset breaks only the restricted one.
        let restricted = ComplianceReport(standard: .pssRestricted, result: Self.result)
        let rByID = Dictionary(uniqueKeysWithValues: restricted.controls.map { ($0.id, $0) })
        #expect(rByID["seccompProfile_restricted"]?.status == .fail)
        #expect(rByID["seccompProfile_baseline"]?.status == .pass)
        #expect(restricted.controls.count == 18)

        let html = baseline.html()
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("a&amp;b"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<link"))
        let json = try JSONSerialization.jsonObject(with: try baseline.json()) as? [String: Any]
        #expect(json?["standard"] as? String == "pss-baseline")
        #expect(baseline.table().contains("hostNamespaces"))
    }
}
