import Foundation
import Testing
@testable import Policy

/// Evaluation speed: the whole default pack (every policy enabled) against synthetic images of
/// about 200 rows and deployments of about 5 rows. Prints µs per (policy, subject) pair; asserts
/// only a loose sanity bound (the goal, < 10 µs per pair, is for release builds).
struct BenchmarkTests {
    @Test func defaultPackPerPair() throws {
        let policies = DefaultPolicies.policies.map { policy -> Policy in
            var copy = policy
            copy.enabled = true
            return copy
        }
        let (engine, problems) = PolicySet(policies: policies).engine()
        #expect(problems.isEmpty)
        var world = SyntheticSubjects(seed: 42)
        let images = (0..<10).map { _ in world.image(components: 150, vulnerabilities: 200) }
        let deployments = (0..<200).map { world.deployment(index: $0, maxContainers: 2) }
        let imageRows = images.map(\.rows.count).reduce(0, +) / images.count
        let deploymentRows = Double(deployments.map(\.rows.count).reduce(0, +)) / Double(deployments.count)

        /// Evaluation alone (match details are built on access), or with every message rendered.
        func measure(_ subjects: [PolicySubject], stage: LifecycleStage, iterations: Int,
                     render: Bool = false) -> (perPair: Double, violations: Int) {
            var violations = 0
            for subject in subjects { violations += engine.evaluate(subject, stage: stage).count }  // warm-up
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for _ in 0..<iterations {
                    for subject in subjects {
                        let found = engine.evaluate(subject, stage: stage)
                        violations &+= found.count
                        if render { violations &+= found.reduce(0) { $0 + $1.messages.count } }
                    }
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return (seconds * 1e6 / Double(iterations * subjects.count * engine.policies.count), violations)
        }

        let image = measure(images, stage: .build, iterations: 5)
        let deployment = measure(deployments, stage: .deploy, iterations: 5)
        let imageRendered = measure(images, stage: .build, iterations: 2, render: true)
        let deploymentRendered = measure(deployments, stage: .deploy, iterations: 2, render: true)
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        print(String(format: "policy benchmark (%@): %d policies; images of %d rows: %.2f µs/pair (%.2f with messages); deployments of %.1f rows: %.2f µs/pair (%.2f with messages)",
                     build, engine.policies.count, imageRows, image.perPair, imageRendered.perPair, deploymentRows,
                     deployment.perPair, deploymentRendered.perPair))
        #expect(image.violations > 0 && deployment.violations > 0)
        #expect(image.perPair < 1000 && deployment.perPair < 1000)
    }
}
