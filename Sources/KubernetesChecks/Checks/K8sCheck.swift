/// One Kubernetes check: its metadata as data, plus the predicate that evaluates it.
///
/// Every check is registered in `K8sChecks.all`; its `id` is what users write in exceptions and configs.
public struct K8sCheck: Sendable, Identifiable {
    /// Where a check maps in the standards and in other tools.
    public struct Mappings: Sendable, Codable, Hashable {
        /// CIS Kubernetes Benchmark 1.12 section-5 controls ("5.2.2").
        public var cis: [String] = []
        /// NIST SP 800-190 section 4 countermeasures ("4.4.3").
        public var nist: [String] = []
        /// Pod Security Standards checks: level ("baseline" or "restricted") and the pod-security-admission check id.
        public var pss: [PSSControl] = []
        public var kubeLinter: [String] = []
        public var checkov: [String] = []
        public var trivy: [String] = []
        public var polaris: [String] = []
    }

    /// A Pod Security Standards control.
    public struct PSSControl: Sendable, Codable, Hashable {
        public var level: String
        public var control: String
    }

    /// What the check looks at.
    enum Scope: Sendable {
        /// Pod-producing objects.
        case workloads
        /// Objects of these kinds.
        case kinds(Set<String>)
        /// Every namespaced object Palisade reads.
        case namespaced
    }

    public let id: String
    public let title: String
    public let category: String
    public let severity: K8sSeverity
    public let description: String
    public let remediation: String
    /// Parameters and their defaults (users override them in the config file).
    public let parameters: [String: String]
    public let mappings: Mappings
    /// Off unless enabled in the config (checks that need parameters or are informational).
    public let enabledByDefault: Bool
    let scope: Scope
    let evaluate: @Sendable (CheckInput) -> [Violation]

    init(id: String, title: String, category: String, severity: K8sSeverity, description: String, remediation: String,
         parameters: [String: String] = [:], cis: [String] = [], nist: [String] = [], pss: [(String, String)] = [],
         kubeLinter: [String] = [], checkov: [String] = [], trivy: [String] = [], polaris: [String] = [], enabledByDefault: Bool = true,
         scope: Scope, evaluate: @escaping @Sendable (CheckInput) -> [Violation]) {
        self.id = id
        self.title = title
        self.category = category
        self.severity = severity
        self.description = description
        self.remediation = remediation
        self.parameters = parameters
        self.mappings = Mappings(cis: cis, nist: nist, pss: pss.map { PSSControl(level: $0.0, control: $0.1) },
                                 kubeLinter: kubeLinter, checkov: checkov, trivy: trivy, polaris: polaris)
        self.enabledByDefault = enabledByDefault
        self.scope = scope
        self.evaluate = evaluate
    }

    /// Whether the check looks at this object.
    func applies(to object: K8sObject) -> Bool { applies(toKind: object.kind) }

    /// Whether the check looks at objects of this kind (the scope depends on the kind alone: every object of a
    /// workload kind is a workload).
    func applies(toKind kind: String) -> Bool {
        switch scope {
        case .workloads: K8sObject.workloadKinds.contains(kind)
        case .kinds(let kinds): kinds.contains(kind)
        case .namespaced: !K8sObject.clusterScopedKinds.contains(kind)
        }
    }

    /// The compliance controls a violation of this check fails ("cis-k8s:5.2.2", "pss-baseline:privileged", …).
    /// - Parameter pssControls: the Pod Security controls the violation breaks, when only some of the check's do.
    func controls(pssControls: [String]? = nil) -> [String] {
        var out = mappings.cis.map { "cis-k8s:\($0)" } + mappings.nist.map { "nist-800-190:\($0)" }
        for p in mappings.pss where pssControls?.contains(p.control) ?? true {
            if p.level == "baseline" {
                out += ["pss-baseline:\(p.control)", "pss-restricted:\(p.control)"]
            } else {
                out.append("pss-restricted:\(p.control)")
            }
        }
        return out
    }
}
