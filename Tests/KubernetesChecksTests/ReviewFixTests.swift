import Foundation
@testable import KubernetesChecks
import Testing

/// Regression tests for the review findings on the first version of the Kubernetes checks.
struct ReviewFixTests {
    static func pod(_ name: String, ns: String = "apps", labels: String = "{app: x}", spec: String = "containers: [{name: c, image: \"nginx:1.27\"}]") -> String {
        "apiVersion: v1\nkind: Pod\nmetadata: {name: \(name), namespace: \(ns), labels: \(labels)}\nspec: {\(spec)}\n"
    }

    static func findings(_ result: K8sScanResult, _ check: String) -> [K8sFinding] { result.findings.filter { $0.check == check } }

    // MARK: 1. Memory limits

    @Test func documentLimitPerFileIsAFileError() {
        var options = K8sScanOptions()
        options.maxDocumentsPerFile = 3
        let yaml = (1...5).map { Self.pod("p\($0)", spec: "hostPID: true, containers: []") }.joined(separator: "---\n")
        let result = Fixtures.scan(yaml, options: options)
        #expect(result.errors.contains { $0.message.contains("more than 3 documents") && $0.line > 1 })
        #expect(Self.findings(result, "host-pid").count == 3)
    }

    @Test func nodeLimitPerDocumentIsAnError() {
        var options = K8sScanOptions()
        options.maxNodesPerDocument = 1_000
        let big = "kind: ConfigMap\nmetadata: {name: big}\ndata:\n" + (0..<2_000).map { "  k\($0): v\n" }.joined()
        let result = Fixtures.scan(big + "---\n" + Self.pod("after", spec: "hostPID: true, containers: []"), options: options)
        #expect(result.errors.contains { $0.message.contains("more than 1000 nodes") })
        #expect(result.findings.contains { $0.name == "after" && $0.check == "host-pid" })
    }

    @Test func findingsAreTruncatedWithAnError() {
        var options = K8sScanOptions()
        options.maxFindings = 10
        let yaml = (1...20).map { Self.pod("p\($0)") }.joined(separator: "---\n")
        let result = Fixtures.scan(yaml, options: options)
        #expect(result.findings.count <= 10 + 40)   // stops at the first object that would go past the limit
        #expect(result.summary.truncated)
        #expect(result.errors.contains { $0.message.contains("findings truncated") })
        #expect(result.hasErrors)
    }

    @Test func objectLimitIsAFileError() {
        var options = K8sScanOptions()
        options.maxObjects = 2
        let yaml = (1...4).map { Self.pod("p\($0)") }.joined(separator: "---\n")
        let result = Fixtures.scan(yaml, options: options)
        #expect(result.summary.objects == 2)
        #expect(result.errors.contains { $0.message.contains("maxObjects") })
    }

    @Test func evidenceIsRecordedOnlyWhenAsked() {
        let yaml = Self.pod("p")
        let plain = K8sScanner().scan(data: Data(yaml.utf8), name: "x.yaml")
        #expect(plain.objectRefs.isEmpty)
        #expect(plain.coverage(of: "privileged").isEmpty)
        let withEvidence = Fixtures.scan(yaml)
        #expect(withEvidence.coverage(of: "privileged").map(\.name) == ["p"])
        #expect(withEvidence.coverage(of: "rbac-wildcard").isEmpty)
    }

    // MARK: 2. Cross-object checks are near-linear

    @Test func crossObjectChecksScaleLinearly() {
        let n = 3_000
        var docs: [String] = []
        for i in 0..<n {
            docs.append(Self.pod("w\(i)", labels: "{app: a\(i), tier: web}"))
            docs.append("kind: NetworkPolicy\nmetadata: {name: np\(i), namespace: apps}\nspec: {podSelector: {matchLabels: {app: a\(i)}}, policyTypes: [Ingress]}\n")
            docs.append("kind: Service\nmetadata: {name: s\(i), namespace: apps}\nspec: {type: NodePort, selector: {app: a\(i), tier: web}}\n")
        }
        docs.append("kind: Service\nmetadata: {name: all-web, namespace: apps}\nspec: {type: NodePort, selector: {tier: web}}\n")
        docs.append("kind: Service\nmetadata: {name: ghost, namespace: apps}\nspec: {selector: {app: ghost}}\n")
        var options = Fixtures.evidenceOptions
        options.maxDocumentsPerFile = 100_000
        options.disabled = Set(K8sChecks.all.map(\.id)).subtracting(["netpol-coverage", "dangling-netpol", "exposed-service", "dangling-service"])
        let clock = ContinuousClock()
        var result = K8sScanResult()
        let elapsed = clock.measure { result = Fixtures.scan(docs.joined(separator: "---\n"), options: options) }
        #expect(elapsed < .seconds(20))
        // Each pod is isolated for ingress only.
        let coverage = Self.findings(result, "netpol-coverage")
        #expect(coverage.count == n)
        #expect(coverage.allSatisfy { $0.message.hasSuffix("for egress") })
        #expect(Self.findings(result, "dangling-netpol").isEmpty)
        #expect(Self.findings(result, "exposed-service").first { $0.name == "all-web" }?.message.contains("and \(n - 5) more") == true)
        #expect(Self.findings(result, "exposed-service").first { $0.name == "s7" }?.message.hasSuffix("exposing Pod w7") == true)
        #expect(Self.findings(result, "dangling-service").map(\.name) == ["ghost"])
    }

