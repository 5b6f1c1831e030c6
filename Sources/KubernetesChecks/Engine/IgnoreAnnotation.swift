internal import Foundation

/// The `palisade.io/ignore` annotation: `"<check-id>: <reason>"` entries separated by commas or newlines
/// (`*` stands for every check). After a comma, only a known check id or `*` followed by `:` starts a new
/// entry; anything else (a URL, "note: …") continues the reason. At the start of a line, any id-like word
/// followed by `:` starts an entry, so a misspelt id there is reported.
struct IgnoreAnnotation: Sendable {
    static let key = "palisade.io/ignore"

    var reasons: [String: String] = [:]
    var unknownIDs: [String] = []

    init(_ text: String, knownIDs: Set<String>) {
        var current: String?
        for line in text.split(whereSeparator: \.isNewline) {
            for (index, piece) in line.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                let trimmed = piece.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                let colon = trimmed.firstIndex(of: ":")
                let head = String(colon.map { trimmed[..<$0] } ?? Substring(trimmed)).trimmingCharacters(in: .whitespaces)
                let known = head == "*" || knownIDs.contains(head)
                let looksLikeID = !head.isEmpty && head.first != "-" && head.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
                let startsEntry = (colon != nil && (known || (index == 0 && looksLikeID))) || (colon == nil && known && current == nil)
                if startsEntry {
                    let reason = colon.map { trimmed[trimmed.index(after: $0)...].trimmingCharacters(in: .whitespaces) } ?? ""
                    if !known { unknownIDs.append(head) }
                    reasons[head] = reason
                    current = head
                } else if let c = current {
                    reasons[c] = (reasons[c].map { $0.isEmpty ? "" : $0 + ", " } ?? "") + trimmed
                }
            }
        }
    }

    func reason(for check: String) -> String? {
        reasons[check] ?? reasons["*"]
    }
}
