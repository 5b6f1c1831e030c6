/// A closed vocabulary word of the policy format (a stage, a severity, an enforcement action):
/// a string with canonical spellings, parsed case-insensitively with aliases.
protocol PolicyKeyword: RawRepresentable, Hashable, Sendable, CustomStringConvertible where RawValue == String {
    /// Every canonical value, in display order.
    static var allValues: [Self] { get }
    /// Other spellings accepted on input (lower-case alias → canonical value).
    static var aliases: [String: Self] { get }
    init(uncheckedRawValue: String)
}

extension PolicyKeyword {
    static var aliases: [String: Self] { [:] }

    /// Parses a canonical spelling or an alias, ignoring case, `_` and `-` differences.
    static func parse(_ text: String) -> Self? {
        let key = normalizedKeyword(text)
        if let found = allValues.first(where: { normalizedKeyword($0.rawValue) == key }) { return found }
        return aliases.first(where: { normalizedKeyword($0.key) == key })?.value
    }

    /// The canonical spellings, for "did you mean" and error messages.
    static var spellings: [String] { allValues.map(\.rawValue) }

    public var description: String { rawValue }
}

/// Lower-cases and drops `_`, `-`, ` ` and `/` so that `RUNTIME_DEFAULT`, `RuntimeDefault` and
/// `runtime-default` compare equal.
func normalizedKeyword(_ text: String) -> String {
    String(text.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != " " && $0 != "/" })
}
