/// Section E of the union table: service accounts and RBAC.
extension K8sChecks {
    static let writeVerbs: Set<String> = ["create", "update", "patch", "delete", "deletecollection", "*"]
    static let workloadResources: Set<String> = ["pods", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs",
                                                 "replicationcontrollers", "deploymentconfigs"]

    /// Whether a rule grants any of `verbs` on any of `resources` (wildcards included).
    static func grants(_ rule: RBACRule, verbs: Set<String>, resources: Set<String>) -> Bool {
        let verbOK = rule.verbs.contains("*") || rule.verbs.contains { verbs.contains($0) }
        return verbOK && grantsResource(rule, resources)
    }

    /// Whether a rule's resources cover any of `resources`: `*`, the name itself, or `*/sub` for a `x/sub`
    /// subresource (as the RBAC authorizer matches them).
    static func grantsResource(_ rule: RBACRule, _ resources: Set<String>) -> Bool {
        rule.resources.contains { r in
            if r == "*" || resources.contains(r) { return true }
            guard r.hasPrefix("*/") else { return false }
            let sub = r.dropFirst(2)
            return resources.contains { $0.split(separator: "/", maxSplits: 1).dropFirst().first == sub }
        }
    }

    /// Whether a rule's apiGroups cover any of `groups` ("" is the core group, "*" every group). A rule
    /// without apiGroups is treated as covering them (lenient: such manifests are usually sloppy, not safe).
    static func grantsGroup(_ rule: RBACRule, _ groups: Set<String>) -> Bool {
        rule.apiGroups.isEmpty || rule.apiGroups.contains { $0 == "*" || groups.contains($0) }
    }

    /// The escalation paths a rule grants: escalate / bind on roles, impersonate on identities, create on bindings.
    static func escalationGrants(_ rule: RBACRule) -> [String] {
        func verb(_ v: String) -> Bool { rule.verbs.contains(v) || rule.verbs.contains("*") }
        let rbacGroup = grantsGroup(rule, ["rbac.authorization.k8s.io"])
        var out: [String] = []
        if rbacGroup, grantsResource(rule, ["roles", "clusterroles"]) {
            if verb("escalate") { out.append("escalate") }
            if verb("bind") { out.append("bind") }
        }
        if grantsGroup(rule, ["", "authentication.k8s.io"]),
           grantsResource(rule, ["users", "groups", "serviceaccounts", "uids", "userextras", "userextras/scopes"]) || rule.resources.contains(where: { $0.hasPrefix("userextras/") }),
           verb("impersonate") {
            out.append("impersonate")
        }
        if rbacGroup, grantsResource(rule, ["rolebindings", "clusterrolebindings"]), verb("create") {
            out.append("create on bindings")
        }
        return out
    }

    static func rbac(_ id: String, _ title: String, severity: K8sSeverity, description: String, remediation: String,
                     cis: [String] = [], ckv: [String] = [], ksv: [String] = [], kl: [String] = [],
                     verbs: Set<String>, resources: Set<String>) -> K8sCheck {
        K8sCheck(id: id, title: title, category: "RBAC", severity: severity, description: description, remediation: remediation,
                 cis: cis, nist: ["4.3.1"], kubeLinter: kl, checkov: ckv, trivy: ksv,
                 scope: .kinds(["Role", "ClusterRole"]), evaluate: Template.rules { rule, _ in
                     guard grants(rule, verbs: verbs, resources: resources) else { return nil }
                     return "rule grants \(rule.verbs.joined(separator: ",")) on \(rule.resources.joined(separator: ","))"
                 })
    }

    static let bindingKinds: Set<String> = ["RoleBinding", "ClusterRoleBinding"]

