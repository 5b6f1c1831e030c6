import ImageAccess

extension FileEntry {
    /// The entry as one line of compact JSON with sorted keys — the same document JSONEncoder
    /// writes for it, several times faster (listings reach a million entries).
    var jsonLine: String {
        var out = "{"
        out.reserveCapacity(160 + path.utf8.count)
        func key(_ name: String) { out += out.utf8.count > 1 ? ",\"\(name)\":" : "\"\(name)\":" }
        if let devMajor { key("devMajor"); out += String(devMajor) }
        if let devMinor { key("devMinor"); out += String(devMinor) }
        if let earlierLayers { key("earlierLayers"); out += "[" + earlierLayers.map(String.init).joined(separator: ",") + "]" }
        key("gid"); out += String(gid)
        if let implicit { key("implicit"); out += implicit ? "true" : "false" }
        key("layer"); out += String(layer)
        if let layerDigest { key("layerDigest"); out += "\"\(layerDigest)\"" }
        if let linkTarget { key("linkTarget"); appendJSONString(linkTarget, to: &out) }
        key("mode"); out += String(mode)
        key("mtime"); out += String(mtime)
        key("path"); appendJSONString(path, to: &out)
        if let sha256 { key("sha256"); out += "\"\(sha256)\"" }
        key("size"); out += String(size)
        key("type"); out += "\"\(type.rawValue)\""
        key("uid"); out += String(uid)
        out += "}"
        return out
    }
}

/// Appends a JSON string literal (RFC 8259 escaping; '/' is not escaped).
func appendJSONString(_ value: String, to out: inout String) {
    out += "\""
    var needsEscape = false
    for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5c {
        needsEscape = true
        break
    }
    if !needsEscape {
        out += value
    } else {
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
    }
    out += "\""
}
