import KubernetesChecks
import Testing

struct CrossObjectTests {
    static let bundle = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: web-ingress, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress:
          - from: [{podSelector: {matchLabels: {app: ghost}}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: egress-db, namespace: shop}
        spec:
          podSelector: {matchExpressions: [{key: tier, operator: In, values: [db, web]}]}
          policyTypes: [Egress]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: nothing, namespace: shop}
        spec: {podSelector: {matchLabels: {app: nobody}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {metadata: {labels: {app: web, tier: web}}, spec: {containers: [{name: c, image: "web:1"}]}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: worker, namespace: shop}
        spec: {template: {metadata: {labels: {app: worker}}, spec: {containers: [{name: c, image: "w:1"}]}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-lb, namespace: shop}
        spec: {type: LoadBalancer, selector: {app: web}, externalIPs: [1.2.3.4]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: internal, namespace: shop}
        spec: {selector: {app: web}}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ops-admin}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects: [{kind: Group, name: system:masters}, {kind: ServiceAccount, name: ops, namespace: shop}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: power}
        rules:
        - {apiGroups: [""], resources: [secrets], verbs: [list]}
        - {apiGroups: [""], resources: [pods/exec], verbs: [create]}
        - {apiGroups: ["*"], resources: ["*"], verbs: [get]}
        - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, bind]}
        - {apiGroups: [""], resources: [users], verbs: [impersonate]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: power-binding, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: power}
        subjects: [{kind: ServiceAccount, name: ops, namespace: shop}]
        """

    static let result = Fixtures.scan(bundle)

    func findings(_ check: String) -> [K8sFinding] { Self.result.findings.filter { $0.check == check } }

    @Test func networkPolicyCoverageByDirection() {
        let coverage = findings("netpol-coverage")
        // web: ingress (web-ingress) and egress (egress-db via tier In [db, web]) → covered.
        #expect(!coverage.contains { $0.name == "web" })
        #expect(coverage.first { $0.name == "worker" }?.message.contains("ingress or egress") == true)
    }

    @Test func danglingPoliciesAndPeers() {
        let dangling = findings("dangling-netpol")
        #expect(dangling.contains { $0.name == "nothing" && $0.line == 19 })
        #expect(dangling.contains { $0.name == "web-ingress" && $0.message.hasPrefix("peer podSelector") && $0.line == 7 })
        #expect(!dangling.contains { $0.name == "egress-db" })
    }

    @Test func externallyExposedServices() {
        let exposed = findings("exposed-service")
        #expect(exposed.count == 1)
        #expect(exposed.first?.message == "service type LoadBalancer exposing Deployment web")
        #expect(findings("service-external-ips").map(\.name) == ["web-lb"])
    }

    @Test func rbacBindingsAndRules() {
        #expect(findings("cluster-admin-binding").first?.message.contains("Group system:masters") == true)
        #expect(findings("rbac-system-masters").count == 1)
        let secrets = findings("rbac-secrets")
        #expect(secrets.contains { $0.line == 51 && $0.message.contains("granted by RoleBinding shop/power-binding") })
        #expect(findings("rbac-exec-attach").contains { $0.line == 52 })
        #expect(findings("rbac-wildcard").map(\.line) == [53])
        #expect(findings("rbac-escalate-bind-impersonate").map(\.line) == [54, 55])
    }

    @Test func namespaceLevelFindingsAreReportedOnce() {
        #expect(findings("ns-quota").count == 1)
        #expect(findings("ns-quota").first?.message.contains("2 workloads") == true)
    }
}
