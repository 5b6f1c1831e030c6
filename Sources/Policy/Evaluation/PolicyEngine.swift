public import Foundation

/// Evaluates compiled policies against subjects.
///
/// A policy is evaluated when it is enabled, lists the stage, and its scope matches (subjects
/// without deployment context — images at build time — are in every scope). It is skipped when
/// an unexpired exclusion matches. Then any matching section makes a violation: a section is
/// evaluated only on subjects whose kind carries all its fields, and matches when all its
/// criteria match one fact row (or, when the criteria span several leaf entities such as a volume
/// and a port, rows of the same container).
public struct PolicyEngine: Sendable {
    /// The policies, in evaluation (and report) order.
    public let policies: [CompiledPolicy]
    let columns: EngineColumns

    /// - Parameter policies: the compiled policies.
    public init(policies: [CompiledPolicy]) {
        self.policies = policies
        self.columns = EngineColumns(policies: policies)
    }

    /// Evaluates every policy against `subject` at `stage`.
    /// - Parameters:
    ///   - subject: the image, deployment or runtime event.
    ///   - stage: the lifecycle stage.
    ///   - now: the time exclusion expiry is checked against.
    /// - Returns: one violation per matching policy, in policy order.
    public func evaluate(_ subject: PolicySubject, stage: LifecycleStage, now: Date = Date()) -> [PolicyViolation] {
        var violations: [PolicyViolation] = []
        var evaluation: SectionEvaluation?
        for compiled in policies {
            let policy = compiled.storage
            guard policy.enabled, policy.stages.contains(stage), policy.kinds.contains(subject.kind) else { continue }
            guard inScope(policy, subject) else { continue }
            var rowExclusions: [CompiledExclusion] = []
            if isExcluded(policy, subject, now: now, rowExclusions: &rowExclusions) { continue }
            if evaluation == nil {
                evaluation = SectionEvaluation(source: MatchSource(prepared: PreparedSubject(subject, columns: columns),
                                                                   columns: columns))
            }
            evaluation!.reset(rowExclusions: rowExclusions)
            var matches: [PolicyMatch] = []
            for section in policy.sections where section.unsupported.isEmpty && section.kinds.contains(subject.kind) {
                matches += evaluation!.evaluate(section)
            }
            guard !matches.isEmpty else { continue }
            violations.append(PolicyViolation(
                policyID: policy.policy.id, policyName: policy.policy.name, severity: policy.policy.severity,
                stage: stage, enforcement: policy.enforcement.action(for: stage), subject: subject.name,
                matches: matches))
        }
        return violations
    }

    private func inScope(_ policy: CompiledPolicyStorage, _ subject: PolicySubject) -> Bool {
        guard !policy.scope.isEmpty else { return true }
        guard subject.kind != .image || subject.scope.hasDeploymentContext else { return true }
        return policy.scope.contains { $0.matches(subject.scope) }
    }

    /// Whole-subject exclusion; image exclusions that cover only some of a deployment's images are
    /// returned in `rowExclusions` and applied to rows carrying `Image Name`.
    private func isExcluded(_ policy: CompiledPolicyStorage, _ subject: PolicySubject, now: Date,
                            rowExclusions: inout [CompiledExclusion]) -> Bool {
        let hasContext = subject.kind != .image || subject.scope.hasDeploymentContext
        for exclusion in policy.exclusions {
            if let expires = exclusion.expires, now >= expires { continue }
            if exclusion.hasDeploymentPart {
                guard hasContext, exclusion.matchesDeployment(subject.scope) else { continue }
                if exclusion.images.isEmpty { return true }
            }
            let images = subject.scope.images
            if subject.kind == .image {
                if images.contains(where: exclusion.matchesImage) { return true }
            } else if !images.isEmpty, images.allSatisfy(exclusion.matchesImage) {
                return true
            } else {
                rowExclusions.append(exclusion)
            }
        }
        return false
    }
}
