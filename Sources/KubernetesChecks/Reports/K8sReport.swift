public import Foundation

/// Renders scan results: json (documented in docs/k8s-checks.md), table, SARIF 2.1.0 and JUnit XML.
public enum K8sReport {
    /// The result as indented JSON with sorted keys: `findings`, `errors`, `suppressed`, `summary`, `checks`.
    /// - Parameter result: the scan result.
    public static func json(_ result: K8sScanResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(result)
        data.append(0x0A)
        return data
    }

    /// A table for people: one line per finding, then errors and a summary.
    /// - Parameters:
    ///   - result: the scan result.
    ///   - color: use ANSI colours for severities.
    public static func table(_ result: K8sScanResult, color: Bool = false) -> String {
        var out = ""
        func paint(_ s: K8sSeverity) -> String {
            let text = s.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            guard color else { return text }
            let code = switch s { case .critical: "1;31"; case .high: "31"; case .medium: "33"; case .low: "36"; default: "37" }
            return "\u{1B}[\(code)m\(text)\u{1B}[0m"
        }
        var lastFile = ""
        for f in result.findings {
            if f.file != lastFile {
                out += (lastFile.isEmpty ? "" : "\n") + printable(f.file) + "\n"
                lastFile = f.file
            }
            let object = printable("\(f.kind)/\(f.name)" + (f.namespace.map { " (\($0))" } ?? ""))
            out += "  \(String(f.line).leftPad(5))  \(paint(f.severity)) \(f.check.padding(toLength: 24, withPad: " ", startingAt: 0)) \(object): \(printable(f.message))\n"
        }
        if !result.errors.isEmpty {
            out += "\nErrors (\(result.errors.count)):\n"
            for e in result.errors { out += "  " + printable("\(e.file):\(e.line): \(e.message)") + "\n" }
        }
        let s = result.summary
        let severities = K8sSeverity.allCases.compactMap { sev in s.bySeverity[sev.rawValue].map { "\($0) \(sev.rawValue)" } }.joined(separator: ", ")
        let unknown = s.unknownKinds.values.reduce(0, +)
        out += "\n\(s.files) files, \(s.documents) documents, \(s.objects) objects (\(s.workloads) workloads), \(unknown) of other kinds passed over; "
        out += "\(s.checks) checks: \(s.findings) findings\(severities.isEmpty ? "" : " (\(severities))"), \(s.suppressed) suppressed, \(s.errors) errors\n"
        return out
    }

    /// A JUnit XML report: one testcase per check that ran (failing with its findings) and one erroring
    /// testcase per file with input errors.
    /// - Parameter result: the scan result.
    public static func junit(_ result: K8sScanResult) -> String {
        var byCheck: [String: [K8sFinding]] = [:]
        for f in result.findings { byCheck[f.check, default: []].append(f) }
        var byFile: [String: [K8sInputError]] = [:]
        for e in result.errors { byFile[e.file, default: []].append(e) }
        let failures = result.checks.filter { byCheck[$0] != nil }.count
        let tests = result.checks.count + byFile.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"palisade k8s\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(byFile.count)\">\n"
        out += "  <testsuite name=\"palisade k8s\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(byFile.count)\">\n"
        for id in result.checks {
            guard let check = K8sChecks.check(id: id) else { continue }
            let name = xml("\(id): \(check.title)")
            out += "    <testcase classname=\"palisade.k8s.\(xml(check.category))\" name=\"\(name)\""
            guard let findings = byCheck[id] else {
                out += "/>\n"
                continue
            }
            out += ">\n      <failure type=\"\(check.severity.rawValue)\" message=\"\(findings.count) finding\(findings.count == 1 ? "" : "s")\">"
            out += xml(findings.map { "\($0.file):\($0.line) \($0.kind)/\($0.name)\($0.namespace.map { " (\($0))" } ?? ""): \($0.message)" }.joined(separator: "\n"))
            out += "</failure>\n    </testcase>\n"
        }
        for file in byFile.keys.sorted() {
            let errors = byFile[file] ?? []
            out += "    <testcase classname=\"palisade.k8s.input\" name=\"\(xml(file))\">\n"
            out += "      <error type=\"input\" message=\"\(xml(errors[0].message))\">"
            out += xml(errors.map { "\($0.file):\($0.line): \($0.message)" }.joined(separator: "\n"))
            out += "</error>\n    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// Text from manifests made safe for a terminal: control characters (C0, DEL, C1, which start escape
    /// sequences) and bidirectional overrides are shown as `\u{…}` escapes.
    /// - Parameter s: text that may come from a manifest (names, messages, paths).
    public static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isUnsafe) else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            if isUnsafe(scalar) { out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }

    /// Escapes text for XML and HTML (attributes included), dropping characters XML 1.0 forbids.
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
