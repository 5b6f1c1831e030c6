import Foundation
import Testing
@testable import Policy

/// StackRox import: all 89 defaults import, compile and round-trip through YAML; what cannot be
/// expressed is reported, never dropped.
struct ACSImporterTests {
    static func importAll() throws -> [(file: String, policy: Policy, notes: [ImportNote])] {
        try Fixtures.acsPolicyFiles.map { file in
            let (policy, notes) = try ACSImporter.convert(json: Data(contentsOf: file), fileName: file.lastPathComponent)
            return (file.lastPathComponent, policy, notes)
        }
    }

    @Test func allDefaultPoliciesImport() throws {
        let imported = try Self.importAll()
        #expect(imported.count == 89)
        for item in imported {
            let source = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.acsPolicies.appendingPathComponent(item.file))) as! [String: Any]
            #expect(item.policy.id == source["id"] as? String, "\(item.file)")
            #expect(item.policy.name == source["name"] as? String, "\(item.file)")
            #expect(item.policy.enabled == !((source["disabled"] as? Bool) ?? false), "\(item.file)")
            // Every StackRox criterion is kept, in order.
            let sections = source["policySections"] as! [[String: Any]]
            let groups = sections.map { ($0["policyGroups"] as! [[String: Any]]).map { $0["fieldName"] as! String } }
            #expect(item.policy.sections.map { $0.criteria.map(\.field) } == groups, "\(item.file)")
            #expect(item.policy.exclusions.count == ((source["exclusions"] as? [Any])?.count ?? 0), "\(item.file)")
            let problems = PolicyCompiler.validate(item.policy)
            #expect(problems.filter(\.isError).isEmpty, "\(item.file): \(problems)")
            #expect(!item.notes.contains { $0.kind == .unsupported }, "\(item.file): \(item.notes)")
        }
    }

    @Test func importedPoliciesRoundTripThroughYAML() throws {
        for item in try Self.importAll() {
            let yaml = PolicyYAML.encode(item.policy)
            let loaded = PolicyLoader.load(text: yaml, file: item.file)
            #expect(loaded.problems.filter(\.isError).isEmpty, "\(item.file): \(loaded.problems)\n\(yaml)")
            #expect(loaded.policies == [item.policy], "\(item.file)\n\(yaml)")
            #expect(PolicyYAML.encode(loaded.policies) == yaml, "\(item.file): encoding is not stable")
        }
    }

    @Test func notesExplainDifferences() throws {
        let imported = try Self.importAll()
        let notes = imported.flatMap(\.notes)
        for note in notes { print(note) }
        let signed = try #require(imported.first { $0.file == "red_hat_images_signed.json" })
        #expect(signed.notes.filter { $0.field == "Image Signature Verified By" }.count == 2)
        #expect(signed.notes.allSatisfy { $0.kind == .changed })
        let audit = try #require(imported.first { $0.file == "access_central_secret.json" })
        #expect(audit.notes.contains { $0.field == "Kubernetes API Verb" && $0.section == 1 })
    }
}

extension ACSImporterTests {
    static let synthetic = """
        {
          "id": "11111111-2222-3333-4444-555555555555",
          "name": "Synthetic",
          "description": "d", "rationale": "r", "remediation": "m",
          "disabled": false,
          "categories": ["Test"],
          "lifecycleStages": ["DEPLOY", "RUNTIME"],
          "eventSource": "DEPLOYMENT_EVENT",
          "severity": "CRITICAL_SEVERITY",
          "enforcementActions": ["SCALE_TO_ZERO_ENFORCEMENT", "KILL_POD_ENFORCEMENT", "FAIL_DEPLOYMENT_CREATE_ENFORCEMENT"],
          "scope": [{"cluster": "prod", "namespace": "shop-.*", "label": {"key": "team", "value": "payments"}}],
          "exclusions": [
            {"name": "legacy", "deployment": {"name": "legacy-.*", "scope": {"namespace": "batch"}}, "expiration": "2026-03-31T00:00:00Z"},
            {"name": "base image", "image": {"name": "registry.example.com/base:1"}},
            {"name": "nothing"}
          ],
          "notifiers": ["slack-1"],
          "SORTName": "x",
          "unknownKey": 1,
          "policySections": [
            {"sectionName": "ok", "policyGroups": [
              {"fieldName": "Image Remote", "values": [{"value": "r/.*kubernetesui/dashboard.*"}]},
              {"fieldName": "CVSS", "values": [{"value": ">= 7.000000"}]}
            ]},
            {"sectionName": "future", "policyGroups": [
              {"fieldName": "Container Has Wings", "values": [{"value": "true"}]},
              {"fieldName": "Privileged Container", "values": [{"value": "true"}]}
            ]},
            {"policyGroups": [
              {"fieldName": "Privileged Container", "negate": true, "values": [{"value": "true"}]},
              {"fieldName": "Severity", "values": [{"value": "SEVERE"}]},
              {"fieldName": "Process Name", "values": [{"value": "bash"}]}
            ]}
          ]
        }
        """

