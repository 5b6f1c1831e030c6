/// Violation sentences in StackRox's style, e.g.
/// `Fixable CVE-2023-1234 (CVSS 9.8, severity CRITICAL) found in component 'openssl' (version 3.0.2), fixed by 3.0.13 in container 'web'`
/// or `Privileged Container: true in container 'web'`.
enum ViolationMessage {
    /// Phrases for fields that match when their facts do not.
    private static let absencePhrases: [String: String] = [
        "Required Label": "no label matches",
        "Required Annotation": "no annotation matches",
        "Required Image Label": "no image label matches",
        "Drop Capabilities": "capabilities not dropped:",
        "Image Signature Verified By": "image not verified by",
        "Attestation Verified": "no verified attestation of type",
    ]

    private static let vulnerabilityFields: Set<PolicyField> = [.cve, .cvss, .severity, .fixedBy, .fixable, .imageComponent]

    static func make(template: MatchTemplate?, facts: [PolicyMatch.Fact]) -> String {
        func first(_ field: PolicyField) -> String? { facts.first { $0.field == field }?.values.first }
        var parts: [String] = []
        let vulnerability = template?.readsVulnerability == true && first(.cve) != nil
        if vulnerability, let cve = first(.cve) {
            parts.append(vulnerabilitySentence(cve: cve, first: first))
        }
        if let template {
            for (index, criterion) in template.criteria.enumerated() {
                if vulnerability && vulnerabilityFields.contains(criterion.field) { continue }
                let matched = facts.first { $0.criterion == index }?.values ?? []
                parts.append(phrase(criterion, matched))
            }
        } else {
            for fact in facts where fact.criterion != nil {
                parts.append("\(fact.field.name): \(fact.values.joined(separator: ", "))")
            }
        }
        var text = parts.joined(separator: "; ")
        if let container = first(.containerName), !container.isEmpty {
            text += " in container '\(container)'"
        }
        return text
    }

    private static func vulnerabilitySentence(cve: String, first: (PolicyField) -> String?) -> String {
        let fixedBy = first(.fixedBy).flatMap { $0.isEmpty ? nil : $0 }
        var text = (fixedBy != nil ? "Fixable " : "") + cve
        var details: [String] = []
        if let cvss = first(.cvss) { details.append("CVSS \(cvss)") }
        if let severity = first(.severity) { details.append("severity \(severity)") }
        if !details.isEmpty { text += " (\(details.joined(separator: ", ")))" }
        if let component = first(.imageComponent) {
            text += " found in " + componentPhrase(component)
        }
        if let fixedBy { text += ", fixed by \(fixedBy)" }
        return text
    }

    private static func componentPhrase(_ component: String) -> String {
        guard let equals = component.firstIndex(of: "=") else { return "component '\(component)'" }
        let name = component[..<equals]
        let version = component[component.index(after: equals)...]
        return version.isEmpty ? "component '\(name)'" : "component '\(name)' (version \(version))"
    }

    private static func phrase(_ criterion: MatchTemplate.CriterionText, _ matched: [String]) -> String {
        let name = criterion.field.name
        let patterns = criterion.rawValues.map { "'\($0)'" }.joined(separator: criterion.matchAll ? " and " : " or ")
        let found = matched.isEmpty ? "none" : matched.joined(separator: ", ")
        if criterion.impliedNegate, !criterion.explicitNegate, let absence = absencePhrases[name] {
            return "\(absence) \(patterns) (found: \(found))"
        }
        if criterion.explicitNegate {
            return "\(name): \(found) (not \(patterns))"
        }
        if criterion.field == .imageComponent {
            let text = matched.map(componentPhrase).joined(separator: ", ")
            return text.prefix(1).uppercased() + text.dropFirst()
        }
        return "\(name): \(matched.joined(separator: ", "))"
    }
}