    @Test func selectorsWithExpressionsStillMatch() {
        let yaml = [
            Self.pod("db", labels: "{tier: db}"),
            Self.pod("web", labels: "{tier: web, env: prod}"),
            "kind: NetworkPolicy\nmetadata: {name: np, namespace: apps}\nspec:\n  podSelector: {matchExpressions: [{key: tier, operator: In, values: [db]}]}\n  policyTypes: [Ingress, Egress]\n",
            "kind: NetworkPolicy\nmetadata: {name: np2, namespace: apps}\nspec:\n  podSelector: {matchExpressions: [{key: env, operator: NotIn, values: [dev]}, {key: tier, operator: Exists}]}\n  policyTypes: [Ingress]\n",
        ].joined(separator: "---\n")
        let result = Fixtures.scan(yaml)
        let coverage = Self.findings(result, "netpol-coverage")
        #expect(!coverage.contains { $0.name == "db" })
        #expect(coverage.first { $0.name == "web" }?.message.hasSuffix("for egress") == true)
        #expect(Self.findings(result, "dangling-netpol").isEmpty)
    }

    // MARK: 3. egress: [] is not egress isolation

    @Test func emptyEgressListDoesNotIsolateEgress() {
        let yaml = Self.pod("p") + "---\n" + "kind: NetworkPolicy\nmetadata: {name: np, namespace: apps}\nspec:\n  podSelector: {}\n  ingress: []\n  egress: []\n"
        let result = Fixtures.scan(yaml)
        #expect(Self.findings(result, "netpol-coverage").first?.message.hasSuffix("selects these pods for egress") == true)
        let withRule = Self.pod("p") + "---\n" + "kind: NetworkPolicy\nmetadata: {name: np, namespace: apps}\nspec:\n  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]\n"
        #expect(Self.findings(Fixtures.scan(withRule), "netpol-coverage").isEmpty)
    }

    // MARK: 4. RBAC wildcards, API groups, subresource wildcards, cluster-admin roleRef kind

    static func role(_ rules: String, kind: String = "ClusterRole") -> String {
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: \(kind)\nmetadata: {name: r, namespace: apps}\nrules:\n\(rules)"
    }

    @Test func escalationCheckSeesWildcards() {
        let all = Fixtures.scan(Self.role("- {apiGroups: ['*'], resources: ['*'], verbs: ['*']}\n"))
        #expect(Self.findings(all, "rbac-escalate-bind-impersonate").first?.message.contains("escalate, bind, impersonate") == true)
        let bindRoles = Fixtures.scan(Self.role("- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: ['*']}\n"))
        #expect(Self.findings(bindRoles, "rbac-escalate-bind-impersonate").first?.message.contains("escalate, bind") == true)
        let impersonate = Fixtures.scan(Self.role("- {apiGroups: [''], resources: ['*'], verbs: [impersonate]}\n"))
        #expect(Self.findings(impersonate, "rbac-escalate-bind-impersonate").first?.message.contains("impersonate") == true)
        // Another API group: * verbs on its resources grant nothing of the kind.
        let other = Fixtures.scan(Self.role("- {apiGroups: [apps], resources: ['*'], verbs: ['*']}\n"))
        #expect(Self.findings(other, "rbac-escalate-bind-impersonate").isEmpty)
        let coreOnly = Fixtures.scan(Self.role("- {apiGroups: [''], resources: [roles], verbs: [bind]}\n"))
        #expect(Self.findings(coreOnly, "rbac-escalate-bind-impersonate").isEmpty)
    }

    @Test func subresourceWildcardGrantsExec() {
        let result = Fixtures.scan(Self.role("- {apiGroups: [''], resources: ['*/exec'], verbs: [create]}\n"))
        #expect(Self.findings(result, "rbac-exec-attach").count == 1)
        let scale = Fixtures.scan(Self.role("- {apiGroups: [''], resources: ['*/scale'], verbs: [create]}\n"))
        #expect(Self.findings(scale, "rbac-exec-attach").isEmpty)
    }

