import Foundation

/// Turns ``Policy`` values into ``CompiledPolicy`` values, and validates them (lint).
public enum PolicyCompiler {
    /// Compiles `policy`.
    /// - Parameter policy: the policy.
    /// - Returns: the compiled policy.
    /// - Throws: ``PolicyError`` (`invalidPolicy`) with every error-level problem.
    public static func compile(_ policy: Policy) throws(PolicyError) -> CompiledPolicy {
        let (compiled, problems) = check(policy)
        guard let compiled else {
            throw PolicyError(.invalidPolicy, "policy '\(policy.id)' does not compile",
                              problems: problems.filter(\.isError))
        }
        return compiled
    }

    /// Compiles every policy that compiles; the others are reported in the problems.
    /// - Parameter policies: the policies.
    /// - Returns: the compiled policies and all problems (errors and warnings).
    public static func compileAll(_ policies: [Policy]) -> (policies: [CompiledPolicy], problems: [PolicyProblem]) {
        var compiled: [CompiledPolicy] = []
        var problems: [PolicyProblem] = []
        for policy in policies {
            let (result, found) = check(policy)
            problems += found
            if let result { compiled.append(result) }
        }
        return (compiled, problems)
    }

    /// Validates `policy`: every problem (errors and warnings), without file names.
    /// - Parameter policy: the policy.
    /// - Returns: the problems; no error-level problem means ``compile(_:)`` succeeds.
    public static func validate(_ policy: Policy) -> [PolicyProblem] {
        check(policy).problems
    }

