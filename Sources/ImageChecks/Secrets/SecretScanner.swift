public import Foundation

/// Finds secrets in file contents and in an image's config and history.
///
/// The scanner is a value: build it once from a ``Configuration`` (rules are
/// compiled when the rules are created) and share it between tasks.
///
/// For a file, in order: the size limit, the path allow rules, binary
/// sniffing (NUL in the first 8 KiB or more than 10% invalid UTF-8), the
/// keyword prefilter per rule, then the rules' regexes. Findings never hold
/// the unmasked secret.
public struct SecretScanner: Sendable {
    /// The configuration the scanner was built from.
    public let configuration: Configuration

    private let fileAllows: [SecretAllowRule]

    /// Creates a scanner.
    ///
    /// - Parameters:
    ///   - configuration: Rules, allow rules and limits.
    public init(configuration: Configuration = .default) {
        self.configuration = configuration
        self.fileAllows = configuration.allowRules.filter { !$0.pathRegexes.isEmpty }
    }

    /// Whether a file at `path` of `size` bytes would be scanned at all; lets
    /// callers skip reading files that would be ignored.
    ///
    /// - Parameters:
    ///   - path: The file's path in the image.
    ///   - size: The file's size in bytes.
    public func isRequired(path: String, size: Int) -> Bool {
        size <= configuration.maximumFileSize && !isAllowedPath(Self.absolute(path), ruleID: nil)
    }

    /// Scans one file's content.
    ///
    /// - Parameters:
    ///   - path: The file's path in the image; a leading `/` is added if missing.
    ///   - data: The file's content.
    /// - Returns: The findings, in rule order, then by position.
    public func scan(path: String, data: Data) -> [SecretFinding] {
        scan(path: path, data: data, layer: nil, inLayerHistory: false)
    }

    /// Scans one file's content from a given layer.
    ///
    /// - Parameters:
    ///   - path: The file's path in the image; a leading `/` is added if missing.
    ///   - data: The file's content.
    ///   - layer: The index of the layer the file came from.
    ///   - inLayerHistory: True when a later layer deleted or replaced the file.
    /// - Returns: The findings, each carrying `layer` and `inLayerHistory`.
    public func scan(path: String, data: Data, layer: Int?, inLayerHistory: Bool) -> [SecretFinding] {
        let path = Self.absolute(path)
        guard data.count <= configuration.maximumFileSize, !isAllowedPath(path, ruleID: nil) else { return [] }
        let scanned: (text: String, matches: [RawMatch])? = data.withUnsafeBytes { bytes in
            if TextSniffer.isBinary(bytes) { return nil }
            let keywords = KeywordSearch(bytes)
            let candidates = configuration.rules.indices.filter { index in
                let rule = configuration.rules[index]
                return appliesToPath(rule, path) && keywords.containsAny(rule.keywordBytes)
            }
            if candidates.isEmpty { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            let scopes = lineScopes(candidates, keywords: keywords, text: text, byteCount: bytes.count)
            let matches = MatchCollector(rules: configuration.rules, allowRules: configuration.allowRules)
                .collect(in: text, candidates: candidates, scopes: scopes)
            return matches.isEmpty ? nil : (text, matches)
        }
        guard let scanned else { return [] }
        return render(scanned.matches, in: scanned.text, path: path, source: .file).map { finding in
            var finding = finding
            finding.layer = layer
            finding.inLayerHistory = inLayerHistory
            return finding
        }
    }

    /// Scans the image config and history.
    ///
    /// Path allow rules do not apply here. Each entry is scanned on its own;
    /// a finding's ``SecretFinding/line`` is the 1-based index of the entry
    /// (labels sorted by key, each scanned as `key=value`).
    ///
    /// - Parameters:
    ///   - environment: The config's `Env` entries (`KEY=value`).
    ///   - labels: The config's labels.
    ///   - history: The history's `created_by` entries, oldest first.
    public func scan(environment: [String], labels: [String: String], history: [String]) -> [SecretFinding] {
        var findings: [SecretFinding] = []
        let sections: [(String, SecretSource, [String])] = [
            ("Env", .environment, environment),
            ("Labels", .label, labels.keys.sorted().map { "\($0)=\(labels[$0] ?? "")" }),
            ("History", .history, history),
        ]
        for (path, source, entries) in sections {
            for (index, entry) in entries.enumerated() {
                for var finding in scanEntry(entry, path: path, source: source) {
                    finding.line = index + 1
                    finding.endLine = index + 1
                    findings.append(finding)
                }
            }
        }
        return findings
    }

    // MARK: - Engine

    private func scanEntry(_ entry: String, path: String, source: SecretSource) -> [SecretFinding] {
        let candidates: [Int] = Array(entry.utf8).withUnsafeBytes { bytes in
            let keywords = KeywordSearch(bytes)
            return configuration.rules.indices.filter { keywords.containsAny(configuration.rules[$0].keywordBytes) }
        }
        if candidates.isEmpty { return [] }
        let matches = MatchCollector(rules: configuration.rules, allowRules: configuration.allowRules)
            .collect(in: entry, candidates: candidates)
        return render(matches, in: entry, path: path, source: source)
    }

    /// For single-line rules: the lines holding one of the rule's keywords, as
    /// UTF-16 ranges of `text`. Only when `text` has the same UTF-8 offsets as
    /// the bytes (no invalid sequence was repaired); otherwise the whole text
    /// is searched.
    private func lineScopes(_ candidates: [Int], keywords: KeywordSearch, text: String, byteCount: Int) -> [Int: [NSRange]] {
        guard configuration.lineScoping, text.utf8.count == byteCount else { return [:] }
        var scopes: [Int: [NSRange]] = [:]
        let utf8 = text.utf8
        for index in candidates where configuration.rules[index].singleLine {
            scopes[index] = keywords.lines(containing: configuration.rules[index].keywordBytes).map { bytes in
                let start = utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
                let end = utf8.index(start, offsetBy: bytes.count)
                return NSRange(start..<end, in: text)
            }
        }
        return scopes
    }

    private func render(_ matches: [RawMatch], in text: String, path: String, source: SecretSource) -> [SecretFinding] {
        let renderer = FindingRenderer(text: text, secrets: matches.map(\.secret))
        return matches.map { renderer.render($0, rule: configuration.rules[$0.rule], path: path, source: source) }
    }

    private func appliesToPath(_ rule: SecretRule, _ path: String) -> Bool {
        if !rule.pathRegexes.isEmpty, !rule.pathRegexes.contains(where: { Self.matches($0, path) }) { return false }
        if rule.allowPathRegexes.contains(where: { Self.matches($0, path) }) { return false }
        return !isAllowedPath(path, ruleID: rule.id)
    }

    /// With `ruleID == nil`: allow rules for all rules. Otherwise: allow rules
    /// scoped to that rule id.
    private func isAllowedPath(_ path: String, ruleID: String?) -> Bool {
        fileAllows.contains { allow in
            let scoped = ruleID.map { allow.ruleIDs.contains($0) } ?? allow.ruleIDs.isEmpty
            return scoped && allow.pathRegexes.contains { Self.matches($0, path) }
        }
    }

    private static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    static func absolute(_ path: String) -> String {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        return path.hasPrefix("/") ? path : "/" + path
    }
}
