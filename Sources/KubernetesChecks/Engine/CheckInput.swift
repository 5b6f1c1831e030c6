/// What a check's predicate sees: one object, the check's parameters and the index of the whole scan.
struct CheckInput: Sendable {
    let object: K8sObject
    let parameters: [String: String]
    let index: ScanIndex

    func parameter(_ key: String) -> String { parameters[key] ?? "" }

    func list(_ key: String) -> [String] {
        parameter(key).split { $0 == "," || $0 == " " || $0 == "\n" }.map(String.init)
    }

    func int(_ key: String, default value: Int) -> Int { Int(parameter(key)) ?? value }
}

/// One failed check on one object.
struct Violation: Sendable {
    var line: Int
    var container: String?
    var message: String
    /// The Pod Security controls this violation breaks when it breaks only some of the check's
    /// (seccomp unset breaks seccompProfile_restricted, Unconfined breaks both); nil for all of them.
    var pssControls: [String]?

    init(line: Int, container: String? = nil, _ message: String, pss: [String]? = nil) {
        self.line = line
        self.container = container
        self.message = message
        self.pssControls = pss
    }
}

/// Predicate templates shared by the checks.
enum Template {
    /// Runs `body` for every container of a workload (optionally only some groups).
    static func containers(_ groups: Set<Container.Group> = [.container, .initContainer, .ephemeral],
                           _ body: @escaping @Sendable (Container, Workload, CheckInput) -> Violation?) -> @Sendable (CheckInput) -> [Violation] {
        { input in
            guard let w = input.object.workload else { return [] }
            return w.pod.containers.compactMap { groups.contains($0.group) ? body($0, w, input) : nil }
        }
    }

    /// Runs `body` once for a workload's pod spec.
    static func pod(_ body: @escaping @Sendable (Workload, CheckInput) -> [Violation]) -> @Sendable (CheckInput) -> [Violation] {
        { input in
            guard let w = input.object.workload else { return [] }
            return body(w, input)
        }
    }

    /// A pod-level boolean that must not be true.
    static func podFlag(_ field: @escaping @Sendable (PodSpec) -> Located<Bool>?, _ message: String) -> @Sendable (CheckInput) -> [Violation] {
        pod { w, _ in
            guard let f = field(w.pod), f.value else { return [] }
            return [Violation(line: f.line, message)]
        }
    }

    /// Runs `body` for every rule of a Role or ClusterRole.
    static func rules(_ body: @escaping @Sendable (RBACRule, CheckInput) -> String?) -> @Sendable (CheckInput) -> [Violation] {
        { input in
            guard case .role(let rules) = input.object.body else { return [] }
            return rules.compactMap { rule in body(rule, input).map { Violation(line: rule.line, $0 + input.index.boundBy(input.object)) } }
        }
    }
}
