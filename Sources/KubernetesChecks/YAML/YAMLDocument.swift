/// One YAML document as a compact arena: nodes refer to their children by index, scalar text lives in
/// one byte buffer, and an alias is a second reference to the anchored node (the tree is a DAG, so alias
/// expansion never copies anything).
struct YAMLDocument: Sendable {
    typealias NodeID = Int32

    struct Node: Sendable {
        enum Kind: UInt8, Sendable { case scalar, sequence, mapping }
        var kind: Kind
        /// Scalars: the scalar was written plain (unquoted, not a block scalar), so it may be a bool, number or null.
        var plain: Bool
        /// The node carries an explicit tag (see `tags`).
        var tagged: Bool
        /// 1-based line and column of the node's first character.
        var line: Int32
        var column: Int32
        /// Scalars: offset into `bytes`; collections: offset into `children`.
        var start: Int32
        /// Scalars: byte length; sequences: item count; mappings: 2 × pair count (key, value, key, value, …).
        var count: Int32
    }

    /// A typed reading of a scalar, with YAML 1.1 core resolution for plain scalars (as Kubernetes' yaml.v2 does).
    enum Scalar: Equatable, Sendable {
        case null
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)

        var typeName: String {
            switch self {
            case .null: "null"
            case .bool: "a boolean"
            case .int: "an integer"
            case .float: "a number"
            case .string: "a string"
            }
        }
    }

    var nodes: [Node] = []
    var children: [NodeID] = []
    var bytes: [UInt8] = []
    var tags: [NodeID: String] = [:]
    var root: NodeID = -1
    /// 1-based line where the document starts (its `---` or first node).
    var startLine: Int = 1
    /// Duplicate keys found while composing: (line of the repeated key, key text).
    var duplicateKeys: [(line: Int, key: String)] = []

    subscript(_ id: NodeID) -> Node { nodes[Int(id)] }

    func line(_ id: NodeID) -> Int { Int(nodes[Int(id)].line) }

    func kind(_ id: NodeID) -> Node.Kind { nodes[Int(id)].kind }

    /// The raw text of a scalar node ("" for collections).
    func text(_ id: NodeID) -> String {
        let node = nodes[Int(id)]
        guard node.kind == .scalar, node.count > 0 else { return "" }
        return bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.start) + Int(node.count)]), as: UTF8.self)
        }
    }

    /// Whether a scalar node's text equals `key`, without making a String.
    func textEquals(_ id: NodeID, _ key: String) -> Bool {
        let node = nodes[Int(id)]
        guard node.kind == .scalar else { return false }
        var key = key
        return key.withUTF8 { k in
            guard k.count == Int(node.count) else { return false }
            return bytes.withUnsafeBufferPointer { b in
                var i = 0
                let base = Int(node.start)
                while i < k.count {
                    if b[base + i] != k[i] { return false }
                    i += 1
                }
                return true
            }
        }
    }

    /// Sequence items (empty for other kinds).
    func items(_ id: NodeID) -> ArraySlice<NodeID> {
        let node = nodes[Int(id)]
        guard node.kind == .sequence else { return [] }
        return children[Int(node.start)..<Int(node.start) + Int(node.count)]
    }

    /// Mapping pairs in document order, merge keys (`<<`) expanded in place (later keys win on lookup).
    func pairs(_ id: NodeID) -> [(key: NodeID, value: NodeID)] {
        var out: [(key: NodeID, value: NodeID)] = []
        appendPairs(id, to: &out, depth: 0)
        return out
    }

    private func appendPairs(_ id: NodeID, to out: inout [(key: NodeID, value: NodeID)], depth: Int) {
        let node = nodes[Int(id)]
        guard node.kind == .mapping, depth < 8 else { return }
        var i = Int(node.start)
        let end = i + Int(node.count)
        while i < end {
            let k = children[i], v = children[i + 1]
            if textEquals(k, "<<") && nodes[Int(k)].plain {
                if kind(v) == .mapping { appendPairs(v, to: &out, depth: depth + 1) }
                for item in items(v) where kind(item) == .mapping { appendPairs(item, to: &out, depth: depth + 1) }
            } else {
                out.append((k, v))
            }
            i += 2
        }
    }

    /// The value of `key` in a mapping (the last occurrence wins, as in JSON), with the key node for its line.
    func lookup(_ id: NodeID, _ key: String) -> (key: NodeID, value: NodeID)? {
        let node = nodes[Int(id)]
        guard node.kind == .mapping else { return nil }
        var i = Int(node.start) + Int(node.count) - 2
        var hasMerge = false
        while i >= Int(node.start) {
            let k = children[i]
            if textEquals(k, key) { return (k, children[i + 1]) }
            if textEquals(k, "<<") { hasMerge = true }
            i -= 2
        }
        if hasMerge {
            return pairs(id).last { textEquals($0.key, key) }
        }
        return nil
    }

    /// The typed value of a scalar node (nil for collections).
    func scalar(_ id: NodeID) -> Scalar? {
        let node = nodes[Int(id)]
        guard node.kind == .scalar else { return nil }
        let raw = text(id)
        if node.tagged, let tag = tags[id] {
            switch tag {
            case "tag:yaml.org,2002:str": return .string(raw)
            case "tag:yaml.org,2002:null": return .null
            case "tag:yaml.org,2002:bool": return Self.resolveBool(raw).map(Scalar.bool) ?? .string(raw)
            case "tag:yaml.org,2002:int": return Self.resolveInt(raw).map(Scalar.int) ?? .string(raw)
            case "tag:yaml.org,2002:float": return Double(raw).map(Scalar.float) ?? .string(raw)
            default: break
            }
        }
        guard node.plain else { return .string(raw) }
        return Self.resolvePlain(raw)
    }

    static func resolvePlain(_ raw: String) -> Scalar {
        guard let first = raw.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if raw == "~" || raw == "null" || raw == "Null" || raw == "NULL" { return .null }
        default: break
        }
        if let b = resolveBool(raw) { return .bool(b) }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") || (first >= 48 && first <= 57) {
            if let i = resolveInt(raw) { return .int(i) }
            if raw.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(raw), !raw.hasSuffix(".") || raw.count > 1 {
                return .float(d)
            }
        }
        return .string(raw)
    }

    static func resolveBool(_ raw: String) -> Bool? {
        switch raw {
        // The YAML 1.1 set that gopkg.in/yaml.v2 (kubectl, the API machinery) resolves, y / n included.
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": true
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": false
        default: nil
        }
    }

    static func resolveInt(_ raw: String) -> Int? {
        // yaml.v2 drops `_` digit separators before parsing ("1_000" is 1000).
        let cleaned = raw.contains("_") ? String(raw.filter { $0 != "_" }) : raw
        var s = Substring(cleaned)
        var negative = false
        if s.first == "-" || s.first == "+" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        guard !s.isEmpty else { return nil }
        let value: Int?
        if s.hasPrefix("0x") { value = Int(s.dropFirst(2), radix: 16) }
        else if s.hasPrefix("0b") { value = Int(s.dropFirst(2), radix: 2) }
        else if s.hasPrefix("0o") { value = Int(s.dropFirst(2), radix: 8) }
        else if s.count > 1, s.hasPrefix("0"), s.allSatisfy({ $0 >= "0" && $0 <= "7" }) { value = Int(s.dropFirst(), radix: 8) }
        else { value = Int(s, radix: 10) }
        return value.map { negative ? -$0 : $0 }
    }
}