    @Test func convertsEveryAttribute() throws {
        let (policy, notes) = try ACSImporter.convert(json: Data(Self.synthetic.utf8), fileName: "synthetic.json")
        #expect(policy.id == "11111111-2222-3333-4444-555555555555")
        #expect(policy.severity == .critical && policy.enabled && policy.categories == ["Test"])
        #expect(policy.lifecycleStages == [.deploy, .runtime] && policy.eventSource == "deployment")
        #expect(policy.enforcement == PolicyEnforcement(deploy: .block, runtime: .killPod))
        #expect(policy.scope == [ScopeRule(cluster: "prod", namespace: "shop-.*", label: "team=payments")])
        #expect(policy.exclusions == [
            PolicyExclusion(name: "legacy", deployment: "legacy-.*", scope: ScopeRule(namespace: "batch"),
                            expires: ISO8601DateFormatter().date(from: "2026-03-31T00:00:00Z")),
            PolicyExclusion(name: "base image", images: ["registry.example.com/base:1"]),
        ])
        #expect(policy.sections[0].criteria == [Criterion(.imageRemote, [".*kubernetesui/dashboard.*"]), Criterion(.cvss, [">= 7"])])
        // Nothing is dropped: the unsupported criteria are kept and marked.
        #expect(policy.sections[1].criteria.map(\.field) == ["Container Has Wings", "Privileged Container"])
        #expect(policy.sections[1].criteria[0].unsupported == "Palisade has no field 'Container Has Wings'")
        #expect(policy.sections[2].criteria[0].unsupported == "Privileged Container cannot be negated in Palisade")
        #expect(policy.sections[2].criteria[1].unsupported?.contains("'SEVERE' is not a severity") == true)
        let unsupported = notes.filter { $0.kind == .unsupported }
        #expect(unsupported.map(\.section) == [2, 3, 3])
        #expect(unsupported.map(\.field) == ["Container Has Wings", "Privileged Container", "Severity"])
        #expect(unsupported[0].description == "synthetic.json: unsupported: policy 'Synthetic' section 2 ('future') field 'Container Has Wings': Palisade has no field 'Container Has Wings'; the criterion is kept as unsupported and section 2 never matches")
        #expect(notes.contains { $0.kind == .ignored && $0.message.contains("'unknownKey'") })
        #expect(notes.contains { $0.kind == .ignored && $0.message.contains("slack-1") })
        #expect(notes.contains { $0.kind == .ignored && $0.message.contains("'nothing'") })
        #expect(notes.contains { $0.kind == .changed && $0.message.contains("one action per stage") })

        // The policy still loads (warnings for the unsupported sections) and its good section works.
        let loaded = PolicyLoader.load(text: PolicyYAML.encode(policy), file: "synthetic.yaml")
        #expect(loaded.policies == [policy])
        #expect(loaded.problems.filter(\.isError).isEmpty)
        #expect(loaded.problems.filter { $0.severity == .warning }.count == 3)
        let subject = Subjects.deployment([[.imageRemote: ["kubernetesui/dashboard"], .cvss: ["9"], .privilegedContainer: ["true"]]],
                                          namespace: "shop-1", labels: ["team": "payments"])
        let violations = try Subjects.evaluate(policy, subject)
        #expect(violations.flatMap(\.matches).map(\.sectionIndex) == [0])
    }

    @Test func readsExportsAndRejectsNonPolicies() throws {
        let file = Fixtures.acsPolicies.appendingPathComponent("latest_tag.json")
        let one = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
        let export = try JSONSerialization.data(withJSONObject: ["policies": [one, one]])
        #expect(try ACSImporter.convertAll(json: export, fileName: "export.json").count == 2)
        #expect(throws: PolicyError(.invalidImport, "")) { try ACSImporter.convert(json: export, fileName: "export.json") }
        #expect(throws: PolicyError(.invalidImport, "")) { try ACSImporter.convert(json: Data("[1]".utf8), fileName: "x.json") }
        #expect(throws: PolicyError(.invalidImport, "")) { try ACSImporter.convert(json: Data("{".utf8), fileName: "x.json") }
        let legacy = Data(#"{"name": "old", "fields": {"imageName": {"tag": "latest"}}}"#.utf8)
        #expect(throws: PolicyError(.invalidImport, "")) { try ACSImporter.convert(json: legacy, fileName: "old.json") }
        let results = ACSImporter.convert(contentsOf: Fixtures.acsPolicies)
        #expect(results.count == 89 && results.allSatisfy { $0.error == nil && $0.policies.count == 1 })
    }

    @Test func fileNamesAreSlugs() throws {
        let (policy, _) = try ACSImporter.convert(json: Data(contentsOf: Fixtures.acsPolicies.appendingPathComponent("cvss_7.json")),
                                                  fileName: "cvss_7.json")
        #expect(PolicyYAML.fileName(for: policy) == "fixable-cvss-7.yaml")
    }
}