    /// Compiles and validates; the compiled policy is nil when there is an error-level problem.
    static func check(_ policy: Policy) -> (compiled: CompiledPolicy?, problems: [PolicyProblem]) {
        var problems = ProblemList(policy: policy.id.isEmpty ? policy.name : policy.id)
        if policy.id.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.error("policy has no id", path: "id")
        }
        if policy.name.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.error("policy has no name", path: "name")
        }
        if policy.lifecycleStages.isEmpty {
            problems.error("policy has no lifecycle stages (build, deploy, runtime)", path: "stages")
        }
        if policy.sections.isEmpty && policy.enabled {
            problems.error("policy has no criteria (add `criteria:` or `sections:`)", path: "criteria")
        }
        checkEnforcement(policy, &problems)
        var sections: [CompiledSection] = []
        for (index, section) in policy.sections.enumerated() {
            if let compiled = compileSection(section, index: index, policy: policy, &problems) {
                sections.append(compiled)
            }
        }
        if sections.count == policy.sections.count { checkStages(policy, sections, &problems) }
        if !policy.sections.isEmpty, policy.sections.allSatisfy({ $0.criteria.contains { $0.unsupported != nil } }) {
            problems.warning("every section has an unsupported criterion: the policy never matches", path: "sections")
        }
        let scope = policy.scope.enumerated().compactMap { index, rule in
            compileScope(rule, path: "scope.\(index)", &problems)
        }
        var exclusions: [CompiledExclusion] = []
        for (index, exclusion) in policy.exclusions.enumerated() {
            if let compiled = compileExclusion(exclusion, path: "exclusions.\(index)", &problems) {
                exclusions.append(compiled)
            }
        }
        guard !problems.hasErrors else { return (nil, problems.items) }
        var fields = Set<Int>()
        for section in sections {
            fields.formUnion(section.reportFields)
        }
        fields.insert(PolicyField.imageName.index)
        let compiled = CompiledPolicy(policy: policy, sections: sections, scope: scope, exclusions: exclusions,
                                      fieldIndices: fields.sorted())
        return (compiled, problems.items)
    }

    private static func checkEnforcement(_ policy: Policy, _ problems: inout ProblemList) {
        for stage in LifecycleStage.allValues {
            guard let action = policy.enforcement.action(for: stage) else { continue }
            if !action.stages.contains(stage) {
                let allowed = EnforcementAction.allValues.filter { $0.stages.contains(stage) }.map(\.rawValue)
                problems.error("'\(action)' is not a \(stage)-stage action (use \(allowed.joined(separator: ", ")))",
                               suggestion: allowed.first, path: "enforcement.\(stage)")
            } else if !policy.lifecycleStages.contains(stage) {
                problems.warning("enforcement at \(stage) has no effect: the policy's stages are \(policy.lifecycleStages.map(\.rawValue).joined(separator: ", "))",
                                 path: "enforcement.\(stage)")
            }
        }
    }

    private static func compileSection(_ section: PolicySection, index: Int, policy: Policy,
                                       _ problems: inout ProblemList) -> CompiledSection? {
        let path = "sections.\(index)"
        if section.criteria.isEmpty {
            problems.error("section has no criteria", section: index, path: path)
            return nil
        }
        var criteria: [CompiledCriterion] = []
        var unsupported: [String] = []
        var kinds = Set(PolicySubject.Kind.allCases)
        var failed = false
        for (number, criterion) in section.criteria.enumerated() {
            let criterionPath = "\(path).criteria.\(number)"
            let context = ProblemList.Context(section: index, criterion: number, field: criterion.field)
            if let reason = criterion.unsupported {
                unsupported.append("\(criterion.field): \(reason)")
                problems.warning("unsupported criterion (\(reason)); section \(index + 1) never matches",
                                 context, path: criterionPath)
                continue
            }
            guard let field = PolicyField(named: criterion.field) else {
                problems.error("unknown field", context, suggestion: PolicyField.suggestions(for: criterion.field).first,
                               path: criterionPath + ".field")
                failed = true
                continue
            }
            guard let compiled = compileCriterion(criterion, field: field, context: context, path: criterionPath, &problems) else {
                failed = true
                continue
            }
            kinds.formIntersection(field.metadata.subjectKinds)
            criteria.append(compiled)
        }
        if failed { return nil }
        if policy.lifecycleStages == [.runtime], unsupported.isEmpty, !kinds.isEmpty, kinds != [.runtime] {
            problems.warning("run-time section without a run-time field (process, network flow, Kubernetes event, file access): it matches every event of a matching deployment",
                             section: index, path: path)
        }
        return makeSection(section, index: index, criteria: criteria, kinds: kinds, unsupported: unsupported)
    }

    private static func compileCriterion(_ criterion: Criterion, field: PolicyField, context: ProblemList.Context,
                                         path: String, _ problems: inout ProblemList) -> CompiledCriterion? {
        let metadata = field.metadata
        var ok = true
        if criterion.values.isEmpty {
            problems.error("criterion has no values", context, path: path + ".values")
            ok = false
        }
        if criterion.negate && !metadata.negationAllowed {
            problems.error("\(field.name) cannot be negated", context, path: path + ".negate")
            ok = false
        }
        if criterion.operator == .and && !metadata.andAllowed && criterion.values.count > 1 {
            problems.error("\(field.name) does not allow `operator: and`", context, path: path + ".operator")
            ok = false
        }
        var values: [CompiledValue] = []
        for (index, raw) in criterion.values.enumerated() {
            switch ValueCompiler.compile(raw, for: metadata) {
            case .success(let value): values.append(value)
            case .failure(let failure):
                problems.error(failure.message, context, suggestion: failure.suggestion, path: path + ".values.\(index)")
                ok = false
            }
        }
        guard ok else { return nil }
        return CompiledCriterion(field: field, source: metadata.source.index, values: values, rawValues: criterion.values,
                                 matchAll: criterion.operator == .and, negate: criterion.negate != metadata.matchesWhenAbsent,
                                 explicitNegate: criterion.negate)
    }

    /// The subject kind evaluated at each stage.
    static func kind(for stage: LifecycleStage) -> PolicySubject.Kind {
        switch stage {
        case .build: return .image
        case .deploy: return .deployment
        default: return .runtime
        }
    }

    /// Each section must be evaluable at one of the policy's stages, and each stage must have a
    /// section it can evaluate (sections may differ: an image section and a process section make
    /// one rule for build and runtime).
    private static func checkStages(_ policy: Policy, _ sections: [CompiledSection], _ problems: inout ProblemList) {
        let supported = sections.filter { $0.unsupported.isEmpty }
        let stageNames = policy.lifecycleStages.map(\.rawValue).joined(separator: ", ")
        for section in supported where !policy.lifecycleStages.contains(where: { section.kinds.contains(kind(for: $0)) }) {
            let narrowest = section.criteria.min { $0.field.metadata.subjectKinds.count < $1.field.metadata.subjectKinds.count }
            let needs = narrowest.map { field in
                "\(field.field.name) is available at \(field.field.metadata.stages.map(\.rawValue).joined(separator: ", ")) only"
            } ?? "its fields are not available"
            let number = section.criteria.firstIndex { $0 === narrowest } ?? 0
            problems.error("section \(section.index + 1) can never be evaluated: \(needs), and the policy's stages are \(stageNames)",
                           ProblemList.Context(section: section.index, criterion: number, field: narrowest?.field.name),
                           path: "sections.\(section.index).criteria.\(number).field")
        }
        guard !supported.isEmpty else { return }
        for stage in policy.lifecycleStages where !supported.contains(where: { $0.kinds.contains(kind(for: stage)) }) {
            let fields = Set(supported.flatMap(\.criteria).filter { !$0.field.metadata.subjectKinds.contains(kind(for: stage)) }
                .map(\.field.name)).sorted()
            problems.error("no section can be evaluated at the \(stage) stage (\(fields.joined(separator: ", ")) need\(fields.count == 1 ? "s" : "") \(stage == .build ? "deployment or run-time" : "run-time") data)",
                           suggestion: "stages: [\(policy.lifecycleStages.filter { $0 != stage }.map(\.rawValue).joined(separator: ", "))]",
                           path: "stages")
        }
    }

    private static func makeSection(_ section: PolicySection, index: Int, criteria: [CompiledCriterion],
                                    kinds: Set<PolicySubject.Kind>, unsupported: [String]) -> CompiledSection {
        var branches: [String: [Int]] = [:]
        var branchOrder: [String] = []
        var ancestors: [Int] = []
        var entities = Set<String>()
        for (number, criterion) in criteria.enumerated() {
            let entity = PolicyFieldCatalog.entries[criterion.source].entity
            entities.insert(entity.name)
            if entity.isLeaf {
                if branches[entity.branch] == nil { branchOrder.append(entity.branch) }
                branches[entity.branch, default: []].append(number)
            } else {
                ancestors.append(number)
            }
        }
        let groups: [[Int]] = branchOrder.isEmpty
            ? [Array(criteria.indices)]
            : branchOrder.map { (branches[$0] ?? []) + ancestors }
        var report: [Int] = []
        func add(_ index: Int) { if !report.contains(index) { report.append(index) } }
        for criterion in criteria { add(criterion.source) }
        let readsVulnerability = entities.contains(PolicyEntity.vulnerability.name)
        if readsVulnerability {
            for field in [PolicyField.cve, .cvss, .severity, .fixedBy, .imageComponent] { add(field.index) }
        } else if entities.contains(PolicyEntity.component.name) {
            add(PolicyField.imageComponent.index)
        }
        if entities.contains(PolicyEntity.volume.name) {
            for field in [PolicyField.volumeName, .volumeSource, .volumeDestination] { add(field.index) }
        }
        if entities.contains(PolicyEntity.port.name) {
            for field in [PolicyField.exposedPort, .exposedPortProtocol] { add(field.index) }
        }
        if entities.contains(PolicyEntity.process.name) {
            for field in [PolicyField.processName, .processArguments] { add(field.index) }
        }
        if entities.contains(PolicyEntity.kubeEvent.name) {
            for field in [PolicyField.kubernetesResource, .kubernetesUserName] { add(field.index) }
        }
        if entities.contains(PolicyEntity.fileAccess.name) {
            for field in [PolicyField.filePath, .fileOperation] { add(field.index) }
        }
        add(PolicyField.containerName.index)
        return CompiledSection(index: index, name: section.name, criteria: criteria, groups: groups, kinds: kinds,
                               unsupported: unsupported, reportFields: report, readsVulnerability: readsVulnerability)
    }

    static func compileScope(_ rule: ScopeRule, path: String, _ problems: inout ProblemList) -> CompiledScopeRule? {
        var ok = true
        func pattern(_ text: String?, _ key: String) -> StringMatcher? {
            guard let text, !text.isEmpty else { return nil }
            do {
                return try StringMatcher(text)
            } catch {
                problems.error("\(key) pattern '\(text)' does not compile: \(error.reason)", path: "\(path).\(key)")
                ok = false
                return nil
            }
        }
        let cluster = pattern(rule.cluster, "cluster")
        let namespace = pattern(rule.namespace, "namespace")
        var labelKey: StringMatcher?
        var labelValue: StringMatcher?
        if let label = rule.label {
            if let equals = label.firstIndex(of: "=") {
                labelKey = pattern(String(label[..<equals]), "label")
                labelValue = pattern(String(label[label.index(after: equals)...]), "label")
            } else {
                problems.error("label '\(label)' is not 'key=value'", suggestion: "\(label)=.*", path: "\(path).label")
                ok = false
            }
        }
        guard ok else { return nil }
        return CompiledScopeRule(cluster: cluster, namespace: namespace, labelKey: labelKey, labelValue: labelValue,
                                 hasLabel: rule.label != nil)
    }

    private static func compileExclusion(_ exclusion: PolicyExclusion, path: String,
                                         _ problems: inout ProblemList) -> CompiledExclusion? {
        guard exclusion.hasDeploymentPart || !exclusion.images.isEmpty else {
            problems.error("exclusion names no deployment, namespace, cluster, label or image", path: path)
            return nil
        }
        var ok = true
        var deployment: StringMatcher?
        if let name = exclusion.deployment {
            do {
                deployment = try StringMatcher(name)
            } catch {
                problems.error("deployment pattern '\(name)' does not compile: \(error.reason)", path: "\(path).deployment")
                ok = false
            }
        }
        var scope: CompiledScopeRule?
        if let rule = exclusion.scope, !rule.isEmpty {
            scope = compileScope(rule, path: path, &problems)
            if scope == nil { ok = false }
        }
        var images: [StringMatcher] = []
        for (index, image) in exclusion.images.enumerated() {
            do {
                images.append(try StringMatcher(image))
            } catch {
                problems.error("image pattern '\(image)' does not compile: \(error.reason)", path: "\(path).images.\(index)")
                ok = false
            }
        }
        guard ok else { return nil }
        return CompiledExclusion(deployment: deployment, scope: scope, images: images, expires: exclusion.expires)
    }
}

/// Accumulates problems for one policy.
struct ProblemList {
    struct Context {
        var section: Int?
        var criterion: Int?
        var field: String?
    }

    let policy: String
    private(set) var items: [PolicyProblem] = []

    init(policy: String) { self.policy = policy }

    var hasErrors: Bool { items.contains(where: \.isError) }

    mutating func error(_ message: String, _ context: Context = Context(), section: Int? = nil,
                        suggestion: String? = nil, path: String) {
        add(.error, message, context, section: section, suggestion: suggestion, path: path)
    }

    mutating func warning(_ message: String, _ context: Context = Context(), section: Int? = nil, path: String) {
        add(.warning, message, context, section: section, suggestion: nil, path: path)
    }

    private mutating func add(_ severity: PolicyProblem.Severity, _ message: String, _ context: Context, section: Int?,
                              suggestion: String?, path: String) {
        var problem = PolicyProblem(severity, policy: policy, section: (context.section ?? section).map { $0 + 1 },
                                    criterion: context.criterion.map { $0 + 1 }, field: context.field,
                                    message: message, suggestion: suggestion)
        problem.path = path
        items.append(problem)
    }
}
