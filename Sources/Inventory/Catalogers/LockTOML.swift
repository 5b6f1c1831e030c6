import Foundation

/// A reader for the TOML subset that lock files use (`poetry.lock`, `uv.lock`, `Cargo.lock`):
/// tables, arrays of tables with their sub-tables (`[[package]]` then `[package.dependencies]`),
/// `key = value` with strings (all four kinds), arrays over several lines, and inline tables.
/// Numbers, booleans and dates (without spaces) are kept as text. Not a general TOML parser: it is lenient where
/// TOML is strict (duplicate keys, newlines in inline tables) and strict where a truncated file
/// would otherwise go unnoticed (unterminated strings, arrays and headers throw, naming the line).
struct LockTOML {
    /// A value.
    indirect enum Value: Equatable {
        case string(String)
        case array([Value])
        case table([String: Value])
        /// A number, boolean or date, as written.
        case bare(String)

        var string: String? { if case .string(let s) = self { return s }; return nil }
        var array: [Value]? { if case .array(let a) = self { return a }; return nil }
        var table: [String: Value]? { if case .table(let t) = self { return t }; return nil }
    }

    /// One element of an array of tables, with the sub-tables that followed it.
    struct Table {
        var values: [String: Value] = [:]
        /// `[package.dependencies]` after a `[[package]]` is `subtables["dependencies"]`.
        var subtables: [String: [String: Value]] = [:]
        /// The line of its `[[...]]` header.
        var line = 0
    }

    /// Keys before the first header.
    private(set) var root: [String: Value] = [:]
    /// Plain tables by header (`[metadata]`), other than sub-tables of an array of tables.
    private(set) var tables: [String: [String: Value]] = [:]
    /// Arrays of tables by name (`package` for `[[package]]`).
    private(set) var arrays: [String: [Table]] = [:]

    /// Parses `text`; errors name `format` and the line.
    init(_ text: String, format: String) throws {
        var parser = Parser(bytes: Array(text.utf8), format: format)
        enum Target { case root, table(String), element(String), subtable(String, String) }
        var target = Target.root
        while true {
            parser.skipBlank()
            guard let c = parser.peek() else { break }
            if c == UInt8(ascii: "[") {
                let (name, isArray) = try parser.header()
                if isArray {
                    arrays[name, default: []].append(Table(line: parser.line))
                    target = .element(name)
                } else if let dot = name.firstIndex(of: "."), arrays[String(name[..<dot])]?.isEmpty == false {
                    target = .subtable(String(name[..<dot]), String(name[name.index(after: dot)...]))
                } else {
                    target = .table(name)
                }
                continue
            }
            let key = try parser.key()
            parser.skipSpaces()
            guard parser.peek() == UInt8(ascii: "=") else { throw parser.error("expected '=' after key \(key)") }
            parser.advance()
            parser.skipSpaces()
            let value = try parser.value()
            try parser.endOfLine()
            switch target {
            case .root:
                root[key] = value
            case .table(let name):
                tables[name, default: [:]][key] = value
            case .element(let name):
                let last = arrays[name]!.count - 1
                arrays[name]![last].values[key] = value
            case .subtable(let name, let sub):
                let last = arrays[name]!.count - 1
                arrays[name]![last].subtables[sub, default: [:]][key] = value
            }
        }
    }

    /// A cursor over the bytes with the line number for errors.
    private struct Parser {
        let bytes: [UInt8]
        let format: String
        var i = 0
        var line = 1
        /// Arrays and inline tables currently open around the value being read.
        var depth = 0
        /// Deeper nesting throws: `a = [[[[...` a million deep must not exhaust the stack.
        static let maxDepth = 128

        init(bytes: [UInt8], format: String) {
            self.bytes = bytes
            self.format = format
        }

        func error(_ what: String) -> CatalogError { CatalogError("\(format): \(what) at line \(line)") }
        func peek(_ ahead: Int = 0) -> UInt8? { i + ahead < bytes.count ? bytes[i + ahead] : nil }
        mutating func advance(_ n: Int = 1) { i += n }

        mutating func skipSpaces() {
            while let c = peek(), c == 0x20 || c == 0x09 { i += 1 }
        }

        mutating func skipComment() {
            guard peek() == UInt8(ascii: "#") else { return }
            while let c = peek(), c != 0x0a { i += 1 }
        }

        /// Spaces, newlines and comments.
        mutating func skipBlank() {
            while let c = peek() {
                switch c {
                case 0x20, 0x09, 0x0d: i += 1
                case 0x0a: i += 1; line += 1
                case UInt8(ascii: "#"): skipComment()
                default: return
                }
            }
        }

        /// After a value: only a comment may follow on the line.
        mutating func endOfLine() throws {
            skipSpaces()
            skipComment()
            if peek() == 0x0d { i += 1 }
            guard let c = peek() else { return }
            guard c == 0x0a else { throw error("unexpected text after a value") }
        }

        /// `[name]` or `[[name]]`, with the rest of the line.
        mutating func header() throws -> (String, Bool) {
            let isArray = peek(1) == UInt8(ascii: "[")
            advance(isArray ? 2 : 1)
            var raw: [UInt8] = []
            while let c = peek(), c != UInt8(ascii: "]") {
                guard c != 0x0a else { throw error("unterminated table header") }
                raw.append(c)
                i += 1
            }
            guard peek() == UInt8(ascii: "]"), !isArray || peek(1) == UInt8(ascii: "]") else {
                throw error("unterminated table header")
            }
            advance(isArray ? 2 : 1)
            try endOfLine()
            let name = String(decoding: raw, as: UTF8.self)
                .split(separator: ".").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
                .joined(separator: ".")
            guard !name.isEmpty else { throw error("empty table header") }
            return (name, isArray)
        }

