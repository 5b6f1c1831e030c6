import Foundation
import Testing
@testable import Policy

/// The field catalog: every StackRox field is known, names resolve, metadata is consistent, and
/// docs/policy-fields.md documents every field.
struct PolicyFieldTests {
    @Test func everyStackRoxFieldIsInTheCatalog() throws {
        let text = try String(contentsOf: Fixtures.acs.appendingPathComponent("policy-field-names.txt"), encoding: .utf8)
        let names = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        #expect(names.count == 79)
        for name in names {
            let field = try #require(PolicyField(named: name), "\(name)")
            #expect(field.name == name)
            #expect(field.metadata.origin == .stackRox)
        }
        #expect(PolicyField.catalog.filter { $0.metadata.origin == .stackRox }.count == 79)
    }

    @Test func optionsFollowStackRoxMetadata() throws {
        // policy-field-metadata.md: | Field | validator | sources | runtime type | options |
        let text = try String(contentsOf: Fixtures.acs.appendingPathComponent("policy-field-metadata.md"), encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| Field") && !line.hasPrefix("|---") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 6, let field = PolicyField(named: cells[1]) else { continue }
            let options = cells[5]
            #expect(field.metadata.negationAllowed == !options.contains("negationForbidden"), "\(field)")
            #expect(field.metadata.andAllowed == !options.contains("operatorsForbidden"), "\(field)")
            checked += 1
        }
        #expect(checked >= 74)
    }

    @Test func lookupIsCaseInsensitive() {
        #expect(PolicyField(named: "privileged container") == .privilegedContainer)
        #expect(PolicyField(named: "  CVSS ") == .cvss)
        #expect(PolicyField(named: "Privileged") == nil)
        #expect(PolicyField.suggestions(for: "Privileged Contaner") == ["Privileged Container"])
        #expect(PolicyField.suggestions(for: "Fixabel") == ["Fixable"])
        #expect(PolicyField.suggestions(for: "Dockerfile") == ["Dockerfile Line"])
    }

    @Test func staticMembersAreDistinctCatalogFields() {
        let all = PolicyField.catalog
        #expect(Set(all).count == all.count)
        #expect(all.count == 93)
        #expect(PolicyField.requiredLabel.metadata.source == .deploymentLabel)
        #expect(PolicyField.requiredLabel.metadata.matchesWhenAbsent)
        #expect(PolicyField.processArguments.metadata.containsMatch)
        #expect(PolicyField.cve.metadata.stages == [.build, .deploy, .runtime])
        #expect(PolicyField.privilegedContainer.metadata.stages == [.deploy, .runtime])
        #expect(PolicyField.processName.metadata.stages == [.runtime])
        #expect(PolicyField.freshnessGrade.metadata.origin == .palisade)
    }

    @Test func docsDescribeEveryField() throws {
        let docs = try String(contentsOf: Fixtures.projectRoot.appendingPathComponent("docs/policy-fields.md"), encoding: .utf8)
        for field in PolicyField.catalog {
            #expect(docs.contains("| \(field.name) |"), "docs/policy-fields.md lacks a row for \(field.name)")
        }
    }

    @Test func dockerfileLinesFromHistory() {
        #expect(PolicyFacts.dockerfileLine(fromHistory: "/bin/sh -c #(nop) ADD file:abc in / ") == "ADD=file:abc in /")
        #expect(PolicyFacts.dockerfileLine(fromHistory: "/bin/sh -c #(nop)  CMD [\"bash\"]") == "CMD=[\"bash\"]")
        #expect(PolicyFacts.dockerfileLine(fromHistory: "/bin/sh -c apt-get update") == "RUN=/bin/sh -c apt-get update")
        #expect(PolicyFacts.dockerfileLine(fromHistory: "RUN /bin/sh -c apt-get update # buildkit") == "RUN=/bin/sh -c apt-get update")
        #expect(PolicyFacts.dockerfileLine(fromHistory: "EXPOSE map[22/tcp:{}]") == "EXPOSE=map[22/tcp:{}]")
        #expect(PolicyFacts.environmentVariable(name: "A", value: "b") == "RAW=A=b")
        #expect(PolicyFacts.keyValues(["b": "2", "a": "1"]) == ["a=1", "b=2"])
        #expect(PolicyFacts.number(7) == "7" && PolicyFacts.number(9.8) == "9.8")
        #expect(PolicyFacts.days(since: Date(timeIntervalSince1970: 0), now: Date(timeIntervalSince1970: 86_400 * 3.5)) == "3")
    }
}
