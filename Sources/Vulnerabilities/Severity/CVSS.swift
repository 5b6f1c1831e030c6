import Foundation

/// Qualitative severity of a vulnerability.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case unknown = "UNKNOWN", none = "NONE", low = "LOW", medium = "MEDIUM", high = "HIGH", critical = "CRITICAL"

    /// From a CVSS score with the v3/v4 qualitative scale (0 none, 0.1-3.9 low, 4-6.9 medium,
    /// 7-8.9 high, 9-10 critical); a score outside 0…10 (or NaN) is unknown.
    public init(score: Double) {
        if !(score >= 0 && score <= 10) {
            self = .unknown
        } else if score == 0 {
            self = .none
        } else if score < 4 {
            self = .low
        } else if score < 7 {
            self = .medium
        } else if score < 9 {
            self = .high
        } else {
            self = .critical
        }
    }

    /// Case-insensitive from a source's rating: "moderate"→medium, "important"→high,
    /// "negligible"/"unimportant"→low, unknown text → .unknown.
    public init(rating: String) {
        switch rating.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "none": self = .none
        case "low", "negligible", "unimportant": self = .low
        case "medium", "moderate": self = .medium
        case "high", "important": self = .high
        case "critical": self = .critical
        default: self = .unknown
        }
    }

    private var rank: Int {
        switch self {
        case .unknown: 0
        case .none: 1
        case .low: 2
        case .medium: 3
        case .high: 4
        case .critical: 5
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A scored CVSS vector.
public struct CVSSScore: Sendable, Hashable, Codable {
    /// "2.0", "3.0", "3.1" or "4.0".
    public var version: String
    /// The vector as given (trimmed).
    public var vector: String
    /// The base score (for v4, CVSS-B or, with threat/environmental metrics, CVSS-BT/BE/BTE),
    /// one decimal, rounded exactly as the specification says.
    public var baseScore: Double
    /// v3/v4: the specification's qualitative scale; v2: NVD's (low < 4, medium < 7, else high).
    public var severity: Severity

    public init(version: String, vector: String, baseScore: Double, severity: Severity) {
        self.version = version
        self.vector = vector
        self.baseScore = baseScore
        self.severity = severity
    }
}

/// A vector that cannot be scored, and why.
public struct CVSSError: Error, Sendable, CustomStringConvertible {
    public var vector: String
    public var reason: String
    public var description: String { "invalid CVSS vector \"\(vector)\": \(reason)" }

    public init(vector: String, reason: String) {
        self.vector = vector
        self.reason = reason
    }
}

public enum CVSS {
    /// Parses and scores a vector: "CVSS:3.1/AV:N/...", "CVSS:3.0/...", "CVSS:4.0/...", and v2
    /// "AV:N/AC:L/Au:N/C:P/I:P/A:P" (optionally in parentheses or prefixed "CVSS:2.0/").
    ///
    /// Metrics may come in any order. Missing, duplicated or unknown metrics and unknown values
    /// are a `CVSSError` naming them. Temporal and environmental metrics are validated; the v2
    /// and v3 base scores ignore them, while the v4 score honours threat and environmental
    /// metrics (CVSS-BT/BE/BTE) exactly like the FIRST reference calculator.
    public static func score(_ vector: String) throws(CVSSError) -> CVSSScore {
        var text = Substring(vector)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        let trimmed = String(text)
        func fail(_ reason: String) -> CVSSError { CVSSError(vector: vector, reason: reason) }
        if trimmed.isEmpty { throw fail("empty vector") }

        if text.hasPrefix("("), text.hasSuffix(")"), text.count >= 2 {
            text = text.dropFirst().dropLast()
        }

        let version: String
        let body: Substring
        if text.hasPrefix("CVSS:") {
            let afterPrefix = text.dropFirst(5)
            guard let slash = afterPrefix.firstIndex(of: "/") else {
                throw fail("no metrics after the \"CVSS:\(afterPrefix)\" prefix")
            }
            version = String(afterPrefix[..<slash])
            body = afterPrefix[afterPrefix.index(after: slash)...]
        } else if text.prefix(5).lowercased() == "cvss:" {
            throw fail("the prefix must be written \"CVSS:\" (upper case)")
        } else {
            version = "2.0"
            body = text
        }

        switch version {
        case "2.0":
            let metrics = try parse(body, version: "v2", known: v2Metrics, mandatory: v2Mandatory, fail: fail)
            let score = v2BaseScore(metrics)
            let severity: Severity = score < 4 ? .low : score < 7 ? .medium : .high
            return CVSSScore(version: version, vector: trimmed, baseScore: score, severity: severity)
        case "3.0", "3.1":
            let metrics = try parse(body, version: "v3", known: v3Metrics, mandatory: v3Mandatory, fail: fail)
            let score = v3BaseScore(metrics, minor: version == "3.0" ? 0 : 1)
            return CVSSScore(version: version, vector: trimmed, baseScore: score, severity: Severity(score: score))
        case "4.0":
            let metrics = try parse(body, version: "v4", known: v4Metrics, mandatory: CVSS4.mandatory, fail: fail)
            let score = CVSS4.score(metrics)
            return CVSSScore(version: version, vector: trimmed, baseScore: score, severity: Severity(score: score))
        default:
            throw fail("unsupported CVSS version \"\(version)\" (expected 2.0, 3.0, 3.1 or 4.0)")
        }
    }

    // MARK: - Parsing

    private static func parse(
        _ body: Substring, version: String, known: [String: [String]], mandatory: [String],
        fail: (String) -> CVSSError
    ) throws(CVSSError) -> [String: String] {
        var metrics: [String: String] = [:]
        for fieldBytes in body.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            let field = Substring(fieldBytes)
            if field.isEmpty { throw fail("empty metric field (stray or trailing \"/\")") }
            let parts = fieldBytes.split(separator: UInt8(ascii: ":"), maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw fail("malformed metric field \"\(field)\" (expected METRIC:VALUE)")
            }
            let name = String(Substring(parts[0])), value = String(Substring(parts[1]))
            guard let values = known[name] else {
                var reason = "unknown CVSS \(version) metric \"\(name)\""
                if version == "v2" && (name == "PR" || name == "UI" || name == "S") {
                    reason += " (a v3 vector needs its \"CVSS:3.x/\" prefix)"
                }
                throw fail(reason)
            }
            guard values.contains(value) else {
                throw fail("invalid value \"\(value)\" for metric \(name) (expected one of \(values.joined(separator: ", ")))")
            }
            if metrics.updateValue(value, forKey: name) != nil { throw fail("duplicate metric \(name)") }
        }
        let missing = mandatory.filter { metrics[$0] == nil }
        if !missing.isEmpty {
            throw fail("missing mandatory base metric\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")
        }
        return metrics
    }

    private static func table(_ entries: [(String, [String])]) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: entries)
    }

    // MARK: - CVSS v2 (https://www.first.org/cvss/v2/guide, section 3.2.1)

    private static let v2Mandatory = ["AV", "AC", "Au", "C", "I", "A"]
    private static let v2Metrics = table([
        ("AV", ["L", "A", "N"]), ("AC", ["H", "M", "L"]), ("Au", ["M", "S", "N"]),
        ("C", ["N", "P", "C"]), ("I", ["N", "P", "C"]), ("A", ["N", "P", "C"]),
        ("E", ["U", "POC", "F", "H", "ND"]), ("RL", ["OF", "TF", "W", "U", "ND"]), ("RC", ["UC", "UR", "C", "ND"]),
        ("CDP", ["N", "L", "LM", "MH", "H", "ND"]), ("TD", ["N", "L", "M", "H", "ND"]),
        ("CR", ["L", "M", "H", "ND"]), ("IR", ["L", "M", "H", "ND"]), ("AR", ["L", "M", "H", "ND"]),
    ])

    /// v2 base score in exact decimal (integer) arithmetic, rounded half up to one decimal:
    /// BaseScore = round(((0.6·Impact) + (0.4·Exploitability) − 1.5) · f(Impact)),
    /// Impact = 10.41·(1 − (1−C)(1−I)(1−A)), Exploitability = 20·AV·AC·Au, f = 0 if Impact = 0 else 1.176.
    private static func v2BaseScore(_ m: [String: String]) -> Double {
        // Weights scaled to integers: AV, Au, C/I/A in thousandths, AC in hundredths.
        let av: Int64 = switch m["AV"] { case "L": 395; case "A": 646; default: 1000 }
        let ac: Int64 = switch m["AC"] { case "H": 35; case "M": 61; default: 71 }
        let au: Int64 = switch m["Au"] { case "M": 450; case "S": 560; default: 704 }
        func cia(_ value: String?) -> Int64 { switch value { case "P": 275; case "C": 660; default: 0 } }
        let c = cia(m["C"]), i = cia(m["I"]), a = cia(m["A"])
        let impact = 1041 * (1_000_000_000 - (1000 - c) * (1000 - i) * (1000 - a))  // × 1e-11
        if impact == 0 { return 0.0 }
        let exploitability = 20 * av * ac * au  // × 1e-8
        let inner = 6 * impact + 4000 * exploitability - 1_500_000_000_000  // × 1e-12
        let score = inner * 1176  // × 1e-15
        if score <= 0 { return 0.0 }
        let tenths = (score + 50_000_000_000_000) / 100_000_000_000_000
        return Double(tenths) / 10
    }

    // MARK: - CVSS v3.0 / v3.1 (https://www.first.org/cvss/v3.1/specification-document, section 7.1)

    private static let v3Mandatory = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"]
    private static let v3Metrics = table([
        ("AV", ["N", "A", "L", "P"]), ("AC", ["L", "H"]), ("PR", ["N", "L", "H"]), ("UI", ["N", "R"]),
        ("S", ["U", "C"]), ("C", ["H", "L", "N"]), ("I", ["H", "L", "N"]), ("A", ["H", "L", "N"]),
        ("E", ["X", "H", "F", "P", "U"]), ("RL", ["X", "U", "W", "T", "O"]), ("RC", ["X", "C", "R", "U"]),
        ("CR", ["X", "H", "M", "L"]), ("IR", ["X", "H", "M", "L"]), ("AR", ["X", "H", "M", "L"]),
        ("MAV", ["X", "N", "A", "L", "P"]), ("MAC", ["X", "L", "H"]), ("MPR", ["X", "N", "L", "H"]),
        ("MUI", ["X", "N", "R"]), ("MS", ["X", "U", "C"]),
        ("MC", ["X", "H", "L", "N"]), ("MI", ["X", "H", "L", "N"]), ("MA", ["X", "H", "L", "N"]),
    ])

    private static func v3BaseScore(_ m: [String: String], minor: Int) -> Double {
        let changed = m["S"] == "C"
        let av = switch m["AV"] { case "N": 0.85; case "A": 0.62; case "L": 0.55; default: 0.2 }
        let ac = m["AC"] == "L" ? 0.77 : 0.44
        let pr = switch m["PR"] { case "N": 0.85; case "L": changed ? 0.68 : 0.62; default: changed ? 0.5 : 0.27 }
        let ui = m["UI"] == "N" ? 0.85 : 0.62
        func cia(_ value: String?) -> Double { switch value { case "H": 0.56; case "L": 0.22; default: 0.0 } }
        let c = cia(m["C"]), i = cia(m["I"]), a = cia(m["A"])

        let iss = 1 - (1 - c) * (1 - i) * (1 - a)
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss
        let exploitability = 8.22 * av * ac * pr * ui
        if impact <= 0 { return 0.0 }
        let raw = changed ? Swift.min(1.08 * (impact + exploitability), 10) : Swift.min(impact + exploitability, 10)
        return minor == 0 ? roundUp30(raw) : roundUp31(raw)
    }

    /// CVSS v3.0 Round up: the smallest number, to one decimal place, equal to or higher than
    /// its input (the v3.0 reference calculator's `Math.ceil(x * 10) / 10`).
    static func roundUp30(_ x: Double) -> Double {
        (x * 10).rounded(.up) / 10
    }

    /// CVSS v3.1 Roundup (specification Appendix A): integer-based, immune to floating-point
    /// artefacts such as 4.000000000000001 rounding to 4.1.
    static func roundUp31(_ x: Double) -> Double {
        let intInput = Int64((x * 100_000).rounded())
        if intInput % 10_000 == 0 { return Double(intInput) / 100_000.0 }
        return Double(intInput / 10_000 + 1) / 10.0
    }

    // MARK: - CVSS v4.0

    private static let v4Metrics = table(CVSS4.metrics.map { ($0.name, $0.values) })
}
