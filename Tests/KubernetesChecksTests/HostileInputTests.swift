import Foundation
import KubernetesChecks
import Testing

/// Bad input gives per-file (or per-document) errors with a line, and the scan goes on.
struct HostileInputTests {
    static let good = """
        apiVersion: v1
        kind: Pod
        metadata: {name: good, namespace: apps}
        spec:
          hostPID: true
          containers: [{name: c, image: nginx:1.27}]
        """

    @Test func invalidYAMLIsAnErrorWithLineAndEarlierDocumentsSurvive() {
        let result = Fixtures.scan(Self.good + "\n---\nkind: Pod\nmetadata:\n  name: [unclosed\n  namespace: x\n")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.hasPrefix("invalid YAML") == true)
        #expect((result.errors.first?.line ?? 0) >= 9)
        #expect(result.findings.contains { $0.check == "host-pid" && $0.name == "good" })
    }

    @Test func billionLaughsIsBoundedBeforeExpansion() {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...12 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "kind: Pod\nmetadata: {name: bomb}\n"
        let clock = ContinuousClock()
        var result = K8sScanResult()
        let elapsed = clock.measure { result = Fixtures.scan(yaml + "---\n" + Self.good) }
        #expect(elapsed < .seconds(2))
        #expect(result.errors.contains { $0.message.contains("alias") && $0.line > 1 })
        #expect(result.findings.contains { $0.name == "good" })
        #expect(!result.findings.contains { $0.name == "bomb" })
    }

    @Test func undefinedAliasIsAnError() {
        let result = Fixtures.scan("kind: Pod\nmetadata: {name: x}\nspec: *nowhere\n")
        #expect(result.errors.contains { $0.message.contains("alias") || $0.message.contains("invalid YAML") })
    }

    @Test func hugeInputIsRefusedByTheSizeLimit() {
        var options = K8sScanOptions()
        options.maxFileBytes = 1 << 20
        let huge = Self.good + "\n  # " + String(repeating: "x", count: 2 << 20) + "\n"
        let result = Fixtures.scan(huge, options: options)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.contains("limit") == true)
        #expect(result.findings.isEmpty)
    }

    @Test func deeplyNestedInputIsAnError() {
        let yaml = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let result = Fixtures.scan(yaml)
        #expect(result.errors.count == 1)
    }

    @Test func wrongFieldTypesAreErrorsWithLines() {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: typed, namespace: apps}
            spec:
              template:
                spec:
                  hostNetwork: true
                  containers: "x"
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: yes-string, namespace: apps}
            spec:
              containers:
              - name: c
                image: nginx:1.27
                securityContext:
                  privileged: "yes"
            """
        let result = Fixtures.scan(yaml)
        let messages = result.errors.map { "\($0.line): \($0.message)" }
        #expect(result.errors.contains { $0.line == 8 && $0.message.contains("containers: expected a sequence, found a string") }, "\(messages)")
        #expect(result.errors.contains { $0.line == 18 && $0.message.contains("privileged: expected a boolean, found a string") }, "\(messages)")
        // The rest of each object is still checked.
        #expect(result.findings.contains { $0.check == "host-network" && $0.name == "typed" && $0.line == 7 })
        #expect(result.findings.contains { $0.check == "read-only-rootfs" && $0.name == "yes-string" })
        #expect(!result.findings.contains { $0.check == "privileged" })
    }

    @Test func binaryAndNonObjectDocumentsAreHandled() {
        let result = K8sScanner().scan(data: Data([0x6b, 0x00, 0xff, 0xfe]), name: "bin.yaml")
        #expect(result.errors.count == 1)
        let scalars = Fixtures.scan("just a string\n---\n- a\n- b\n---\n")
        #expect(scalars.errors.isEmpty)
        #expect(scalars.summary.notObjects == 2)
    }

    /// A directory with broken files: each gets its own error, the good file is still checked.
    @Test func scanContinuesAcrossFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-k8s-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("kind: Pod\nmetadata: {name: [\n".utf8).write(to: dir.appendingPathComponent("a-broken.yaml"))
        try Data("kind: Pod\nmetadata: {name: dup}\nmetadata: {name: dup2}\n".utf8).write(to: dir.appendingPathComponent("b-dup.yml"))
        try Data(Self.good.utf8).write(to: dir.appendingPathComponent("c-good.yaml"))
        try Data(#"{"kind": "Pod", "metadata": {"name": "json", "namespace": "apps"}, "spec": {"hostIPC": true, "containers": [{"name": "c", "image": "x:1"}]}}"#.utf8)
            .write(to: dir.appendingPathComponent("d.json"))
        try Data("not: scanned".utf8).write(to: dir.appendingPathComponent("e.txt"))
        var options = K8sScanOptions()
        options.maxFileBytes = 64
        let limited = K8sScanner(options: options).scan(paths: [dir.path])
        #expect(limited.errors.filter { $0.message.contains("limit") }.count == 2)
        let result = K8sScanner().scan(paths: [dir.path, dir.appendingPathComponent("missing.yaml").path])
        #expect(result.summary.files == 4)
        #expect(Set(result.errors.map { URL(fileURLWithPath: $0.file).lastPathComponent }) == ["a-broken.yaml", "b-dup.yml", "missing.yaml"])
        #expect(result.errors.first { $0.file.hasSuffix("b-dup.yml") }?.line == 3)
        #expect(result.findings.contains { $0.check == "host-pid" && $0.file.hasSuffix("c-good.yaml") && $0.line == 5 })
        #expect(result.findings.contains { $0.check == "host-ipc" && $0.name == "json" })
    }
}
