internal import Foundation

/// The `palisade.io/ignore` annotation: `"<check-id>: <reason>"` entries separated by commas or newlines
/// (`*` stands for every check). A comma followed by text that is not `<id>:` continues the reason.
struct IgnoreAnnotation: Sendable {
    static let key = "palisade.io/ignore"

    var reasons: [String: String] = [:]
    var unknownIDs: [String] = []

    init(_ text: String, knownIDs: Set<String>) {
        var current: String?
        for line in text.split(whereSeparator: \.isNewline) {
            for piece in line.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = piece.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                let colon = trimmed.firstIndex(of: ":")
                let head = String(colon.map { trimmed[..<$0] } ?? Substring(trimmed)).trimmingCharacters(in: .whitespaces)
                let looksLikeID = !head.isEmpty && head.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "*" }
                if looksLikeID && (colon != nil || knownIDs.contains(head) || head == "*") {
                    let reason = colon.map { trimmed[trimmed.index(after: $0)...].trimmingCharacters(in: .whitespaces) } ?? ""
                    if head != "*" && !knownIDs.contains(head) { unknownIDs.append(head) }
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
