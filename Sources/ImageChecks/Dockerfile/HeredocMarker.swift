/// A `<<EOF`, `<<-EOF` or `<<"EOF"` marker in an instruction's arguments.
struct HeredocMarker: Equatable {
    var name: String
    var stripsTabs: Bool
    var quoted: Bool

    /// Every heredoc marker outside quotes, in order. `<<<` (a here-string) is not one.
    static func find(in text: String, escape: Character) -> [HeredocMarker] {
        let chars = Array(text)
        var markers: [HeredocMarker] = []
        var i = 0
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == escape && q == "\"" { i += 2; continue }
                if c == q { quote = nil }
                i += 1
                continue
            }
            if c == escape { i += 2; continue }
            if c == "'" || c == "\"" { quote = c; i += 1; continue }
            guard c == "<", i + 1 < chars.count, chars[i + 1] == "<", i == 0 || chars[i - 1] != "<" else { i += 1; continue }
            var j = i + 2
            guard j < chars.count, chars[j] != "<" else { i = j + 1; continue }
            var marker = HeredocMarker(name: "", stripsTabs: false, quoted: false)
            if chars[j] == "-" {
                marker.stripsTabs = true
                j += 1
            }
            var closing: Character?
            if j < chars.count, chars[j] == "'" || chars[j] == "\"" {
                closing = chars[j]
                marker.quoted = true
                j += 1
            }
            var name = ""
            while j < chars.count {
                let d = chars[j]
                if let closing {
                    if d == closing { j += 1; break }
                } else if d.isWhitespace || ";|&<>()'\"".contains(d) {
                    break
                }
                name.append(d)
                j += 1
            }
            if !name.isEmpty && !name.contains(where: \.isWhitespace) {
                marker.name = name
                markers.append(marker)
            }
            i = max(j, i + 2)
        }
        return markers
    }
}
