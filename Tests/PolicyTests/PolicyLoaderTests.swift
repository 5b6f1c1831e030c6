import Foundation
import Testing
@testable import Policy

/// Loading and lint: clear problems with file, line, policy, criterion and "did you mean".
struct PolicyLoaderTests {
    static let good = """
        id: no-privileged
        name: No privileged containers outside kube-system
        severity: high
        stages: [deploy, runtime]
        enforcement:
          deploy: scale-to-zero
        criteria:
          Privileged Container: true
          Namespace: {not: kube-system}
        """

    private func only(_ result: PolicyLoadResult, _ filter: (PolicyProblem) -> Bool = { _ in true }) throws -> PolicyProblem {
        let errors = result.problems.filter { $0.isError && filter($0) }
        #expect(errors.count == 1, "\(result.problems)")
        return try #require(errors.first)
    }

    @Test func loadsTheShorthandForm() throws {
        let result = PolicyLoader.load(text: Self.good, file: "p.yaml")
        #expect(result.problems.isEmpty)
        let policy = try #require(result.policies.first)
        #expect(policy.sections == [PolicySection(criteria: [
            Criterion(.privilegedContainer, ["true"]), Criterion(.namespace, ["kube-system"], negate: true)])])
        #expect(policy.enforcement.deploy == .scaleToZero)
        #expect(policy.enabled && policy.severity == .high && policy.lifecycleStages == [.deploy, .runtime])
    }

    @Test func loadsListsPoliciesKeyAndDocuments() {
        let two = Self.good + "\n---\n" + Self.good.replacingOccurrences(of: "no-privileged", with: "other")
        #expect(PolicyLoader.load(text: two, file: "a.yaml").policies.map(\.id) == ["no-privileged", "other"])
        let list = "- " + Self.good.replacingOccurrences(of: "\n", with: "\n  ")
        #expect(PolicyLoader.load(text: list, file: "b.yaml").policies.count == 1)
        let keyed = "policies:\n  - " + Self.good.replacingOccurrences(of: "\n", with: "\n    ")
        #expect(PolicyLoader.load(text: keyed, file: "c.yaml").policies.count == 1)
    }

    @Test func loadsTheLongAndJSONForms() throws {
        let long = """
            {"id": "p", "name": "P", "stages": ["build"], "sections": [
              {"name": "s", "criteria": [
                {"field": "CVSS", "values": [">= 7"]},
                {"field": "Fixable", "values": ["true"]},
                {"field": "CVE", "values": ["CVE-1", "CVE-2"], "operator": "or", "negate": true}]}]}
            """
        let result = PolicyLoader.load(text: long, file: "p.json")
        #expect(result.problems.isEmpty, "\(result.problems)")
        let section = try #require(result.policies.first?.sections.first)
        #expect(section.name == "s")
        #expect(section.criteria.count == 3 && section.criteria[2].negate)
    }

    @Test func invalidYAMLNamesFileAndLine() throws {
        let result = PolicyLoader.load(text: "id: x\nname: [unclosed\nstages: [build]\n", file: "bad.yaml")
        let problem = try only(result)
        #expect(problem.file == "bad.yaml")
        #expect(problem.line != nil)
        #expect(problem.message.hasPrefix("invalid YAML"))
        #expect(result.policies.isEmpty)
    }

    @Test func unknownKeySuggestsTheRightOne() throws {
        let text = Self.good.replacingOccurrences(of: "severity: high", with: "serverity: high")
        let problem = try only(PolicyLoader.load(text: text, file: "p.yaml"))
        #expect(problem.line == 3)
        #expect(problem.policy == "no-privileged")
        #expect(problem.suggestion == "severity")
        #expect(problem.description == "p.yaml:3:1: error: policy 'no-privileged': unknown key 'serverity'; did you mean 'severity'?")
        let stackRoxKey = Self.good.replacingOccurrences(of: "stages:", with: "lifecycleStages:")
        #expect(PolicyLoader.load(text: stackRoxKey, file: "p.yaml").problems.contains { $0.suggestion == "stages" })
    }

    @Test func unknownFieldSuggestsTheCatalogName() throws {
        let text = Self.good.replacingOccurrences(of: "Privileged Container: true", with: "Privileged Contaner: true")
        let problem = try only(PolicyLoader.load(text: text, file: "policies/prod.yaml"))
        #expect(problem.line == 8 && problem.section == 1 && problem.criterion == 1)
        #expect(problem.field == "Privileged Contaner")
        #expect(problem.description == "policies/prod.yaml:8:3: error: policy 'no-privileged' section 1 criterion 1 'Privileged Contaner': unknown field; did you mean 'Privileged Container'?")
    }

    static let badValues: [(String, String, String?)] = [
        ("Privileged Container: yes", "is not a boolean", "true"),
        ("CVSS: high", "is not a number", nil),
        ("Image Tag: 'v[0-9'", "does not compile", nil),
        ("Seccomp Profile Type: UNCONFIND", "is not one of", "UNCONFINED"),
        ("Severity: '>= IMPORTNT'", "is not a severity", ">= IMPORTANT"),
        ("Privileged Container: {not: true}", "cannot be negated", nil),
        ("Host PID: {all: [true, false]}", "does not allow `operator: and`", nil),
        ("Required Label: owner", "is not 'key=value'", "owner="),
        ("Dockerfile Line: 'RUNN=curl'", "is not a Dockerfile instruction", "RUN=curl"),
        ("Environment Variable: 'RAW=X'", "is not 'SOURCE=NAME=VALUE'", "RAW=RAW=X"),
        ("Minimum RBAC Permissions: '>= DEFAULT'", "without a comparator", "DEFAULT"),
        ("Image Age: '-3'", "number of days", nil),
        ("CVE: {values: [x], operator: xor}", "unknown operator", "or"),
        ("CVE: {vals: [x]}", "unknown criterion key", "values"),
        ("CVE: {mapping: 1, inside: 2}", "unknown criterion key", nil),
        ("CVE: [[nested]]", "must be a list of strings", nil),
    ]

    @Test(arguments: badValues)
    func badValuesAreReported(_ line: String, _ message: String, _ suggestion: String?) throws {
        let text = """
            id: p
            name: P
            stages: [deploy]
            criteria:
              \(line)
            """
        let result = PolicyLoader.load(text: text, file: "p.yaml")
        #expect(result.policies.isEmpty)
        let problem = try #require(result.problems.first { $0.isError }, "\(line)")
        #expect(problem.message.contains(message), "\(problem)")
        if let suggestion { #expect(problem.suggestion == suggestion, "\(problem)") }
        #expect(problem.line == 5, "\(problem)")
        #expect(problem.file == "p.yaml" && problem.policy == "p")
    }

    @Test func vocabularySuggestions() throws {
        let text = """
            id: p
            name: P
            severity: hihg
            stages: [biuld]
            enforcement:
              build: fail-buid
            criteria:
              CVE: CVE-1
            """
        let problems = PolicyLoader.load(text: text, file: "p.yaml").problems
        #expect(problems.map(\.suggestion) == ["high", "build", "fail-build"], "\(problems)")
        #expect(problems.map(\.line) == [3, 4, 6])
    }

    @Test func stageAndEnforcementRules() throws {
        let text = """
            id: p
            name: P
            stages: [build]
            enforcement:
              build: kill-pod
            criteria:
              Privileged Container: true
            """
        let problems = PolicyLoader.load(text: text, file: "p.yaml").problems.filter(\.isError)
        #expect(problems.contains { $0.message.contains("not a build-stage action") && $0.line == 5 && $0.suggestion == "fail-build" })
        #expect(problems.contains { $0.message == "section 1 can never be evaluated: Privileged Container is available at deploy, runtime only, and the policy's stages are build" && $0.line == 7 })
        let mixed = text.replacingOccurrences(of: "stages: [build]", with: "stages: [build, deploy]")
            .replacingOccurrences(of: "  build: kill-pod", with: "  build: fail-build")
        let stageProblems = PolicyLoader.load(text: mixed, file: "p.yaml").problems
        #expect(stageProblems.map(\.message) == ["no section can be evaluated at the build stage (Privileged Container needs deployment or run-time data)"])
        #expect(stageProblems.first?.line == 3 && stageProblems.first?.suggestion == "stages: [deploy]")
    }

    @Test func missingPartsAreErrors() throws {
        let problems = PolicyLoader.load(text: "description: nothing else\n", file: "p.yaml").problems
        #expect(Set(problems.map(\.message)) == ["policy has no `id:`", "policy has no `name:`",
                                                  "policy has no `stages:` (build, deploy, runtime)",
                                                  "policy has no `criteria:` or `sections:`"])
    }

    @Test func exclusionsAndExpiry() throws {
        let text = """
            id: p
            name: P
            stages: [deploy]
            exclusions:
              - name: legacy until the migration
                deployment: legacy-.*
                namespace: batch
                label: team=data
                images: [registry.example.com/legacy/.*]
                expires: 2026-03-31
              - namespace: kube-system
                expires: 2026-03-31T12:00:00Z
            criteria:
              Privileged Container: true
            """
        let result = PolicyLoader.load(text: text, file: "p.yaml")
        #expect(result.problems.isEmpty, "\(result.problems)")
        let exclusions = try #require(result.policies.first?.exclusions)
        #expect(exclusions[0] == PolicyExclusion(name: "legacy until the migration", deployment: "legacy-.*",
                                                 scope: ScopeRule(namespace: "batch", label: "team=data"),
                                                 images: ["registry.example.com/legacy/.*"],
                                                 expires: ISO8601DateFormatter().date(from: "2026-04-01T00:00:00Z")))
        #expect(exclusions[1].expires == ISO8601DateFormatter().date(from: "2026-03-31T12:00:00Z"))
        let bad = text.replacingOccurrences(of: "expires: 2026-03-31\n", with: "expires: soon\n")
            .replacingOccurrences(of: "namespace: batch", with: "namespase: batch")
        let problems = PolicyLoader.load(text: bad, file: "p.yaml").problems
        #expect(problems.contains { $0.message.contains("`expires` must be a date") && $0.line == 10 })
        #expect(problems.contains { $0.suggestion == "namespace" && $0.line == 7 })
    }

    @Test func oneBadFileDoesNotStopTheOthers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("team"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.good.write(to: directory.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "id: x\n  bad: [".write(to: directory.appendingPathComponent("b.yml"), atomically: true, encoding: .utf8)
        try Self.good.replacingOccurrences(of: "high", with: "critical")
            .write(to: directory.appendingPathComponent("team/c.yaml"), atomically: true, encoding: .utf8)
        try "{\"policySections\": []}".write(to: directory.appendingPathComponent("d.json"), atomically: true, encoding: .utf8)
        try "ignored".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let result = try PolicyLoader.load(directory: directory)
        #expect(result.policies.map(\.severity) == [.high])
        let errors = result.problems.filter(\.isError)
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.contains { $0.file!.hasSuffix("b.yml") && $0.message.hasPrefix("invalid YAML") })
        #expect(errors.contains { $0.file!.hasSuffix("team/c.yaml") && $0.message.hasPrefix("duplicate policy id") && $0.line == 1 })
        #expect(errors.contains { $0.file!.hasSuffix("d.json") && $0.message.contains("import-acs") })

        #expect(throws: PolicyError(.invalidFile, "")) { try PolicyLoader.load(directory: directory, strict: true) }
        #expect(throws: PolicyError(.io, "")) { try PolicyLoader.load(directory: directory.appendingPathComponent("missing")) }
        #expect(try PolicyLoader.lint(directory: directory).count == 3)
    }

    @Test func mergingOverridesAndDisablesDefaultsByID() throws {
        let defaults = [Subjects.policy([[Criterion(.imageTag, ["latest"])]], id: "a"),
                        Subjects.policy([[Criterion(.imageTag, ["dev"])]], id: "b")]
        let text = """
            id: a
            enabled: false
            ---
            id: c
            name: New
            stages: [build]
            criteria:
              CVE: CVE-1
            """
        let loaded = PolicyLoader.load(text: text, file: "user.yaml")
        #expect(loaded.problems.isEmpty && loaded.disabledDefaults == ["a"])
        let set = PolicySet.merging(defaults: defaults, loaded: loaded)
        #expect(set.policies.map(\.id) == ["a", "b", "c"])
        #expect(set.policies.map(\.enabled) == [false, true, true])
        var replacement = defaults[1]
        replacement.severity = .critical
        let replaced = PolicySet.merging(defaults: defaults, user: [replacement])
        #expect(replaced.policies.map(\.severity) == [.high, .critical])
        #expect(replaced.engine().problems.isEmpty)
    }

    @Test func unsupportedCriteriaLoadWithAWarning() throws {
        let text = """
            id: p
            name: P
            stages: [deploy]
            sections:
              - criteria:
                  Some Future Field: {values: [x], unsupported: "Palisade has no field 'Some Future Field'"}
              - criteria:
                  Privileged Container: true
            """
        let result = PolicyLoader.load(text: text, file: "p.yaml")
        #expect(result.policies.count == 1)
        #expect(result.problems.map(\.severity) == [.warning])
        #expect(result.problems.first?.line == 6 && result.problems.first?.section == 1)
        let policy = try #require(result.policies.first)
        #expect(try Subjects.evaluate(policy, Subjects.deployment([[.privilegedContainer: ["true"]]])).count == 1)
        #expect(try Subjects.evaluate(policy, Subjects.deployment([[.privilegedContainer: ["false"]]])).isEmpty)
    }
}

extension PolicyLoaderTests {
    @Test func aYAMLErrorSkipsTheWholeFile() throws {
        let text = Self.good + "\n---\nid: [unclosed\n"
        let result = PolicyLoader.load(text: text, file: "two.yaml")
        #expect(result.policies.isEmpty)
        #expect(result.problems.count == 1 && result.problems[0].line == 12)
    }
}