    static let rbac: [K8sCheck] = [
        K8sCheck(id: "sa-token-automount", title: "Service account token mounted automatically", category: "RBAC", severity: .medium,
                 description: "automountServiceAccountToken is not false on the pod, nor on its ServiceAccount (when the ServiceAccount is in the scan): every container gets an API token.",
                 remediation: "Set automountServiceAccountToken: false on the pod or ServiceAccount unless the workload calls the API.",
                 cis: ["5.1.6"], nist: ["4.3.2"], checkov: ["CKV_K8S_38"], trivy: ["KSV-0036"],
                 scope: .workloads, evaluate: Template.pod { w, input in
                     if let f = w.pod.automountServiceAccountToken { return f.value ? [Violation(line: f.line, "automountServiceAccountToken is true")] : [] }
                     let sa = w.pod.serviceAccountName?.value ?? w.pod.serviceAccount?.value ?? "default"
                     if case let automount?? = input.index.serviceAccounts["\(input.object.effectiveNamespace)/\(sa.isEmpty ? "default" : sa)"], !automount.value { return [] }
                     return [Violation(line: w.pod.line, "automountServiceAccountToken is not false (service account \(sa.isEmpty ? "default" : sa))")]
                 }),
        K8sCheck(id: "default-sa", title: "Pod uses the default service account", category: "RBAC", severity: .low,
                 description: "The pod sets no serviceAccountName (or sets default), so it shares the namespace's default service account.",
                 remediation: "Create a dedicated ServiceAccount and set serviceAccountName.",
                 cis: ["5.1.5"], nist: ["4.3.1"], kubeLinter: ["default-service-account"], checkov: ["CKV_K8S_41", "CKV_K8S_42"],
                 scope: .workloads, evaluate: Template.pod { w, _ in
                     let sa = w.pod.serviceAccountName ?? w.pod.serviceAccount
                     guard sa == nil || sa!.value.isEmpty || sa!.value == "default" else { return [] }
                     return [Violation(line: sa?.line ?? w.pod.line, "pod uses the default service account")]
                 }),
        K8sCheck(id: "sa-deprecated-field", title: "Deprecated serviceAccount field", category: "RBAC", severity: .low,
                 description: "spec.serviceAccount is the deprecated alias of serviceAccountName.",
                 remediation: "Use serviceAccountName.",
                 kubeLinter: ["deprecated-service-account-field"],
                 scope: .workloads, evaluate: Template.pod { w, _ in
                     guard let f = w.pod.serviceAccount, !f.value.isEmpty else { return [] }
                     return [Violation(line: f.line, "spec.serviceAccount is deprecated; use serviceAccountName")]
                 }),
        K8sCheck(id: "missing-sa", title: "Service account not in the manifests", category: "RBAC", severity: .low,
                 description: "serviceAccountName names a ServiceAccount that is not among the scanned objects (checked only when the scan contains ServiceAccounts).",
                 remediation: "Add the ServiceAccount, or fix the name.",
                 kubeLinter: ["non-existent-service-account"],
                 scope: .workloads, evaluate: Template.pod { w, input in
                     guard input.index.hasServiceAccounts, let sa = w.pod.serviceAccountName ?? w.pod.serviceAccount,
                           !sa.value.isEmpty, sa.value != "default",
                           input.index.serviceAccounts["\(input.object.effectiveNamespace)/\(sa.value)"] == nil else { return [] }
                     return [Violation(line: sa.line, "service account \(sa.value) is not defined in namespace \(input.object.effectiveNamespace)")]
                 }),
        K8sCheck(id: "cluster-admin-binding", title: "Binding to cluster-admin", category: "RBAC", severity: .high,
                 description: "A RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole.",
                 remediation: "Bind a narrower role.",
                 cis: ["5.1.1"], nist: ["4.3.1"], kubeLinter: ["cluster-admin-role-binding"], trivy: ["KSV-0111"],
                 scope: .kinds(bindingKinds), evaluate: { input in
                     guard case .binding(let b) = input.object.body, b.roleKind == "ClusterRole", b.roleName == "cluster-admin" else { return [] }
                     let who = b.subjects.map { "\($0.kind) \($0.namespace.map { "\($0)/" } ?? "")\($0.name)" }.joined(separator: ", ")
                     return [Violation(line: b.roleLine, "grants cluster-admin to \(who.isEmpty ? "no subjects" : who)")]
                 }),
        K8sCheck(id: "rbac-wildcard", title: "Wildcard in RBAC rule", category: "RBAC", severity: .high,
                 description: "A Role or ClusterRole rule uses * in verbs, resources or apiGroups, granting more than intended (including future resources).",
                 remediation: "List verbs, resources and API groups explicitly.",
                 cis: ["5.1.3"], nist: ["4.3.1"], kubeLinter: ["wildcard-in-rules"], checkov: ["CKV_K8S_49"],
                 trivy: ["KSV-0044", "KSV-0045", "KSV-0046", "KSV-0112"],
                 scope: .kinds(["Role", "ClusterRole"]), evaluate: Template.rules { rule, _ in
                     var parts: [String] = []
                     if rule.verbs.contains("*") { parts.append("verbs") }
                     if rule.resources.contains("*") { parts.append("resources") }
                     if rule.apiGroups.contains("*") { parts.append("apiGroups") }
                     return parts.isEmpty ? nil : "rule uses * in \(parts.joined(separator: ", "))"
                 }),
        rbac("rbac-secrets", "Read access to secrets", severity: .high,
             description: "A rule grants get, list or watch on secrets; list and watch return every secret's value.",
             remediation: "Grant access to specific secrets with resourceNames, or none.",
             cis: ["5.1.2"], ckv: ["CKV2_K8S_5"], ksv: ["KSV-0041", "KSV-0113"], kl: ["access-to-secrets"],
             verbs: ["get", "list", "watch"], resources: ["secrets"]),
        rbac("rbac-create-pods", "Can create pods or workloads", severity: .medium,
             description: "A rule grants create on pods or workload controllers; whoever holds it can run any image with any service account in the namespace.",
             remediation: "Restrict create on pods and controllers to deployment tooling.",
             cis: ["5.1.4"], ksv: ["KSV-0048"], kl: ["access-to-create-pods"],
             verbs: ["create"], resources: workloadResources),
        rbac("rbac-exec-attach", "Can exec into or attach to pods", severity: .high,
             description: "A rule grants pods/exec or pods/attach (create, or get for the websocket path): a shell in any pod of the scope.",
             remediation: "Remove pods/exec and pods/attach from the role.",
             ksv: ["KSV-0053", "KSV-0054"],
             verbs: ["create", "get"], resources: ["pods/exec", "pods/attach"]),
        K8sCheck(id: "rbac-escalate-bind-impersonate", title: "Escalate, bind or impersonate", category: "RBAC", severity: .high,
                 description: "A rule grants the escalate, bind or impersonate verbs, or create on (Cluster)RoleBindings: ways to gain permissions the holder does not have.",
                 remediation: "Remove these verbs; grant bindings through a controlled process.",
                 cis: ["5.1.8"], nist: ["4.3.1"], checkov: ["CKV_K8S_157", "CKV_K8S_158"],
                 trivy: ["KSV-0043", "KSV-0050", "KSV-0051", "KSV-0052", "KSV-0055"],
                 scope: .kinds(["Role", "ClusterRole"]), evaluate: Template.rules { rule, _ in
                     let grants = escalationGrants(rule)
                     guard !grants.isEmpty else { return nil }
                     let via = rule.verbs.contains("*") ? " (verbs: *)" : ""
                     return "rule grants \(grants.joined(separator: ", "))\(via) on \(rule.resources.joined(separator: ","))"
                 }),
        rbac("rbac-webhook-config", "Can change admission webhooks", severity: .high,
             description: "A rule grants write access to validating or mutating webhook configurations, which can intercept or bypass every admission.",
             remediation: "Restrict webhook configuration changes to cluster administrators.",
             cis: ["5.1.12"], ckv: ["CKV_K8S_155"], ksv: ["KSV-0114"],
             verbs: writeVerbs, resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]),
        rbac("rbac-csr-approve", "Can approve certificate signing requests", severity: .high,
             description: "A rule grants update on certificatesigningrequests/approval: the holder can mint client certificates.",
             remediation: "Restrict CSR approval to the controller manager.",
             cis: ["5.1.11"], ckv: ["CKV_K8S_156"],
             verbs: ["update", "patch", "*"], resources: ["certificatesigningrequests/approval"]),
        rbac("rbac-node-proxy", "Access to nodes/proxy", severity: .high,
             description: "A rule grants nodes/proxy, which reaches the kubelet API (exec in any pod on the node) without audit.",
             remediation: "Remove nodes/proxy.",
             cis: ["5.1.10"], ksv: ["KSV-0047"],
             verbs: ["get", "create", "update", "patch", "*"], resources: ["nodes/proxy"]),
        rbac("rbac-create-pv", "Can create persistent volumes", severity: .medium,
             description: "A rule grants create on persistentvolumes, which can be hostPath volumes onto any node.",
             remediation: "Let users create PersistentVolumeClaims, not PersistentVolumes.",
             cis: ["5.1.9"],
             verbs: ["create"], resources: ["persistentvolumes"]),
        rbac("rbac-sa-token-create", "Can create service account tokens", severity: .medium,
             description: "A rule grants create on serviceaccounts/token: the holder can mint tokens for any service account in scope.",
             remediation: "Remove create on serviceaccounts/token.",
             cis: ["5.1.13"],
             verbs: ["create"], resources: ["serviceaccounts/token"]),
        K8sCheck(id: "rbac-system-masters", title: "Binding to system:masters", category: "RBAC", severity: .critical,
                 description: "A binding names the system:masters group, which bypasses RBAC entirely.",
                 remediation: "Never bind system:masters; use a dedicated group.",
                 cis: ["5.1.7"], nist: ["4.3.1"],
                 scope: .kinds(bindingKinds), evaluate: { input in
                     guard case .binding(let b) = input.object.body else { return [] }
                     return b.subjects.filter { $0.kind == "Group" && $0.name == "system:masters" }.map { Violation(line: $0.line, "binds the system:masters group") }
                 }),
        K8sCheck(id: "rbac-anonymous", title: "Binding to anonymous or all authenticated users", category: "RBAC", severity: .critical,
                 description: "A binding names system:anonymous, system:unauthenticated or system:authenticated.",
                 remediation: "Bind specific users, groups or service accounts.",
                 nist: ["4.3.2"], trivy: ["KSV-01011"],
                 scope: .kinds(bindingKinds), evaluate: { input in
                     guard case .binding(let b) = input.object.body else { return [] }
                     return b.subjects.filter { ["system:anonymous", "system:unauthenticated", "system:authenticated"].contains($0.name) }
                         .map { Violation(line: $0.line, "binds \($0.name) to \(b.roleKind) \(b.roleName)") }
                 }),
        rbac("rbac-networking", "Can manage networking resources", severity: .medium,
             description: "A rule grants write access to services, endpoints, network policies or ingresses, which can redirect or expose traffic.",
             remediation: "Restrict networking changes to deployment tooling.",
             ksv: ["KSV-0056"],
             verbs: writeVerbs, resources: ["services", "endpoints", "endpointslices", "networkpolicies", "ingresses"]),
        rbac("rbac-configmaps", "Can manage configmaps", severity: .low,
             description: "A rule grants write access to configmaps, which often hold configuration that other workloads trust.",
             remediation: "Restrict configmap changes to deployment tooling.",
             ksv: ["KSV-0049"],
             verbs: writeVerbs, resources: ["configmaps"]),
    ]
}
