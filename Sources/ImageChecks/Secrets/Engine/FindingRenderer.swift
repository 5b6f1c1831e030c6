import Foundation

/// Turns raw matches into findings: line numbers, column and the masked line.
///
/// Every secret in the text is masked before any line is cut out, so a line
/// holding two secrets never shows either.
struct FindingRenderer {
    /// Lines longer than this are cut around the secret, as trivy does.
    static let maximumLineLength = 100
    static let contextBefore = 30
    static let contextAfter = 20

    private let masked: [UInt16]
    private let newlines: [Int]

    init(text: String, secrets: [NSRange]) {
        var units = Array(text.utf16)
        let star = UInt16(UInt8(ascii: "*"))
        let newline = UInt16(UInt8(ascii: "\n"))
        for range in secrets {
            for i in range.location..<min(range.location + range.length, units.count) where units[i] != newline {
                units[i] = star
            }
        }
        masked = units
        var positions: [Int] = []
        for (i, unit) in units.enumerated() where unit == newline {
            positions.append(i)
        }
        newlines = positions
    }

    /// 0-based line of a UTF-16 offset.
    func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = newlines.count
        while low < high {
            let mid = (low + high) / 2
            if newlines[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    func render(_ match: RawMatch, rule: SecretRule, path: String, source: SecretSource) -> SecretFinding {
        let start = match.secret.location
        let end = match.secret.location + match.secret.length
        let line = lineIndex(of: start)
        let endLine = lineIndex(of: max(start, end - 1))
        var lineStart = line == 0 ? 0 : newlines[line - 1] + 1
        var lineEnd = line < newlines.count ? newlines[line] : masked.count
        let column = start - lineStart + 1
        if lineEnd - lineStart > Self.maximumLineLength {
            if start - lineStart > Self.contextBefore { lineStart = start - Self.contextBefore }
            lineEnd = min(end + Self.contextAfter, lineEnd)
        }
        // Do not cut a surrogate pair in half.
        if lineStart > 0, lineStart < masked.count, UTF16.isTrailSurrogate(masked[lineStart]) { lineStart -= 1 }
        if lineEnd < masked.count, lineEnd > 0, UTF16.isLeadSurrogate(masked[lineEnd - 1]) { lineEnd += 1 }
        var text = String(decoding: masked[lineStart..<lineEnd], as: UTF16.self)
        if text.hasSuffix("\r") { text.removeLast() }
        return SecretFinding(
            ruleID: rule.id,
            category: rule.category,
            severity: rule.severity,
            title: rule.title,
            path: path,
            line: line + 1,
            endLine: endLine + 1,
            column: column,
            match: text,
            source: source
        )
    }
}
