import Foundation

/// A reader for the indentation-structured lock files of yarn (classic and berry) and pnpm.
///
/// Each non-blank, non-comment line is one node: `key: value`, `key:` opening a nested block, or
/// (yarn classic) `key "value"`. A node's children are the lines below it indented further.
/// Keys and values may be quoted with `"` or `'`. Not general YAML: no block scalars, anchors or
/// flow collections over several lines, which these files do not use; flow values such as
/// `{integrity: sha512-...}` are kept as text. `---` document separators are skipped, so the
/// nodes of every document come back together.
enum LockYAML {
    /// One line and the lines nested under it.
    struct Node {
        /// The key as written (quotes kept): yarn classic lists several quoted patterns in one key.
        var rawKey: String
        /// The key without quotes.
        var key: String
        /// The value without quotes; nil for a block opener.
        var value: String?
        /// 1-based line number.
        var line: Int
        var children: [Node] = []

        /// The first child with `key`.
        func child(_ key: String) -> Node? { children.first { $0.key == key } }
        /// The value of the first child with `key`.
        func value(of key: String) -> String? { child(key)?.value }
    }

    /// Parses `text` into top-level nodes.
    static func parse(_ text: String) -> [Node] {
        var roots: [Node] = []
        var stack: [(indent: Int, node: Node)] = []
        func close(above indent: Int) {
            while let last = stack.last, last.indent >= indent {
                stack.removeLast()
                if stack.isEmpty { roots.append(last.node) } else { stack[stack.count - 1].node.children.append(last.node) }
            }
        }
        for (n, line) in LockFiles.lines(text).enumerated() {
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let content = line.dropFirst(indent)
            guard !content.isEmpty, !content.hasPrefix("#") else { continue }
            if indent == 0, content == "---" || content == "..." {
                close(above: 0)
                continue
            }
            let (rawKey, value) = split(content)
            close(above: indent)
            stack.append((indent: indent, node: Node(rawKey: String(rawKey), key: unquote(rawKey), value: value.map(unquote), line: n + 1)))
        }
        close(above: -1)
        return roots
    }

    /// Splits a line at the first `:` outside quotes that ends the line or precedes a space; a
    /// line without one (yarn classic) splits at the first space after the (maybe quoted) key.
    static func split(_ s: Substring) -> (Substring, Substring?) {
        var quote: Character?
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if let q = quote {
                if c == "\\", q == "\"" { i = s.index(after: i) } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ":" {
                let next = s.index(after: i)
                if next == s.endIndex || s[next] == " " {
                    let rest = s[next...].trimmingCharacters(in: .whitespaces)
                    return (s[..<i], rest.isEmpty ? nil : Substring(rest))
                }
            }
            if i < s.endIndex { i = s.index(after: i) }
        }
        // `key "value"` or `"quoted key" "value"`.
        var end = s.startIndex
        if let q = s.first, q == "\"" || q == "'" {
            end = s.index(after: s.startIndex)
            while end < s.endIndex, s[end] != q {
                if s[end] == "\\", q == "\"", s.index(after: end) < s.endIndex { end = s.index(after: end) }
                end = s.index(after: end)
            }
            if end < s.endIndex { end = s.index(after: end) }
        } else {
            end = s.firstIndex { $0 == " " || $0 == "\t" } ?? s.endIndex
        }
        let rest = s[end...].trimmingCharacters(in: .whitespaces)
        return (s[..<end], rest.isEmpty ? nil : Substring(rest))
    }

    /// Removes one pair of enclosing quotes (`"` with backslash escapes, `'` with `''`), when the
    /// whole text is one quoted string.
    static func unquote(_ s: Substring) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard t.count >= 2, let q = t.first, q == "\"" || q == "'", t.last == q else { return t }
        let inner = t.dropFirst().dropLast()
        var out = ""
        var i = inner.startIndex
        while i < inner.endIndex {
            let c = inner[i]
            if q == "\"", c == "\\" {
                let next = inner.index(after: i)
                guard next < inner.endIndex else { return t }
                switch inner[next] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(inner[next])
                }
                i = inner.index(after: next)
                continue
            }
            if c == q {
                // A doubled single quote is an escaped quote; any other quote ends the string early,
                // so the text is not one quoted string.
                let next = inner.index(after: i)
                guard q == "'", next < inner.endIndex, inner[next] == "'" else { return t }
                out.append("'")
                i = inner.index(after: next)
                continue
            }
            out.append(c)
            i = inner.index(after: i)
        }
        return out
    }
}