        /// A bare or quoted key; dotted keys are joined with `.`.
        mutating func key() throws -> String {
            var parts: [String] = []
            while true {
                skipSpaces()
                let first = peek() ?? 0
                if first == UInt8(ascii: "\"") {
                    parts.append(try basicString())
                } else if first == UInt8(ascii: "'") {
                    parts.append(try literalString())
                } else {
                    let start = i
                    while let c = peek(), Self.isBareKey(c) { i += 1 }
                    guard i > start else { throw error("expected a key") }
                    parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
                }
                skipSpaces()
                guard peek() == UInt8(ascii: ".") else { return parts.joined(separator: ".") }
                i += 1
            }
        }

        static func isBareKey(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d || c == 0x5f
        }

        mutating func value() throws -> Value {
            guard let c = peek() else { throw error("expected a value") }
            let nests = c == UInt8(ascii: "[") || c == UInt8(ascii: "{")
            if nests {
                guard depth < Self.maxDepth else {
                    throw error("arrays and inline tables nested more than \(Self.maxDepth) deep")
                }
                depth += 1
            }
            defer { if nests { depth -= 1 } }
            switch c {
            case UInt8(ascii: "\""): return .string(try basicString())
            case UInt8(ascii: "'"): return .string(try literalString())
            case UInt8(ascii: "["):
                i += 1
                var items: [Value] = []
                while true {
                    skipBlank()
                    guard let next = peek() else { throw error("unterminated array") }
                    if next == UInt8(ascii: "]") { i += 1; return .array(items) }
                    items.append(try value())
                    skipBlank()
                    guard let separator = peek() else { throw error("unterminated array") }
                    i += 1
                    if separator == UInt8(ascii: "]") { return .array(items) }
                    guard separator == UInt8(ascii: ",") else { throw error("expected ',' or ']' in an array") }
                }
            case UInt8(ascii: "{"):
                i += 1
                var table: [String: Value] = [:]
                while true {
                    skipBlank()
                    guard let next = peek() else { throw error("unterminated inline table") }
                    if next == UInt8(ascii: "}") { i += 1; return .table(table) }
                    let k = try key()
                    skipSpaces()
                    guard peek() == UInt8(ascii: "=") else { throw error("expected '=' in an inline table") }
                    i += 1
                    skipSpaces()
                    table[k] = try value()
                    skipBlank()
                    guard let separator = peek() else { throw error("unterminated inline table") }
                    i += 1
                    if separator == UInt8(ascii: "}") { return .table(table) }
                    guard separator == UInt8(ascii: ",") else { throw error("expected ',' or '}' in an inline table") }
                }
            default:
                let start = i
                while let c = peek(), c != UInt8(ascii: ","), c != UInt8(ascii: "]"), c != UInt8(ascii: "}"),
                      c != UInt8(ascii: "#"), c != 0x0a, c != 0x0d, c != 0x20, c != 0x09 { i += 1 }
                let text = String(decoding: bytes[start..<i], as: UTF8.self)
                guard !text.isEmpty else { throw error("expected a value") }
                return .bare(text)
            }
        }

        /// `"..."` with escapes, or `"""..."""` over several lines.
        mutating func basicString() throws -> String {
            let multiline = peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"")
            advance(multiline ? 3 : 1)
            if multiline, peek() == 0x0a { i += 1; line += 1 }
            var out: [UInt8] = []
            while true {
                guard let c = peek() else { throw error("unterminated string") }
                if c == UInt8(ascii: "\"") {
                    if !multiline { i += 1; break }
                    if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") { i += 3; break }
                    out.append(c); i += 1; continue
                }
                if c == 0x0a {
                    guard multiline else { throw error("unterminated string") }
                    line += 1
                }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard let e = peek() else { throw error("unterminated string") }
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0a)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0d)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0c)
                    case UInt8(ascii: "e"): out.append(0x1b)
                    case UInt8(ascii: "u"), UInt8(ascii: "U"):
                        let n = e == UInt8(ascii: "u") ? 4 : 8
                        guard i + n <= bytes.count,
                              let code = UInt32(String(decoding: bytes[i..<(i + n)], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(code) else { throw error("bad unicode escape") }
                        out += Array(String(Character(scalar)).utf8)
                        i += n
                    case 0x0a, 0x20, 0x09, 0x0d:
                        // Line-ending backslash (multi-line strings only): drop the newline and leading whitespace.
                        guard multiline else { throw error("bad escape in a string") }
                        if e == 0x0a { line += 1 }
                        while let w = peek(), w == 0x20 || w == 0x09 || w == 0x0a || w == 0x0d {
                            if w == 0x0a { line += 1 }
                            i += 1
                        }
                    default: out.append(e)
                    }
                    continue
                }
                out.append(c)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// `'...'` or `'''...'''`, without escapes.
        mutating func literalString() throws -> String {
            let multiline = peek(1) == UInt8(ascii: "'") && peek(2) == UInt8(ascii: "'")
            advance(multiline ? 3 : 1)
            if multiline, peek() == 0x0a { i += 1; line += 1 }
            let start = i
            while true {
                guard let c = peek() else { throw error("unterminated string") }
                if c == UInt8(ascii: "'") {
                    let closing = !multiline ? 1 : (peek(1) == UInt8(ascii: "'") && peek(2) == UInt8(ascii: "'")) ? 3 : 0
                    if closing > 0 {
                        let text = String(decoding: bytes[start..<i], as: UTF8.self)
                        i += closing
                        return text
                    }
                }
                if c == 0x0a {
                    guard multiline else { throw error("unterminated string") }
                    line += 1
                }
                i += 1
            }
        }
    }
}
