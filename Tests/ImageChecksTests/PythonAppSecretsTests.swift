import Foundation
import Testing
import ImageChecks

/// The must-hold check: every regular file of every layer of the python-app
/// fixture image, scanned with the default configuration, yields exactly the
/// five secrets trivy 0.76.0 reports (same rules, files, lines and masked
/// matches), nothing else.
///
/// The layers are unpacked with `tar` into a temporary directory at test
/// time; nothing from the image is copied into the repository.
struct PythonAppSecretsTests {
    /// `/work/main/Tests/ImageChecksTests/<file>` up three levels, then `../shared`.
    static let fixtures: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/fixtures/images").standardizedFileURL
    static let layout = fixtures.appendingPathComponent("oci")
    static let expected = fixtures.appendingPathComponent("expected/peer-sboms/python-app.trivy-0.76.0.secrets.json")
    static var available: Bool { FileManager.default.fileExists(atPath: expected.path) }

    struct Key: Hashable, CustomStringConvertible {
        let path: String, ruleID: String, category: String, severity: String, title: String, line: Int, endLine: Int, match: String
        var description: String { "\(path):\(line)-\(endLine) \(ruleID) [\(category)/\(severity)] \(match)" }
    }

    @Test
    func findsExactlyTheFiveSecretsTrivyFinds() throws {
        let expected = try Self.trivyFindings()
        #expect(expected.count == 5)

        let workDir = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-python-app-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: workDir) }
        let layers = try Self.unpackLayers(into: workDir)
        #expect(layers.count == 4)

        let scanner = SecretScanner()
        let clock = ContinuousClock()
        var scanTime = Duration.zero
        var files = 0
        var findings: [SecretFinding] = []
        let wall = clock.measure {
            for (index, root) in layers.enumerated() {
                let later = layers[(index + 1)...].map(\.path)
                for path in Self.regularFiles(under: root) {
                    guard let data = FileManager.default.contents(atPath: root.path + path) else { continue }
                    files += 1
                    let shadowed = later.contains { Self.shadows(layerRoot: $0, path: path) }
                    let start = clock.now
                    findings += scanner.scan(path: path, data: data, layer: index, inLayerHistory: shadowed)
                    scanTime += clock.now - start
                }
            }
        }
        print("python-app: scanned \(files) regular files in \(layers.count) layers; scan \(scanTime), with reads \(wall)")

        let actual = findings.map {
            Key(path: $0.path, ruleID: $0.ruleID, category: $0.category, severity: $0.severity.name, title: $0.title, line: $0.line, endLine: $0.endLine, match: $0.match)
        }
        #expect(Set(actual) == expected, "unexpected: \(Set(actual).subtracting(expected)); missing: \(expected.subtracting(actual))")
        #expect(actual.count == 5)
        #expect(findings.allSatisfy { $0.layer == 3 && !$0.inLayerHistory && $0.source == .file })
    }

    /// Single-line rules run only on the lines that hold their keywords; that
    /// must find exactly what running them over whole files finds. The rules
    /// are loosened (no entropy threshold, no allow patterns or allow rules) so
    /// that they fire where they can on the image's thousands of Python and Go
    /// files (SecretScannerTests compares a generated corpus with many hits).
    @Test
    func lineScopedRulesFindWhatWholeFileScansFind() throws {
        let workDir = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-lines-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: workDir) }
        let layers = try Self.unpackLayers(into: workDir)
        let loose = try SecretRules.builtin.map { rule in
            try SecretRule(id: rule.id, title: rule.title, severity: rule.severity, category: rule.category,
                           keywords: rule.keywords, pattern: rule.pattern, secretGroup: rule.secretGroup,
                           singleLine: rule.singleLine)
        }
        #expect(loose.filter(\.singleLine).count >= 15)
        var scoped = SecretScanner.Configuration(rules: loose, allowRules: [])
        var whole = scoped
        scoped.lineScoping = true
        whole.lineScoping = false
        let fast = SecretScanner(configuration: scoped), slow = SecretScanner(configuration: whole)
        var compared = 0
        var findings = 0
        for root in layers {
            for path in Self.regularFiles(under: root) {
                guard let data = FileManager.default.contents(atPath: root.path + path) else { continue }
                let a = fast.scan(path: path, data: data).map { "\($0.ruleID) \($0.line) \($0.match)" }
                let b = slow.scan(path: path, data: data).map { "\($0.ruleID) \($0.line) \($0.match)" }
                #expect(a == b, "\(path): line-scoped \(a) vs whole-file \(b)")
                compared += 1
                findings += b.count
            }
        }
        print("line scoping: \(compared) files, \(findings) loose findings, identical")
        #expect(findings >= 5, "the loosened rules should fire on the image (its five secrets at least)")
    }

    static func trivyFindings() throws -> Set<Key> {
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: expected)) as? [String: Any]
        var keys: Set<Key> = []
        for result in report?["Results"] as? [[String: Any]] ?? [] where result["Class"] as? String == "secret" {
            for secret in result["Secrets"] as? [[String: Any]] ?? [] {
                keys.insert(Key(
                    path: result["Target"] as? String ?? "",
                    ruleID: secret["RuleID"] as? String ?? "",
                    category: secret["Category"] as? String ?? "",
                    severity: secret["Severity"] as? String ?? "",
                    title: secret["Title"] as? String ?? "",
                    line: secret["StartLine"] as? Int ?? 0,
                    endLine: secret["EndLine"] as? Int ?? 0,
                    match: secret["Match"] as? String ?? ""
                ))
            }
        }
        return keys
    }

    /// Unpacks each layer of `python-app` into `dir/<index>` with `tar`.
    static func unpackLayers(into dir: URL) throws -> [URL] {
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: layout.appendingPathComponent("index.json"))) as? [String: Any]
        let manifests = index?["manifests"] as? [[String: Any]] ?? []
        let entry = try #require(manifests.first { ($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] == "python-app" })
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: blob(entry["digest"] as? String ?? ""))) as? [String: Any]
        var roots: [URL] = []
        for (i, layer) in (manifest?["layers"] as? [[String: Any]] ?? []).enumerated() {
            let root = dir.appendingPathComponent("\(i)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let tar = Process()
            tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
            tar.arguments = ["-xf", blob(layer["digest"] as? String ?? "").path, "-C", root.path, "--no-same-owner", "--no-same-permissions"]
            try tar.run()
            tar.waitUntilExit()
            #expect(tar.terminationStatus == 0, "tar failed for layer \(i)")
            roots.append(root)
        }
        return roots
    }

    static func blob(_ digest: String) -> URL {
        layout.appendingPathComponent("blobs/sha256/" + digest.replacingOccurrences(of: "sha256:", with: ""))
    }

    /// Image paths (`/etc/passwd`) of every regular file under `root`; symlinks are not followed.
    static func regularFiles(under root: URL) -> [String] {
        var paths: [String] = []
        let prefix = root.path
        guard let walker = FileManager.default.enumerator(atPath: prefix) else { return [] }
        while let relative = walker.nextObject() as? String {
            let type = walker.fileAttributes?[.type] as? FileAttributeType
            if type == .typeRegular { paths.append("/" + relative) }
        }
        _ = prefix
        return paths.sorted()
    }

    /// Whether a later layer replaces or deletes `path` (same path, a whiteout
    /// of it or of a parent directory, or an opaque parent).
    static func shadows(layerRoot: String, path: String) -> Bool {
        let fm = FileManager.default
        if fm.fileExists(atPath: layerRoot + path) { return true }
        var components = path.split(separator: "/").map(String.init)
        while let name = components.popLast() {
            let parent = "/" + components.joined(separator: "/")
            let dir = parent == "/" ? "" : parent
            if fm.fileExists(atPath: layerRoot + dir + "/.wh." + name) { return true }
            if fm.fileExists(atPath: layerRoot + dir + "/.wh..wh..opq") { return true }
        }
        return false
    }
}
