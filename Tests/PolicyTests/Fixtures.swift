import Foundation

/// Paths to the shared fixtures, found from this file.
enum Fixtures {
    /// The project root: three levels above this file (Tests/PolicyTests/Fixtures.swift).
    static let projectRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/fixtures/acs` beside the project.
    static let acs: URL = projectRoot.appendingPathComponent("../shared/fixtures/acs").standardizedFileURL

    static let acsPolicies = acs.appendingPathComponent("policies")

    /// The 89 StackRox default policy files, sorted.
    static let acsPolicyFiles: [URL] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: acsPolicies.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { acsPolicies.appendingPathComponent($0) }
    }()

    static let defaultPackSource = projectRoot.appendingPathComponent("Sources/Policy/DefaultPack/DefaultPolicies.swift")
}
