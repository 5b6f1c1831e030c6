/// Turns path globs into anchored regexes.
enum PathGlob {
    /// `**` matches across `/`, `*` and `?` within one segment; `**/` also
    /// matches zero segments. Everything else is literal.
    static func regex(for glob: String) -> String {
        var out = "^"
        let chars = Array(glob)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "*" {
                if i + 1 < chars.count, chars[i + 1] == "*" {
                    if i + 2 < chars.count, chars[i + 2] == "/" {
                        out += "(?:.*/)?"
                        i += 3
                    } else {
                        out += ".*"
                        i += 2
                    }
                    continue
                }
                out += "[^/]*"
            } else if c == "?" {
                out += "[^/]"
            } else if "\\^$.|+()[]{}".contains(c) {
                out += "\\\(c)"
            } else {
                out.append(c)
            }
            i += 1
        }
        return out + "$"
    }
}
