import Foundation

/// A compiled string pattern: a full-match (or, for `Process Arguments`, contains), case-insensitive
/// regular expression in StackRox's (RE2) syntax. Common shapes skip the regex engine: literals,
/// `a|b|c`, `prefix.*`, `.*suffix`, `.*infix.*`, dotted host names (`quay.io`), `.*` and `.+`.
/// The NSRegularExpression is always compiled (it validates the pattern) and decides the rest.
final class StringMatcher: Sendable {
    enum Kind: UInt8, Sendable {
        case any, nonEmpty, literal, wildcardLiteral, prefix, suffix, contains, anyOf, regex
    }

    /// The pattern as written.
    let pattern: String
    let kind: Kind
    /// Lower-cased ASCII bytes of the literal part.
    let bytes: [UInt8]
    /// For `wildcardLiteral`: the positions of unescaped `.`.
    let wildcards: [Bool]
    /// For `anyOf`: the alternatives (fast shapes only).
    let alternatives: [StringMatcher]
    /// For `regex`: a lower-cased literal every match contains, checked before running the regex.
    let required: [UInt8]
    private let regex: RegexBox?

    private init(pattern: String, kind: Kind, bytes: [UInt8] = [], wildcards: [Bool] = [],
                 alternatives: [StringMatcher] = [], required: [UInt8] = [], regex: RegexBox?) {
        self.pattern = pattern
        self.kind = kind
        self.bytes = bytes
        self.wildcards = wildcards
        self.alternatives = alternatives
        self.required = required
        self.regex = regex
    }

    /// Compiles `pattern`.
    /// - Parameters:
    ///   - pattern: the pattern (RE2 syntax).
    ///   - contains: match anywhere in the text instead of the whole text.
    ///   - literal: compare as a literal (case-insensitive), not a regular expression.
    /// - Throws: ``PatternError`` when the pattern does not compile.
    convenience init(_ pattern: String, contains: Bool = false, literal: Bool = false) throws(PatternError) {
        if literal {
            self.init(pattern: pattern, kind: contains ? .contains : .literal, bytes: Array(pattern.lowercased().utf8), regex: nil)
            return
        }
        let translated = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        let anchored = contains ? "(?:\(translated))" : "\\A(?:\(translated))\\z"
        let regex: RegexBox
        do {
            regex = RegexBox(try NSRegularExpression(pattern: anchored, options: [.caseInsensitive]))
        } catch {
            let text = (error as NSError).localizedDescription
            throw PatternError(pattern: pattern, reason: text.isEmpty ? "invalid regular expression" : text)
        }
        guard let shape = PatternShape.form(of: pattern, contains: contains) else {
            self.init(pattern: pattern, kind: .regex, required: PatternShape.requiredLiteral(of: pattern) ?? [], regex: regex)
            return
        }
        self.init(shape, pattern: pattern, regex: regex)
    }

    private convenience init(_ shape: PatternShape.Form, pattern: String, regex: RegexBox?) {
        switch shape {
        case .any: self.init(pattern: pattern, kind: .any, regex: regex)
        case .nonEmpty: self.init(pattern: pattern, kind: .nonEmpty, regex: regex)
        case .literal(let bytes, let wildcards?):
            self.init(pattern: pattern, kind: .wildcardLiteral, bytes: bytes, wildcards: wildcards, regex: regex)
        case .literal(let bytes, nil): self.init(pattern: pattern, kind: .literal, bytes: bytes, regex: regex)
        case .prefix(let bytes): self.init(pattern: pattern, kind: .prefix, bytes: bytes, regex: regex)
        case .suffix(let bytes): self.init(pattern: pattern, kind: .suffix, bytes: bytes, regex: regex)
        case .contains(let bytes): self.init(pattern: pattern, kind: .contains, bytes: bytes, regex: regex)
        case .anyOf(let forms):
            // Alternatives with wildcards fall back to this matcher's regex for non-ASCII text.
            let alternatives = forms.map { StringMatcher($0, pattern: pattern, regex: regex) }
            self.init(pattern: pattern, kind: .anyOf, alternatives: alternatives, regex: regex)
        }
    }

    /// Whether `text` matches.
    func matches(_ text: String) -> Bool {
        if kind == .any { return true }
        var text = text
        return text.withUTF8 { matches(bytes: $0) }
    }

    /// Whether `text` matches.
    func matches(_ text: Substring) -> Bool {
        if kind == .any { return true }
        if let result = text.utf8.withContiguousStorageIfAvailable({ matches(bytes: $0) }) { return result }
        return matches(String(text))
    }

    /// Whether the UTF-8 bytes match.
    func matches(bytes text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch kind {
        case .any:
            return true
        case .nonEmpty:
            return !text.isEmpty
        case .literal:
            return text.count == bytes.count && Self.equalAt(text, 0, bytes)
        case .wildcardLiteral:
            guard text.count == bytes.count else {
                // A multi-byte character under a wildcard changes the byte count: let the regex decide.
                return text.contains(where: { $0 >= 0x80 }) ? matchesRegex(text) : false
            }
            for i in 0..<bytes.count {
                let byte = text[i]
                if wildcards[i] {
                    if byte >= 0x80 { return matchesRegex(text) }
                } else if Self.lower(byte) != bytes[i] {
                    return false
                }
            }
            return true
        case .prefix:
            return text.count >= bytes.count && Self.equalAt(text, 0, bytes)
        case .suffix:
            return text.count >= bytes.count && Self.equalAt(text, text.count - bytes.count, bytes)
        case .contains:
            return bytes.isEmpty || Self.contains(text, bytes)
        case .anyOf:
            for alternative in alternatives where alternative.matches(bytes: text) { return true }
            return false
        case .regex:
            if !required.isEmpty && !Self.contains(text, required) { return false }
            return matchesRegex(text)
        }
    }

    private func matchesRegex(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let regex else { return false }
        let string = String(decoding: text, as: UTF8.self)
        return regex.value.firstMatch(in: string, options: [], range: NSRange(location: 0, length: string.utf16.count)) != nil
    }

    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ bytes: [UInt8]) -> Bool {
        guard text.count >= bytes.count else { return false }
        let first = bytes[0]
        for start in 0...(text.count - bytes.count) where lower(text[start]) == first {
            if equalAt(text, start, bytes) { return true }
        }
        return false
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 { byte &- 65 < 26 ? byte | 0x20 : byte }

    @inline(__always)
    private static func equalAt(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count {
            if lower(buffer[start + i]) != bytes[i] { return false }
            i += 1
        }
        return true
    }
}

/// A pattern that does not compile.
struct PatternError: Error, Sendable {
    var pattern: String
    var reason: String
}

/// Holds an NSRegularExpression, which is immutable and documented thread-safe for matching.
final class RegexBox: @unchecked Sendable {
    let value: NSRegularExpression
    init(_ value: NSRegularExpression) { self.value = value }
}
