import Foundation
@testable import Policy

/// Small subject builders for tests.
enum Subjects {
    static func deployment(_ rows: [[PolicyField: [String]]], name: String = "web", namespace: String = "default",
                           cluster: String = "prod", labels: [String: String] = [:], images: [String] = []) -> PolicySubject {
        PolicySubject(kind: .deployment, name: "Deployment \(namespace)/\(name)",
                      scope: SubjectScope(cluster: cluster, namespace: namespace, labels: labels, images: images,
                                          deploymentName: name),
                      rows: rows.map(FactRow.init))
    }

    static func image(_ rows: [[PolicyField: [String]]], reference: String = "registry.example.com/team/app:1.0") -> PolicySubject {
        PolicySubject(kind: .image, name: reference, scope: SubjectScope(images: [reference]), rows: rows.map(FactRow.init))
    }

    static func runtime(_ rows: [[PolicyField: [String]]], name: String = "web", namespace: String = "default") -> PolicySubject {
        PolicySubject(kind: .runtime, name: "Deployment \(namespace)/\(name)",
                      scope: SubjectScope(cluster: "prod", namespace: namespace, deploymentName: name),
                      rows: rows.map(FactRow.init))
    }

    /// A policy with the sections; by default at every stage its fields allow (build only when all
    /// fields are image fields).
    static func policy(_ sections: [[Criterion]], stages: [LifecycleStage]? = nil, id: String = "test") -> Policy {
        let kinds = sections.joined().compactMap { $0.policyField?.metadata.subjectKinds }
        let stages = stages ?? [LifecycleStage.build, .deploy, .runtime].filter { stage in
            kinds.allSatisfy { $0.contains(PolicyCompiler.kind(for: stage)) }
        }
        return Policy(id: id, name: "Test policy", severity: .high, lifecycleStages: stages,
               sections: sections.map { PolicySection(criteria: $0) })
    }

    static func evaluate(_ policy: Policy, _ subject: PolicySubject, stage: LifecycleStage = .deploy,
                         now: Date = Date(timeIntervalSince1970: 1_800_000_000)) throws -> [PolicyViolation] {
        let engine = PolicyEngine(policies: [try PolicyCompiler.compile(policy)])
        return engine.evaluate(subject, stage: stage, now: now)
    }
}
