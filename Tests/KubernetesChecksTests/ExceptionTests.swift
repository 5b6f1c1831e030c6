import Foundation
import KubernetesChecks
import Testing

struct ExceptionTests {
    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: agent
          namespace: kube-system
          annotations:
            palisade.io/ignore: |
              host-network: CNI needs the host network, really
              host-pid: node agent, privileged: reads, everything
        spec:
          hostNetwork: true
          hostPID: true
          hostIPC: true
          containers:
          - name: c
            image: agent:1
            securityContext: {privileged: true}
        """

    @Test func annotationExceptsChecksWithReasons() {
        let result = Fixtures.scan(Self.pod)
        let suppressed = Dictionary(uniqueKeysWithValues: result.suppressed.map { ($0.check, $0.reason) })
        #expect(suppressed["host-network"] == "CNI needs the host network, really")
        #expect(suppressed["host-pid"] == "node agent")
        #expect(suppressed["privileged"] == "reads, everything")
        #expect(result.findings.contains { $0.check == "host-ipc" })
        #expect(!result.findings.contains { ["host-network", "host-pid", "privileged"].contains($0.check) })
        #expect(result.summary.suppressed == 3)
    }

    @Test func unknownIDInAnnotationIsReported() {
        let result = Fixtures.scan("kind: Pod\nmetadata:\n  name: p\n  annotations: {palisade.io/ignore: \"host-netwrok: typo\"}\nspec: {containers: []}\n")
        #expect(result.errors.contains { $0.message.contains("unknown check id host-netwrok") && $0.line == 4 })
    }

    @Test func configDisablesParametrisesAndExcepts() throws {
        let options = try K8sScanOptions.parse(yaml: """
            disable: [host-ipc]
            enable: [trusted-registry]
            parameters:
              trusted-registry: {registries: [registry.example.com/]}
              replicas: {minimum: 1}
            exceptions:
              - {check: privileged, kind: Pod, namespace: kube-system, name: "ag*", reason: node agent}
            maxFileBytes: 1000000
            """)
        #expect(options.maxFileBytes == 1_000_000)
        let result = Fixtures.scan(Self.pod, options: options)
        #expect(!result.checks.contains("host-ipc"))
        #expect(result.findings.contains { $0.check == "trusted-registry" && $0.message.contains("docker.io") })
        #expect(result.suppressed.contains { $0.check == "privileged" && $0.source == "annotation" })
        let plain = Fixtures.scan(Self.pod.replacingOccurrences(of: "palisade.io/ignore", with: "other"), options: options)
        #expect(plain.suppressed.map(\.check) == ["privileged"])
        #expect(plain.suppressed.first?.source == "config")
    }

    @Test func badConfigsAreRejected() {
        #expect(throws: K8sConfigError.self) { try K8sScanOptions.parse(yaml: "disable: [no-such-check]") }
        #expect(throws: K8sConfigError.self) { try K8sScanOptions.parse(yaml: "parameters: {replicas: {bogus: 1}}") }
        #expect(throws: K8sConfigError.self) { try K8sScanOptions.parse(yaml: "exceptions: [{check: privileged}]") }
        #expect(throws: K8sConfigError.self) { try K8sScanOptions.parse(yaml: "colour: red") }
    }
}
