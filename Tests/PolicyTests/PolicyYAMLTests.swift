import Foundation
import Testing
@testable import Policy

/// Writing YAML: deterministic, readable, and read back into equal policies.
struct PolicyYAMLTests {
    static let policy = Policy(
        id: "no-shell-in-prod", name: "No shell in production containers",
        description: "Shells: sh, bash # and friends", rationale: "It's what attackers use", remediation: "Use a distroless base",
        severity: .high, categories: ["Runtime", "Hardening"], lifecycleStages: [.build, .deploy, .runtime],
        scope: [ScopeRule(cluster: "prod-.*", namespace: "shop", label: "env=prod")],
        exclusions: [PolicyExclusion(name: "debug image until March", images: ["registry.example.com/debug:.*"],
                                     expires: ISO8601DateFormatter().date(from: "2026-04-01T00:00:00Z")),
                     PolicyExclusion(deployment: "toolbox", scope: ScopeRule(namespace: "ops"),
                                     expires: ISO8601DateFormatter().date(from: "2026-03-31T12:30:00Z"))],
        enforcement: PolicyEnforcement(build: .failBuild, deploy: .block, runtime: .killPod),
        sections: [
            PolicySection(name: "shell package", criteria: [Criterion(.imageComponent, ["bash|dash|busybox="])]),
            PolicySection(criteria: [
                Criterion(.cvss, [">= 7", "< 9"], operator: .and),
                Criterion(.cve, ["CVE-2024-1", "CVE-2024-2"], negate: true),
                Criterion(.dockerfileLine, ["RUN=.*curl .*\\| *sh.*"]),
                Criterion(field: "Unknown Field", values: ["x, y"], unsupported: "Palisade has no field 'Unknown Field'"),
            ]),
            PolicySection(criteria: [Criterion(.processName, ["sh"]), Criterion(.processName, ["bash"], negate: true),
                                     Criterion(.processArguments, ["-c"], operator: .and, negate: true)]),
        ],
        mitreAttackVectors: [MitreAttackVector(tactic: "TA0002", techniques: ["T1059.004"])])

    static let expected = #"""
        id: no-shell-in-prod
        name: No shell in production containers
        description: 'Shells: sh, bash # and friends'
        rationale: It's what attackers use
        remediation: Use a distroless base
        severity: high
        categories: [Runtime, Hardening]
        stages: [build, deploy, runtime]
        enabled: true
        enforcement:
          build: fail-build
          deploy: block
          runtime: kill-pod
        scope:
          - cluster: prod-.*
            namespace: shop
            label: env=prod
        exclusions:
          - name: debug image until March
            expires: 2026-03-31
            images: [registry.example.com/debug:.*]
          - deployment: toolbox
            namespace: ops
            expires: 2026-03-31T12:30:00Z
        mitre:
          - tactic: TA0002
            techniques: [T1059.004]
        sections:
          - name: shell package
            criteria:
              Image Component: bash|dash|busybox=
          - criteria:
              CVSS: {all: ['>= 7', '< 9']}
              CVE: {not: [CVE-2024-1, CVE-2024-2]}
              Dockerfile Line: 'RUN=.*curl .*\| *sh.*'
              Unknown Field: {values: 'x, y', unsupported: "Palisade has no field 'Unknown Field'"}
          - criteria:
              - Process Name: sh
              - Process Name: {not: bash}
              - Process Arguments: {values: '-c', operator: and, negate: true}

        """#

    @Test func encodesReadably() {
        let yaml = PolicyYAML.encode(Self.policy)
        #expect(yaml == Self.expected)
    }

    @Test func roundTrips() throws {
        let yaml = PolicyYAML.encode([Self.policy, Self.policy])
        #expect(yaml.components(separatedBy: "---\n").count == 2)
        var second = Self.policy
        second.id = "other"
        let result = PolicyLoader.load(text: PolicyYAML.encode([Self.policy, second]), file: "p.yaml")
        #expect(result.problems.filter(\.isError).isEmpty, "\(result.problems)")
        #expect(result.policies == [Self.policy, second])
    }

    @Test func quotesWhatYAMLWouldMisread() throws {
        for value in ["yes", "no", "~", "null", "", " padded", "- dash", "a: b", "#hash", "tab\there", "line\nbreak", "[x]", "{x}",
                      "'quoted'", "\"double\"", "50%", "@at", "`tick`", "*star", "&amp", "!bang", "|pipe", ">= 7", "back\\slash"] {
            let policy = Policy(id: "p", name: value.isEmpty ? "n" : value, description: value, lifecycleStages: [.build],
                                sections: [PolicySection(criteria: [Criterion(.imageLabel, [NSRegularExpression.escapedPattern(for: value) + "="])])])
            let loaded = PolicyLoader.load(text: PolicyYAML.encode(policy), file: "p.yaml")
            #expect(loaded.policies.first?.description == policy.description, "'\(value)': \(PolicyYAML.encode(policy))")
            #expect(loaded.policies.first?.name == policy.name, "'\(value)'")
            #expect(loaded.policies.first?.sections == policy.sections, "'\(value)'")
        }
    }

    @Test func codableLongFormMatches() throws {
        let data = try JSONEncoder().encode(Self.policy)
        #expect(try JSONDecoder().decode(Policy.self, from: data) == Self.policy)
        let minimal = #"{"id": "p", "name": "P", "stages": ["deploy"], "sections": [{"criteria": [{"field": "CVE", "values": ["x"]}]}]}"#
        let decoded = try JSONDecoder().decode(Policy.self, from: Data(minimal.utf8))
        #expect(decoded.enabled && decoded.severity == .medium && decoded.sections[0].criteria[0].operator == .or)
        // The loader reads the same long form.
        #expect(PolicyLoader.load(text: minimal, file: "p.json").policies == [decoded])
    }
}
