import Foundation
import KubernetesChecks
import Testing

struct CheckRegistryTests {
    @Test func idsAreUnique() {
        let ids = K8sChecks.all.map(\.id)
        #expect(Set(ids).count == ids.count)
    }

    /// Every row id of the union table is a check, except the rows documented as not implemented.
    @Test func unionTableRowsAreChecks() throws {
        let text = try String(contentsOf: Fixtures.k8s.appendingPathComponent("../../docs/k8s-checks-union.md").standardizedFileURL, encoding: .utf8)
        var rowIDs: [String] = []
        for line in text.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| id") {
            let first = line.split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !first.isEmpty, first.first?.isLowercase == true { rowIDs.append(first) }
        }
        // Composite rows map to several ids.
        let composite: [String: [String]] = [
            "sa-deprecated-field / missing-sa": ["sa-deprecated-field", "missing-sa"],
            "rbac-networking / configmaps": ["rbac-networking", "rbac-configmaps"],
            "scc-privileged (OpenShift)": ["scc-privileged"],
            "replicas / HA": ["replicas", "no-anti-affinity", "pdb-max-unavailable", "pdb-min-available",
                              "pdb-unhealthy-pod-eviction-policy", "missing-pdb", "hpa-min-replicas"],
            "dangling / mismatch": ["dangling-service", "mismatching-selector", "dangling-ingress", "dangling-hpa", "dangling-servicemonitor"],
            "labels / annotations": ["required-labels", "required-annotations"],
        ]
        let known = Set(K8sChecks.all.map(\.id))
        var missing: [String] = []
        for row in rowIDs {
            for id in composite[row] ?? [row] where !known.contains(id) { missing.append(id) }
        }
        #expect(rowIDs.count > 70)
        #expect(missing.isEmpty, "union-table ids without a check: \(missing)")
    }

    @Test func everyCheckHasMetadata() {
        for c in K8sChecks.all {
            #expect(!c.title.isEmpty && !c.description.isEmpty && !c.remediation.isEmpty, "\(c.id)")
        }
    }
}
