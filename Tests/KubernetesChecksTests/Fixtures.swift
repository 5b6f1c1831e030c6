import Foundation
import KubernetesChecks

/// Paths to the shared fixtures, found from this file (resolving the symlinks of scratch packages).
enum Fixtures {
    /// The project root: three levels above this file.
    static let projectRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let k8s = projectRoot.appendingPathComponent("../shared/fixtures/k8s").standardizedFileURL
    static let corpus = k8s.appendingPathComponent("corpus").path
    static let labels = k8s.appendingPathComponent("peer-results/object-labels-dev.tsv").path
    static let goldenDirectory = projectRoot.appendingPathComponent("Tests/KubernetesChecksTests/Golden")

    /// One scan of the corpus with default options, shared by the tests that read it.
    static let corpusScan: K8sScanResult = K8sScanner(options: evidenceOptions).scan(paths: [corpus])

    /// Default options that also record the objects each check looked at (compliance evidence).
    static var evidenceOptions: K8sScanOptions {
        var options = K8sScanOptions()
        options.recordEvidence = true
        return options
    }

    /// A path relative to the corpus root.
    static func relative(_ path: String) -> String {
        path.hasPrefix(corpus + "/") ? String(path.dropFirst(corpus.count + 1)) : path
    }

    /// Scans YAML text.
    static func scan(_ yaml: String, name: String = "test.yaml", options: K8sScanOptions = evidenceOptions) -> K8sScanResult {
        K8sScanner(options: options).scan(data: Data(yaml.utf8), name: name)
    }
}
