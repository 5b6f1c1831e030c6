import Foundation
import Testing

/// The policy gate end to end: the default pack against the fixture images and the Kubernetes corpus
/// (a golden set of violations), imported StackRox policies against hand-written Palisade equivalents,
/// lint errors, baselines, formats and exit statuses.
@Suite(.serialized)
struct PolicyCheckTests {
    static let corpus = Paths.fixtures + "/k8s/corpus"
    static let golden = Paths.projectRoot + "/Tests/IntegrationTests/Golden/policy-violations.tsv"
    static let record = ProcessInfo.processInfo.environment["PALISADE_RECORD_GOLDEN"] == "1"

    static func report(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderr)")
    }

    static func violations(_ result: ProcessResult) throws -> [[String: Any]] {
        try #require(try report(result)["violations"] as? [[String: Any]])
    }

    /// `policyID<TAB>subject<TAB>message` lines, subjects without the image digest and with paths relative to the fixtures.
    static func lines(_ violations: [[String: Any]]) -> [String] {
        violations.flatMap { v -> [String] in
            var subject = (v["subject"] as? String ?? "").replacingOccurrences(of: Paths.fixtures + "/", with: "")
            if let at = subject.firstIndex(of: "@") { subject = String(subject[..<at]) }
            return (v["messages"] as? [String] ?? []).map { "\(v["policyID"] as? String ?? "")\t\(subject)\t\($0)" }
        }.sorted()
    }

    static let database: String = {
        let db = Paths.scratch + "/policy-db"
        _ = try? palisade(["db", "import", "--db-dir", db, Paths.fixtures + "/advisories/osv/PyPI/all.zip", Paths.fixtures + "/advisories/osv/Go/all.zip"])
        return db
    }()

    @Test func defaultPackGivesTheGoldenViolations() throws {
        var all: [String] = []
        for image in ["python-app", "debian-minbase"] {
            let result = try palisade(["check", "image", "oci:\(Paths.layout):\(image)", "--db-dir", Self.database, "--no-history", "--format", "json"])
            #expect(result.status == (image == "python-app" ? 1 : 0), "\(image): \(result.stderr)")
            all += Self.lines(try Self.violations(result))
        }
        let deploy = try palisade(["check", "deploy", Self.corpus, "--format", "json"])
        // No default policy is enforced at deploy time; the corpus holds files that cannot be read (exit 2).
        #expect(deploy.status == 2, "\(deploy.stderr)")
        #expect(try Self.report(deploy)["failed"] as? Bool == false)
        all += Self.lines(try Self.violations(deploy))
        #expect(all.count > 800)
        // python-app's enforced violation: "Fixable Severity at least Important", with urllib3's PYSEC-2023-192.
        #expect(all.contains { $0.hasPrefix("a919ccaf-6b43-4160-ac5d-a405e1440a41\toci:images/oci:python-app\t") && $0.contains("Fixable PYSEC-2023-192") })
        let text = all.joined(separator: "\n") + "\n"
        if Self.record {
            try text.write(toFile: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: Self.golden, encoding: .utf8)
        let missing = Set(expected.split(separator: "\n").map(String.init)).subtracting(all)
        let extra = Set(all).subtracting(expected.split(separator: "\n").map(String.init))
        #expect(missing.isEmpty && extra.isEmpty, "missing \(missing.count): \(missing.sorted().prefix(5))\nextra \(extra.count): \(extra.sorted().prefix(5)) (PALISADE_RECORD_GOLDEN=1 re-records)")
    }

    /// StackRox's own policy files, imported, judge the corpus and python-app exactly as policies written by
    /// hand in Palisade's format do.
    @Test func importedStackRoxPoliciesEqualNativeEquivalents() throws {
        let dir = Paths.scratch + "/policies-\(UUID().uuidString.prefix(8))"
        let acs = Paths.fixtures + "/acs/policies"
        let files = ["privileged.json", "latest_tag.json", "cvss_7.json", "host_network.json"]
        for file in files { #expect(FileManager.default.fileExists(atPath: acs + "/" + file), "fixture \(file)") }
        let imported = try palisade(["policy", "import-acs"] + files.map { acs + "/" + $0 } + ["-o", dir + "/imported"])
        #expect(imported.status == 0, "\(imported.stderr)")
        // StackRox ships "Fixable CVSS >= 7" disabled: enable the imported copies (a policy file edit, as a user would).
        for file in try FileManager.default.contentsOfDirectory(atPath: dir + "/imported") {
            let path = dir + "/imported/" + file
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "enabled: false", with: "enabled: true").write(toFile: path, atomically: true, encoding: .utf8)
        }
        // The deployments StackRox's own exclusions name (namespace/name): only they may differ.
        var excluded: Set<String> = []
        for file in files {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: acs + "/" + file))) as? [String: Any]
            for exclusion in json?["exclusions"] as? [[String: Any]] ?? [] {
                let deployment = exclusion["deployment"] as? [String: Any]
                let namespace = (deployment?["scope"] as? [String: Any])?["namespace"] as? String ?? ""
                excluded.insert("\(namespace)/\(deployment?["name"] as? String ?? "")")
            }
        }
        try FileManager.default.createDirectory(atPath: dir + "/native", withIntermediateDirectories: true)
        try """
            - id: native-privileged
              name: Privileged Container
              severity: medium
              stages: [deploy]
              criteria:
                Privileged Container: true
            - id: native-latest
              name: Latest tag
              severity: low
              stages: [build, deploy]
              criteria:
                Image Tag: latest
            - id: native-fixable-cvss-7
              name: Fixable CVSS >= 7
              severity: high
              stages: [build, deploy]
              criteria:
                Fixable: true
                CVSS: '>= 7'
            - id: native-host-network
              name: Host Network
              severity: medium
              stages: [deploy]
              criteria:
                Host Network: true
            """.write(toFile: dir + "/native/policies.yaml", atomically: true, encoding: .utf8)
        func verdicts(_ policies: String, _ arguments: [String]) throws -> Set<String> {
            let result = try palisade(arguments + ["--no-defaults", "--policy", policies, "--format", "json", "--exit-code", "9"])
            return Set(try Self.violations(result).map { v in
                let subject = (v["subject"] as? String ?? "").split(separator: "@").first.map(String.init) ?? ""
                return "\(subject)|" + (v["messages"] as? [String] ?? []).sorted().joined(separator: ";")
            })
        }
        let deployArgs = ["check", "deploy", Self.corpus]
        let theirs = try verdicts(dir + "/imported", deployArgs)
        let ours = try verdicts(dir + "/native", deployArgs)
        #expect(theirs.count > 100)
        #expect(theirs.isSubset(of: ours), "imported-only: \(theirs.subtracting(ours).sorted().prefix(5))")
        // Native-only verdicts are exactly the deployments StackRox's exclusions leave out.
        let nativeOnly = ours.subtracting(theirs)
        #expect(nativeOnly.allSatisfy { verdict in
            let subject = verdict.split(separator: "|").first.map(String.init) ?? ""
            let namespacedName = subject.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            let parts = namespacedName.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return false }
            // An exclusion names a deployment in a namespace, a whole namespace, or a deployment anywhere.
            return excluded.contains(namespacedName) || excluded.contains(parts[0] + "/") || excluded.contains("/" + parts[1])
        }, "native-only verdicts outside the exclusions: \(nativeOnly.sorted().prefix(5))")
        let imageArgs = ["check", "image", "oci:\(Paths.layout):python-app", "--db-dir", Self.database, "--no-history"]
        let theirImage = try verdicts(dir + "/imported", imageArgs)
        #expect(!theirImage.isEmpty)
        #expect(theirImage == (try verdicts(dir + "/native", imageArgs)))
    }

    @Test func allStackRoxDefaultsImport() throws {
        let dir = Paths.scratch + "/acs-all-\(UUID().uuidString.prefix(8))"
        let result = try palisade(["policy", "import-acs", Paths.fixtures + "/acs/policies", "-o", dir])
        #expect(result.status == 0, "\(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }
        #expect(written.count == 89)
        let lint = try palisade(["policy", "lint", dir])
        #expect(lint.status == 0, "\(lint.text)")
        #expect(lint.stdout.count > 0 && lint.text.contains("89 policies"))
    }

    @Test func lintAndBadPolicyFiles() throws {
        let dir = Paths.scratch + "/bad-policies-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "id: ok\nname: OK\nseverity: low\nstages: [deploy]\ncriteria:\n  Privileged Container: true\n".write(toFile: dir + "/a-good.yaml", atomically: true, encoding: .utf8)
        try "id: typo\nname: Typo\nseverity: low\nstages: [deploy]\ncriteria:\n  Privileged Contaner: true\n".write(toFile: dir + "/b-typo.yaml", atomically: true, encoding: .utf8)
        try "id: regex\nname: Regex\nseverity: low\nstages: [build]\ncriteria:\n  Image Tag: '(unclosed'\n".write(toFile: dir + "/c-regex.yaml", atomically: true, encoding: .utf8)
        try "id: [broken\n".write(toFile: dir + "/d-yaml.yaml", atomically: true, encoding: .utf8)
        let lint = try palisade(["policy", "lint", dir])
        #expect(lint.status == 1)
        #expect(lint.text.contains("b-typo.yaml:6") && lint.text.contains("did you mean 'Privileged Container'"), "\(lint.text)")
        #expect(lint.text.contains("c-regex.yaml"), "\(lint.text)")
        #expect(lint.text.contains("d-yaml.yaml"), "\(lint.text)")
        // One bad file does not stop the others: the good policy still judges the corpus.
        let lenient = try palisade(["check", "deploy", Self.corpus, "--no-defaults", "--policy", dir, "--format", "json"])
        #expect(try Self.violations(lenient).contains { $0["policyID"] as? String == "ok" })
        #expect(lenient.stderr.contains("b-typo.yaml"))
        let strict = try palisade(["check", "deploy", Self.corpus, "--no-defaults", "--policy", dir, "--strict"])
        #expect(strict.status == 1 && strict.stdout.isEmpty)
    }

    @Test func baselineFormatsAndExitStatus() throws {
        let dir = Paths.scratch + "/gate-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir + "/policies", withIntermediateDirectories: true)
        try """
            id: no-privileged
            name: No privileged containers
            severity: high
            stages: [deploy]
            enforcement:
              deploy: block
            criteria:
              Privileged Container: true
            """.write(toFile: dir + "/policies/p.yaml", atomically: true, encoding: .utf8)
        // Manifests of our own (the corpus has files with errors, which make the gate exit 2).
        try FileManager.default.createDirectory(atPath: dir + "/manifests", withIntermediateDirectories: true)
        for (name, extra) in [("privileged", "        securityContext:\n          privileged: true\n"), ("plain", "")] {
            try "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \(name)\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: \(name)}\n  template:\n    metadata:\n      labels: {app: \(name)}\n    spec:\n      hostNetwork: \(name == "privileged")\n      containers:\n      - name: app\n        image: registry.example.com/\(name):1.0\n\(extra)"
                .write(toFile: dir + "/manifests/\(name).yaml", atomically: true, encoding: .utf8)
        }
        let manifests = dir + "/manifests"
        let base = ["check", "deploy", manifests, "--no-defaults", "--policy", dir + "/policies"]
        let failing = try palisade(base)
        #expect(failing.status == 1, "an enforced violation fails the gate")
        #expect(failing.text.contains("FAILED"))
        #expect(try palisade(base + ["--exit-code", "7"]).status == 7)
        // Baseline: record today's violations; the gate then passes until a new one appears.
        #expect(try palisade(base + ["--write-baseline", dir + "/baseline.json", "-o", "/dev/null"]).status == 1)
        let accepted = try palisade(base + ["--baseline", dir + "/baseline.json", "--format", "json"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try Self.violations(accepted).allSatisfy { $0["inBaseline"] as? Bool == true })
        try "apiVersion: v1\nkind: Pod\nmetadata:\n  name: newcomer\nspec:\n  containers:\n  - name: c\n    image: registry.example.com/app:1.0\n    securityContext:\n      privileged: true\n"
            .write(toFile: dir + "/new.yaml", atomically: true, encoding: .utf8)
        let grown = try palisade(["check", "deploy", manifests, dir + "/new.yaml", "--no-defaults", "--policy", dir + "/policies", "--baseline", dir + "/baseline.json"])
        #expect(grown.status == 1 && grown.text.contains("newcomer"), "\(grown.text)")
        // --fail-on: unenforced policies can fail the gate by severity.
        try "id: inform\nname: Inform only\nseverity: medium\nstages: [deploy]\ncriteria:\n  Host Network: true\n".write(toFile: dir + "/inform.yaml", atomically: true, encoding: .utf8)
        #expect(try palisade(["check", "deploy", manifests, "--no-defaults", "--policy", dir + "/inform.yaml"]).status == 0)
        #expect(try palisade(["check", "deploy", manifests, "--no-defaults", "--policy", dir + "/inform.yaml", "--fail-on", "medium"]).status == 1)
        #expect(try palisade(["check", "deploy", manifests, "--no-defaults", "--policy", dir + "/inform.yaml", "--fail-on", "high"]).status == 0)
        // SARIF is valid; JUnit is well-formed XML with one failure per enforced violation.
        #expect(try palisade(base + ["--format", "sarif", "-o", dir + "/gate.sarif"]).status == 1)
        let valid = try run("/usr/bin/env", ["python3", Paths.support + "/validate_sarif.py", dir + "/gate.sarif"])
        #expect(valid.status == 0, "\(valid.text)")
        #expect(try palisade(base + ["--format", "junit", "-o", dir + "/gate.xml"]).status == 1)
        let junit = try run("/usr/bin/env", ["python3", "-c", "import sys, xml.etree.ElementTree as ET; r = ET.parse(sys.argv[1]).getroot(); print(len(r.findall('.//failure')))", dir + "/gate.xml"])
        #expect(junit.status == 0 && (Int(junit.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0, "\(junit.text)")
    }

    /// Deployment fields filled from manifests, each checked by a one-criterion policy.
    @Test func deploymentFieldsFromManifests() throws {
        let dir = Paths.scratch + "/fields-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, labels: {team: payments}}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  runtimeClassName: gvisor
                  hostPID: true
                  containers:
                  - name: app
                    image: registry.example.com/shop/web:2.1
                    securityContext: {capabilities: {add: [NET_ADMIN]}, readOnlyRootFilesystem: true}
                    resources: {limits: {cpu: 500m, memory: 256Mi}}
                    env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]
                    ports: [{containerPort: 22, hostPort: 2222}]
                    volumeMounts: [{name: v, mountPath: /data, mountPropagation: Bidirectional}]
                  volumes: [{name: v, hostPath: {path: /var/run}}]
            """.write(toFile: dir + "/web.yaml", atomically: true, encoding: .utf8)
        let expectations: [(String, String)] = [
            ("Runtime Class", "gvisor"), ("Host PID", "true"), ("Add Capabilities", "NET_ADMIN"), ("Read-Only Root Filesystem", "true"),
            ("Container CPU Limit", "'>= 0.5'"), ("Container Memory Limit", "'> 250'"), ("Environment Variable", "'SECRET_KEY=DB_PASSWORD=.*'"),
            ("Exposed Port", "22"), ("Port Exposure Method", "HOST"), ("Mount Propagation", "BIDIRECTIONAL"), ("Writable Host Mount", "true"),
            ("Volume Source", "/var/run"), ("Replicas", "'>= 3'"), ("Image Registry", "registry\\.example\\.com"), ("Image Tag", "'2.1'"),
            ("Namespace", "shop"), ("Required Label", "'owner=.*'"), ("Seccomp Profile Type", "UNCONFINED"),
        ]
        var yaml = ""
        for (i, (field, value)) in expectations.enumerated() {
            yaml += "- id: f\(i)\n  name: \(field)\n  severity: low\n  stages: [deploy]\n  criteria:\n    \(field): \(value)\n"
        }
        try yaml.write(toFile: dir + "/policies.yaml", atomically: true, encoding: .utf8)
        let result = try palisade(["check", "deploy", dir + "/web.yaml", "--no-defaults", "--policy", dir + "/policies.yaml", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let fired = Set(try Self.violations(result).compactMap { $0["policy"] as? String })
        let missing = expectations.map(\.0).filter { !fired.contains($0) }
        #expect(missing.isEmpty, "fields that did not match: \(missing)")
    }
}
