import Foundation
import KubernetesChecks
import Testing

/// The known gaps of trivy and checkov (docs/k8s-peer-differences.md) that Palisade must not have.
struct PeerGapTests {
    /// trivy skips files with duplicate keys silently; Palisade reports them and still checks the objects.
    @Test func duplicateKeyFilesAreErrorsAndStillChecked() {
        let result = Fixtures.corpusScan
        let dupFiles = Set(result.errors.filter { $0.message.hasPrefix("duplicate key") }.map { Fixtures.relative($0.file) })
        #expect(dupFiles == ["kubernetes__examples/_archived/openshift-origin/etcd-controller.yaml",
                             "kubernetes__examples/_archived/openshift-origin/etcd-discovery-controller.yaml",
                             "kubernetes__examples/_archived/openshift-origin/openshift-controller.yaml",
                             "kubernetes__examples/_archived/persistent-volume-provisioning/quobyte/quobyte-admin-secret.yaml",
                             "kubernetes__examples/_archived/volumes/scaleio/sc-pvc.yaml",
                             "stackrox__kube-linter/tests/checks/cel.yml"])
        #expect(result.findings.contains { $0.name == "openshift" && $0.check == "allow-priv-escalation" })
        let dup = Fixtures.scan("kind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: false\n  hostPID: true\n  containers: []\n")
        #expect(dup.errors.first?.line == 5)
        #expect(dup.findings.contains { $0.check == "host-pid" && $0.line == 5 })
    }

    /// checkov ignores OpenShift DeploymentConfigs.
    @Test func deploymentConfigsAreChecked() {
        let result = Fixtures.corpusScan
        let dc = result.findings.filter { $0.kind == "DeploymentConfig" }
        for check in ["host-pid", "host-network", "host-ipc", "runtime-socket-mount"] {
            #expect(dc.contains { $0.check == check && $0.file.hasSuffix("tests/checks/\(check == "runtime-socket-mount" ? "docker-sock" : check).yml") }, "\(check)")
        }
    }

    /// checkov treats one NetworkPolicy as covering everything; a policy covers only its own namespace.
    @Test func networkPolicyCoverageIsPerNamespace() {
        let yaml = """
            kind: NetworkPolicy
            apiVersion: networking.k8s.io/v1
            metadata: {name: deny-all, namespace: covered}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            ---
            kind: Deployment
            apiVersion: apps/v1
            metadata: {name: in-covered, namespace: covered}
            spec: {template: {metadata: {labels: {app: a}}, spec: {containers: [{name: c, image: "a:1"}]}}}
            ---
            kind: Deployment
            apiVersion: apps/v1
            metadata: {name: elsewhere, namespace: other}
            spec: {template: {metadata: {labels: {app: a}}, spec: {containers: [{name: c, image: "a:1"}]}}}
            """
        let result = Fixtures.scan(yaml)
        let uncovered = result.findings.filter { $0.check == "netpol-coverage" }.map(\.name)
        #expect(uncovered == ["elsewhere"])
    }
}