    @Test func clusterAdminBindingNeedsClusterRoleKind() {
        let binding = { (kind: String) in
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: apps}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: \(kind), name: cluster-admin}\nsubjects: [{kind: User, name: u}]\n"
        }
        #expect(Self.findings(Fixtures.scan(binding("ClusterRole")), "cluster-admin-binding").count == 1)
        #expect(Self.findings(Fixtures.scan(binding("Role")), "cluster-admin-binding").isEmpty)
    }

    // MARK: 5. run-as-non-root reports both controls

    @Test func rootUIDWithoutRunAsNonRootFailsBothControls() {
        let result = Fixtures.scan(Self.pod("p", spec: "securityContext: {runAsUser: 0}, containers: [{name: c, image: \"x:1\"}]"))
        let f = Self.findings(result, "run-as-non-root")
        #expect(f.count == 1)
        #expect(f.first?.controls.contains("pss-restricted:runAsNonRoot") == true)
        #expect(f.first?.controls.contains("pss-restricted:runAsUser") == true)
        #expect(f.first?.message.contains("UID 0") == true)
        let report = ComplianceReport(standard: .pssRestricted, result: result)
        #expect(report.controls.first { $0.id == "runAsNonRoot" }?.status == .fail)
        // runAsNonRoot: true with UID 0 breaks only the runAsUser control.
        let explicit = Fixtures.scan(Self.pod("p", spec: "securityContext: {runAsUser: 0, runAsNonRoot: true}, containers: [{name: c, image: \"x:1\"}]"))
        #expect(Self.findings(explicit, "run-as-non-root").first?.controls.contains("pss-restricted:runAsNonRoot") == false)
    }

    // MARK: 6. trusted-registry matches at a / boundary

    @Test func trustedRegistryPrefixNeedsABoundary() {
        var options = Fixtures.evidenceOptions
        options.parameters["trusted-registry"] = ["registries": "registry.example.com,ghcr.io/acme/"]
        func flagged(_ image: String) -> Bool {
            !Self.findings(Fixtures.scan(Self.pod("p", spec: "containers: [{name: c, image: \"\(image)\"}]"), options: options), "trusted-registry").isEmpty
        }
        #expect(!flagged("registry.example.com/app:1"))
        #expect(flagged("registry.example.com.evil.io/app:1"))
        #expect(flagged("registry.example.comx/app:1"))
        #expect(!flagged("ghcr.io/acme/app:1"))
        #expect(flagged("ghcr.io/acmecorp/app:1"))
    }

    // MARK: 7. null matchLabels selects everything

    @Test func nullMatchLabelsSelectsAllPods() {
        let yaml = Self.pod("p") + "---\n" + "kind: NetworkPolicy\nmetadata: {name: np, namespace: apps}\nspec:\n  podSelector:\n    matchLabels:\n  policyTypes: [Ingress, Egress]\n"
        let result = Fixtures.scan(yaml)
        #expect(Self.findings(result, "netpol-coverage").isEmpty)
        #expect(Self.findings(result, "dangling-netpol").isEmpty)
    }

    // MARK: 8. reader errors carry their line

    @Test func readerErrorReportsItsLine() {
        var bytes = Array("kind: Pod\nmetadata:\n  name: p\n  labels:\n    a: \"".utf8)
        bytes += [0xC3, 0x28]   // invalid UTF-8 on line 5
        bytes += Array("\"\n".utf8)
        let result = K8sScanner().scan(data: Data(bytes), name: "bad.yaml")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.line == 5, "\(result.errors)")
    }

    // MARK: 9. YAML 1.1 booleans and digit separators

    @Test func yamlOneOneScalarsResolveLikeKubectl() {
        #expect(YAMLDocument.resolvePlain("y") == .bool(true))
        #expect(YAMLDocument.resolvePlain("N") == .bool(false))
        #expect(YAMLDocument.resolvePlain("1_000") == .int(1000))
        #expect(YAMLDocument.resolvePlain("0b101") == .int(5))
        let result = Fixtures.scan(Self.pod("p", spec: "hostNetwork: Y, containers: [{name: c, image: \"x:1\", securityContext: {privileged: y}}]"))
        #expect(Self.findings(result, "host-network").count == 1)
        #expect(Self.findings(result, "privileged").count == 1)
        #expect(result.errors.isEmpty)
    }

    // MARK: 10–12. Parser robustness

    @Test func emptyInputIsFine() {
        let result = K8sScanner().scan(data: Data(), name: "empty.yaml")
        #expect(result.errors.isEmpty)
        #expect(result.summary.documents == 0)
        #expect(Fixtures.scan("---\n# only a comment\n").errors.isEmpty)
    }

    @Test func brokenDocumentDoesNotHideTheNextOnes() {
        let yaml = Self.pod("one", spec: "hostPID: true, containers: []") + "---\nkind: Pod\nmetadata: {name: [unclosed\n---\n"
            + Self.pod("three", spec: "hostPID: true, containers: []") + "--- # comment\n" + Self.pod("four", spec: "hostIPC: true, containers: []")
        let result = Fixtures.scan(yaml)
        #expect(result.errors.count == 1)
        #expect((7...8).contains(result.errors.first?.line ?? 0), "\(result.errors)")
        #expect(Set(result.findings.filter { $0.check == "host-pid" || $0.check == "host-ipc" }.map(\.name)) == ["one", "three", "four"])
        #expect(result.findings.first { $0.name == "three" && $0.check == "host-pid" }?.line == 12)
    }

    @Test func directivesBeforeTheFirstSeparatorStayWithTheirDocument() {
        let result = Fixtures.scan("%YAML 1.1\n---\n" + Self.pod("p", spec: "hostPID: true, containers: []"))
        #expect(result.errors.isEmpty)
        #expect(result.findings.contains { $0.check == "host-pid" && $0.line == 6 })
    }

    // MARK: 13. terminal escapes

    @Test func tableEscapesControlCharacters() {
        let result = Fixtures.scan("kind: Pod\nmetadata: {name: \"evil\\e[2J\", namespace: apps}\nspec: {hostPID: true, containers: []}\n")
        let table = K8sReport.table(result)
        #expect(!table.unicodeScalars.contains { $0.value == 0x1B })
        #expect(table.contains("evil\\u{1B}[2J"))
    }

    // MARK: 14. config parsing is bounded

    @Test func configAliasBombIsRejected() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        #expect(throws: K8sConfigError.self) { try K8sScanOptions.parse(yaml: yaml) }
        let good = try? K8sScanOptions.parse(yaml: "disable: [latest-tag]\nparameters:\n  replicas: {minimum: 2}\nexceptions:\n  - {check: host-network, kind: DaemonSet, reason: CNI}\nmaxFileBytes: 1_000\n")
        #expect(good?.disabled == ["latest-tag"])
        #expect(good?.parameters["replicas"]?["minimum"] == "2")
        #expect(good?.exceptions.first?.kind == "DaemonSet")
        #expect(good?.maxFileBytes == 1000)
        #expect(throws: K8sConfigError.self) { try K8sScanOptions.parse(yaml: "maxFileBytes: 4294967296\n") }
    }

    // MARK: 15. ignore annotation reasons keep URLs

    @Test func ignoreReasonKeepsCommasAndURLs() {
        let known = Set(K8sChecks.all.map(\.id))
        let a = IgnoreAnnotation("privileged: node agent, https://wiki/x", knownIDs: known)
        #expect(a.reasons["privileged"] == "node agent, https://wiki/x")
        #expect(a.unknownIDs.isEmpty)
        let b = IgnoreAnnotation("privileged: see note: x, host-pid: agent", knownIDs: known)
        #expect(b.reasons["privileged"] == "see note: x")
        #expect(b.reasons["host-pid"] == "agent")
    }

    // MARK: 16. limits cannot overflow

    @Test func maxFileBytesIsCapped() {
        var options = K8sScanOptions()
        options.maxFileBytes = Int.max
        #expect(options.maxFileBytes == K8sScanOptions.maxFileBytesCeiling)
        #expect(!Fixtures.scan(Self.pod("p"), options: options).hasErrors)
    }

    // MARK: 17. duplicate-key errors are capped and clipped

    @Test func duplicateKeyErrorsAreCapped() {
        let long = String(repeating: "k", count: 500)
        let yaml = "kind: ConfigMap\nmetadata: {name: c}\ndata:\n" + (0..<200).map { "  \(long): v\($0)\n" }.joined()
        let result = Fixtures.scan(yaml)
        #expect(result.errors.count == ObjectDecoder.maxDuplicateKeyErrors + 1)
        #expect(result.errors.allSatisfy { $0.message.count < 300 })
        #expect(result.errors.contains { $0.message.contains("more duplicate keys") })
    }

    // MARK: 18. Pod Security semantics

    @Test func unconfinedPodSeccompFailsEvenWhenContainersOverride() {
        let result = Fixtures.scan(Self.pod("p", spec: "securityContext: {seccompProfile: {type: Unconfined}}, containers: [{name: c, image: \"x:1\", securityContext: {seccompProfile: {type: RuntimeDefault}}}]"))
        let f = Self.findings(result, "seccomp")
        #expect(f.count == 1)
        #expect(f.first?.controls.contains("pss-baseline:seccompProfile_baseline") == true)
    }
}
