import Foundation
import Testing
@testable import Policy

/// The examples in docs/policy-format.md load without problems and do what they say.
struct DocsExamplesTests {
    static func examples() throws -> [String] {
        let text = try String(contentsOf: Fixtures.projectRoot.appendingPathComponent("docs/policy-format.md"), encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Examples").last?.components(separatedBy: "\n## ").first)
        return section.components(separatedBy: "```yaml\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
    }

    @Test func examplesLoadCleanly() throws {
        let examples = try Self.examples()
        #expect(examples.count == 4)
        var policies: [Policy] = []
        for example in examples {
            let result = PolicyLoader.load(text: example, file: "example.yaml")
            #expect(result.problems.isEmpty, "\(result.problems)\n\(example)")
            policies += result.policies
        }
        let (engine, problems) = PolicySet(policies: policies).engine()
        #expect(problems.isEmpty)
        let image = Subjects.image([[.imageRegistry: ["docker.io"], .imageComponent: ["bash=5.2"], .cve: ["CVE-1"],
                                     .fixable: ["true"], .severity: ["CRITICAL"], .imageSignatureVerifiedBy: ["release-keys"]]])
        let names = engine.evaluate(image, stage: .build).map(\.policyID)
        #expect(names == ["no-fixable-critical-cves", "trusted-signed-images", "no-shell-in-production"])
        #expect(engine.evaluate(image, stage: .build).first?.enforcement == .failBuild)
        let shell = Subjects.runtime([[.processName: ["bash"], .namespace: ["prod-shop"]]], namespace: "prod-shop")
        #expect(engine.evaluate(shell, stage: .runtime).map(\.policyID) == ["no-shell-in-production"])
        #expect(engine.evaluate(shell, stage: .runtime).first?.enforcement == .killPod)
        let privileged = Subjects.deployment([[.privilegedContainer: ["true"], .namespace: ["default"]]])
        #expect(engine.evaluate(privileged, stage: .deploy).map(\.policyID) == ["no-privileged-outside-kube-system"])
    }
}
