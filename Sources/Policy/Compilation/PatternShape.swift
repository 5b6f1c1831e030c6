/// Recognises regular expressions that need no regex engine: literals (with escaped punctuation),
/// top-level alternations of them, `prefix.*`, `.*suffix`, `.*infix.*`, dotted literals such as
/// `registry.redhat.io` (each `.` any one character), `.*` and `.+`, and one outer group around
/// any of these. Anything else returns nil (the regex decides).
enum PatternShape {
    /// A recognised shape.
    indirect enum Form: Sendable {
        case any
        case nonEmpty
        /// ASCII bytes, lower-cased; `wildcards` marks unescaped `.` positions.
        case literal([UInt8], wildcards: [Bool]?)
        case prefix([UInt8])
        case suffix([UInt8])
        case contains([UInt8])
        case anyOf([Form])
    }

    static func form(of pattern: String, contains: Bool) -> Form? {
        guard pattern.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let branches = splitAlternation(Array(pattern.utf8))
        guard let branches else { return nil }
        var forms: [Form] = []
        for branch in branches {
            guard let form = branchForm(branch, contains: contains) else { return nil }
            if case .any = form { return .any }
            forms.append(form)
        }
        return forms.count == 1 ? forms[0] : .anyOf(forms)
    }

    /// Splits at top-level `|`; nil when brackets or parentheses are unbalanced.
    static func splitAlternation(_ bytes: [UInt8]) -> [[UInt8]]? {
        var branches: [[UInt8]] = []
        var current: [UInt8] = []
        var depth = 0
        var inClass = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\\"), i + 1 < bytes.count {
                current.append(byte)
                current.append(bytes[i + 1])
                i += 2
                continue
            }
            if inClass {
                if byte == UInt8(ascii: "]") { inClass = false }
            } else if byte == UInt8(ascii: "[") {
                inClass = true
            } else if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth < 0 { return nil }
            } else if byte == UInt8(ascii: "|"), depth == 0 {
                branches.append(current)
                current = []
                i += 1
                continue
            }
            current.append(byte)
            i += 1
        }
        guard depth == 0, !inClass else { return nil }
        branches.append(current)
        return branches
    }

    private static func branchForm(_ input: [UInt8], contains: Bool) -> Form? {
        var bytes = input
        if !contains {
            // Full match: leading ^ and trailing $ change nothing.
            if bytes.first == UInt8(ascii: "^") { bytes.removeFirst() }
            if bytes.last == UInt8(ascii: "$"), !endsEscaped(bytes.dropLast()) { bytes.removeLast() }
        }
        if let inner = outerGroup(bytes) {
            guard let branches = splitAlternation(inner) else { return nil }
            var forms: [Form] = []
            for branch in branches {
                guard let form = branchForm(branch, contains: contains) else { return nil }
                forms.append(form)
            }
            return forms.count == 1 ? forms[0] : .anyOf(forms)
        }
        let dotStar: [UInt8] = [UInt8(ascii: "."), UInt8(ascii: "*")]
        let dotPlus: [UInt8] = [UInt8(ascii: "."), UInt8(ascii: "+")]
        if bytes.isEmpty { return contains ? .any : .literal([], wildcards: nil) }
        if bytes == dotStar { return .any }
        if bytes == dotPlus { return contains ? .nonEmpty : .nonEmpty }
        var leading = false
        var trailing = false
        if bytes.starts(with: dotStar) {
            leading = true
            bytes.removeFirst(2)
        }
        if bytes.count >= 2, Array(bytes.suffix(2)) == dotStar, !endsEscaped(bytes.dropLast(2)) {
            trailing = true
            bytes.removeLast(2)
        }
        guard let (literal, wildcards) = parseLiteral(bytes) else { return nil }
        if wildcards != nil && (leading || trailing || contains) { return nil }
        if contains || (leading && trailing) { return .contains(literal) }
        if leading { return .suffix(literal) }
        if trailing { return .prefix(literal) }
        return .literal(literal, wildcards: wildcards)
    }

    /// The inside of `( … )` or `(?: … )` when the group spans the whole branch.
    private static func outerGroup(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.first == UInt8(ascii: "("), bytes.last == UInt8(ascii: ")"), !endsEscaped(bytes.dropLast()) else { return nil }
        var depth = 0
        var inClass = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\\") { i += 2; continue }
            if inClass {
                if byte == UInt8(ascii: "]") { inClass = false }
            } else if byte == UInt8(ascii: "[") {
                inClass = true
            } else if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 && i != bytes.count - 1 { return nil }
            }
            i += 1
        }
        var inner = Array(bytes.dropFirst().dropLast())
        if inner.starts(with: [UInt8(ascii: "?"), UInt8(ascii: ":")]) {
            inner.removeFirst(2)
        } else if inner.first == UInt8(ascii: "?") {
            return nil  // (?i), (?=…), (?<name>…): leave to the regex
        }
        return inner
    }

    /// Lower-cased literal bytes, with wildcard positions for unescaped `.`; nil when the text has
    /// other metacharacters or escapes of letters and digits (`\d`, `\s`, `\b`).
    private static func parseLiteral(_ bytes: [UInt8]) -> ([UInt8], [Bool]?)? {
        var literal: [UInt8] = []
        var wildcards: [Bool] = []
        var hasWildcard = false
        var i = 0
        while i < bytes.count {
            var byte = bytes[i]
            if byte == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { return nil }
                let next = bytes[i + 1]
                let isWord = (next >= 0x30 && next <= 0x39) || (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A)
                if isWord { return nil }
                literal.append(next)
                wildcards.append(false)
                i += 2
                continue
            }
            switch byte {
            case UInt8(ascii: "."):
                hasWildcard = true
                literal.append(byte)
                wildcards.append(true)
            case UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "|"), UInt8(ascii: "?"), UInt8(ascii: "*"),
                 UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "{"), UInt8(ascii: "}"):
                return nil
            default:
                if byte &- 65 < 26 { byte |= 0x20 }
                literal.append(byte)
                wildcards.append(false)
            }
            i += 1
        }
        // A wildcard followed by a quantifier was rejected above; a lone `.` is one character.
        return (literal, hasWildcard ? wildcards : nil)
    }

    /// True when the bytes end with an odd number of backslashes (the next byte is escaped).
    private static func endsEscaped(_ bytes: ArraySlice<UInt8>) -> Bool {
        var count = 0
        for byte in bytes.reversed() {
            if byte == UInt8(ascii: "\\") { count += 1 } else { break }
        }
        return count % 2 == 1
    }

    /// The longest literal (lower-cased, at least 3 bytes) that every match of `pattern` contains:
    /// a run of plain characters at the top level, outside groups, classes and quantified atoms.
    /// Nil when there is none or the pattern has a top-level alternation or non-ASCII text.
    static func requiredLiteral(of pattern: String) -> [UInt8]? {
        let bytes = Array(pattern.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }), let branches = splitAlternation(bytes), branches.count == 1 else { return nil }
        var best: [UInt8] = []
        var run: [UInt8] = []
        func endRun() {
            if run.count > best.count { best = run }
            run = []
        }
        func isQuantifier(_ index: Int) -> Bool {
            index < bytes.count && [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{")].contains(bytes[index])
        }
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { return nil }
                let next = bytes[i + 1]
                let isWord = (next >= 0x30 && next <= 0x39) || (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A)
                if isWord || isQuantifier(i + 2) {
                    endRun()  // a class (\d, \s…) or a quantified character
                } else {
                    run.append(next)
                }
                i += 2
                continue
            case UInt8(ascii: "("):
                endRun()
                var depth = 0
                var inClass = false
                while i < bytes.count {
                    let current = bytes[i]
                    if current == UInt8(ascii: "\\") { i += 2; continue }
                    if inClass {
                        if current == UInt8(ascii: "]") { inClass = false }
                    } else if current == UInt8(ascii: "[") {
                        inClass = true
                    } else if current == UInt8(ascii: "(") {
                        depth += 1
                    } else if current == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    i += 1
                }
                i += 1
                continue
            case UInt8(ascii: "["):
                endRun()
                i += 1
                if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1 }
                while i < bytes.count && bytes[i] != UInt8(ascii: "]") {
                    if bytes[i] == UInt8(ascii: "\\") { i += 1 }
                    i += 1
                }
                i += 1
                continue
            case UInt8(ascii: "{"):
                endRun()  // a counted quantifier: skip `{m,n}`
                while i < bytes.count && bytes[i] != UInt8(ascii: "}") { i += 1 }
            case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "?"), UInt8(ascii: "*"),
                 UInt8(ascii: "+"), UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "|"):
                endRun()
            default:
                if isQuantifier(i + 1) {
                    endRun()  // the quantified character may be absent or repeated
                } else {
                    run.append(byte &- 65 < 26 ? byte | 0x20 : byte)
                }
            }
            i += 1
        }
        endRun()
        return best.count >= 3 ? best : nil
    }
}
