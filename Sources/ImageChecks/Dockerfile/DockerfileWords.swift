/// Dockerfile word processing for ENV, ARG, LABEL, COPY and FROM arguments: blank-separated words, quotes
/// removed, the escape character honoured, and `$VAR` / `${VAR:-default}` substitution.
enum DockerfileWords {
    /// Splits into words, removing quotes. Variables are left as written.
    static func split(_ text: String, escape: Character) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        let iterator = Array(text)
        var i = 0
        while i < iterator.count {
            let c = iterator[i]
            if let q = quote {
                if c == q {
                    quote = nil
                } else if c == escape, q == "\"", i + 1 < iterator.count, ["\"", escape, "$"].contains(iterator[i + 1]) {
                    word.append(iterator[i + 1])
                    i += 1
                } else {
                    word.append(c)
                }
            } else if c.isShellBlank || c == "\n" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == escape, i + 1 < iterator.count {
                word.append(iterator[i + 1])
                inWord = true
                i += 1
            } else {
                word.append(c)
                inWord = true
            }
            i += 1
        }
        if inWord { words.append(word) }
        return words
    }

    /// `KEY=value` pairs (value nil for a bare `NAME`, as in `ARG NAME`). With `legacyForm`, `ENV KEY value`
    /// (first word without `=`) gives one pair whose value is the rest of the line.
    static func keyValuePairs(_ text: String, escape: Character, legacyForm: Bool) -> [(key: String, value: String?)] {
        let words = split(text, escape: escape)
        guard let first = words.first else { return [] }
        if legacyForm, !first.contains("=") {
            let trimmed = text.trimmingBlanks()
            let rest = trimmed.drop(while: { !$0.isShellBlank }).trimmingBlanks()
            return [(first, split(String(rest), escape: escape).joined(separator: " "))]
        }
        return words.map { word in
            guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
            return (String(word[..<equals]), String(word[word.index(after: equals)...]))
        }
    }

    /// Substitutes `$NAME`, `${NAME}` and `${NAME:-default}`-style references. Returns nil when a reference
    /// cannot be resolved: the name is unknown or declared without a value (`ARG NAME`), and no default applies.
    static func expand(_ text: String, variables: [String: String?], escape: Character) -> String? {
        let chars = Array(text)
        var out = ""
        var i = 0
        func lookup(_ name: String) -> String? { variables[name] ?? nil }
        while i < chars.count {
            let c = chars[i]
            if c == escape, i + 1 < chars.count, chars[i + 1] == "$" {
                out.append("$")
                i += 2
                continue
            }
            guard c == "$", i + 1 < chars.count else {
                out.append(c)
                i += 1
                continue
            }
            if chars[i + 1] == "{" {
                var j = i + 2
                var depth = 1
                while j < chars.count {
                    if chars[j] == "{" { depth += 1 }
                    if chars[j] == "}" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                guard j < chars.count else { return nil }
                let inner = String(chars[(i + 2)..<j])
                let name = String(inner.prefix(while: { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }))
                let modifier = inner.dropFirst(name.count)
                let value = lookup(name)
                if modifier.isEmpty {
                    guard let value else { return nil }
                    out += value
                } else if modifier.hasPrefix(":-") || modifier.hasPrefix("-") {
                    let word = String(modifier.drop(while: { $0 == ":" }).dropFirst())
                    let useDefault = modifier.hasPrefix(":") ? (value ?? "").isEmpty : value == nil
                    if useDefault {
                        guard let expanded = expand(word, variables: variables, escape: escape) else { return nil }
                        out += expanded
                    } else {
                        out += value ?? ""
                    }
                } else if modifier.hasPrefix(":+") || modifier.hasPrefix("+") {
                    guard variables[name] != nil else { return nil }
                    let word = String(modifier.drop(while: { $0 == ":" }).dropFirst())
                    if let value, !(modifier.hasPrefix(":") && value.isEmpty) {
                        guard let expanded = expand(word, variables: variables, escape: escape) else { return nil }
                        out += expanded
                    }
                } else {
                    return nil
                }
                i = j + 1
                continue
            }
            let name = String(chars[(i + 1)...].prefix(while: { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }))
            guard !name.isEmpty else {
                out.append(c)
                i += 1
                continue
            }
            guard let value = lookup(name) else { return nil }
            out += value
            i += 1 + name.count
        }
        return out
    }

    /// Whether the value is only variable references (`$TOKEN`, `${TOKEN}`), not a literal.
    static func isOnlyVariableReference(_ value: String) -> Bool {
        guard value.hasPrefix("$") else { return false }
        let stripped = value.filter { $0 != "$" }
        return stripped.allSatisfy { $0 == "{" || $0 == "}" || $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
