public import Foundation

/// Renders scan results: json (documented in docs/k8s-checks.md), table, SARIF 2.1.0 and JUnit XML.
public enum K8sReport {
    /// The result as indented JSON with sorted keys: `findings`, `errors`, `suppressed`, `summary`, `checks`.
    /// - Parameter result: the scan result.
    public static func json(_ result: K8sScanResult) throws -> Data {
        // Everything but the findings through JSONEncoder; the findings (thousands on a large tree)
        // through a direct writer, which took the encoder's share of the scan's CPU time from ~20% to ~2%.
        var head = result
        head.findings = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let top = try JSONSerialization.jsonObject(with: try encoder.encode(head)) as? [String: Any] else {
            throw CocoaError(.coderInvalidValue)
        }
        var out: [UInt8] = []
        out.reserveCapacity(512 * (result.findings.count + 8))
        out += Array("{\n".utf8)
        for (i, key) in top.keys.sorted().enumerated() {
            if i > 0 { out += Array(",\n".utf8) }
            out += Array("  ".utf8)
            appendString(key, to: &out)
            out += Array(" : ".utf8)
            if key == "findings" {
                appendFindings(result.findings, to: &out)
            } else {
                let value = try JSONSerialization.data(withJSONObject: top[key]!, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
                out += value
            }
        }
        out += Array("\n}\n".utf8)
        return Data(out)
    }

    static func appendFindings(_ findings: [K8sFinding], to out: inout [UInt8]) {
        guard !findings.isEmpty else {
            out += Array("[]".utf8)
            return
        }
        out += Array("[\n".utf8)
        for (i, f) in findings.enumerated() {
            if i > 0 { out += Array(",\n".utf8) }
            out += Array("    {".utf8)
            // Keys in sorted order, as the rest of the document.
            field("check", f.check, &out, first: true)
            out += Array(", \"controls\" : [".utf8)
            for (j, c) in f.controls.enumerated() {
                if j > 0 { out += Array(", ".utf8) }
                appendString(c, to: &out)
            }
            out.append(0x5D)
            if let container = f.container { field("container", container, &out) }
            field("file", f.file, &out)
            field("kind", f.kind, &out)
            out += Array(", \"line\" : \(f.line)".utf8)
            field("message", f.message, &out)
            field("name", f.name, &out)
            if let namespace = f.namespace { field("namespace", namespace, &out) }
            field("remediation", f.remediation, &out)
            field("severity", f.severity.rawValue, &out)
            field("title", f.title, &out)
            out.append(0x7D)
        }
        out += Array("\n  ]".utf8)
    }

    static func field(_ key: String, _ value: String, _ out: inout [UInt8], first: Bool = false) {
        if !first { out += Array(", ".utf8) }
        appendString(key, to: &out)
        out += Array(" : ".utf8)
        appendString(value, to: &out)
    }

    /// A JSON string literal (RFC 8259 escaping; `/` left alone).
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for byte in s.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
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
