/// A value read from a manifest, with the 1-based line of its field.
struct Located<Value: Sendable>: Sendable {
    var value: Value
    var line: Int
}

extension Located: Equatable where Value: Equatable {}

/// Reads typed fields out of a `YAMLDocument`, recording a problem (with its line) for every field whose value
/// has the wrong type; such a field reads as absent, so the rest of the object is still checked.
struct FieldReader {
    let doc: YAMLDocument
    private(set) var problems: [(line: Int, message: String)] = []

    init(_ doc: YAMLDocument) { self.doc = doc }

    typealias NodeID = YAMLDocument.NodeID

    /// A field of a mapping: the key's line and the value node; null values read as absent.
    func field(_ map: NodeID, _ key: String) -> (line: Int, node: NodeID)? {
        guard let (k, v) = doc.lookup(map, key) else { return nil }
        if doc.kind(v) == .scalar, doc.scalar(v) == .null { return nil }
        return (doc.line(k), v)
    }

    mutating func addProblem(_ line: Int, _ message: String) {
        problems.append((line, message))
    }

    private mutating func wrongType(_ node: NodeID, _ path: String, expected: String) {
        let found: String
        switch doc.kind(node) {
        case .mapping: found = "a mapping"
        case .sequence: found = "a sequence"
        case .scalar: found = doc.scalar(node)?.typeName ?? "a scalar"
        }
        problems.append((doc.line(node), "\(path): expected \(expected), found \(found)"))
    }

    mutating func mapping(_ map: NodeID, _ key: String, _ path: String) -> (line: Int, node: NodeID)? {
        guard let f = field(map, key) else { return nil }
        guard doc.kind(f.node) == .mapping else {
            wrongType(f.node, "\(path).\(key)", expected: "a mapping")
            return nil
        }
        return f
    }

    mutating func sequence(_ map: NodeID, _ key: String, _ path: String) -> (line: Int, items: ArraySlice<NodeID>)? {
        guard let f = field(map, key) else { return nil }
        guard doc.kind(f.node) == .sequence else {
            wrongType(f.node, "\(path).\(key)", expected: "a sequence")
            return nil
        }
        return (f.line, doc.items(f.node))
    }

    /// The mappings of a sequence field; items of another type are problems.
    mutating func mappings(_ map: NodeID, _ key: String, _ path: String) -> [NodeID] {
        guard let seq = sequence(map, key, path) else { return [] }
        var out: [NodeID] = []
        out.reserveCapacity(seq.items.count)
        for (i, item) in seq.items.enumerated() {
            if doc.kind(item) == .mapping { out.append(item) } else { wrongType(item, "\(path).\(key)[\(i)]", expected: "a mapping") }
        }
        return out
    }

    mutating func bool(_ map: NodeID, _ key: String, _ path: String) -> Located<Bool>? {
        guard let f = field(map, key) else { return nil }
        if case .bool(let b)? = doc.scalar(f.node) { return Located(value: b, line: f.line) }
        wrongType(f.node, "\(path).\(key)", expected: "a boolean")
        return nil
    }

    mutating func int(_ map: NodeID, _ key: String, _ path: String) -> Located<Int>? {
        guard let f = field(map, key) else { return nil }
        if case .int(let i)? = doc.scalar(f.node) { return Located(value: i, line: f.line) }
        wrongType(f.node, "\(path).\(key)", expected: "an integer")
        return nil
    }

    /// A string field; plain scalars that resolve to numbers or booleans are accepted as their text.
    mutating func string(_ map: NodeID, _ key: String, _ path: String) -> Located<String>? {
        guard let f = field(map, key) else { return nil }
        guard doc.kind(f.node) == .scalar else {
            wrongType(f.node, "\(path).\(key)", expected: "a string")
            return nil
        }
        return Located(value: doc.text(f.node), line: f.line)
    }

    /// An int-or-string field (ports).
    mutating func intOrString(_ map: NodeID, _ key: String, _ path: String) -> Located<String>? {
        string(map, key, path)
    }

    /// A list of strings; each item keeps its own line.
    mutating func strings(_ map: NodeID, _ key: String, _ path: String) -> [Located<String>] {
        guard let seq = sequence(map, key, path) else { return [] }
        var out: [Located<String>] = []
        for (i, item) in seq.items.enumerated() {
            if doc.kind(item) == .scalar { out.append(Located(value: doc.text(item), line: doc.line(item))) }
            else { wrongType(item, "\(path).\(key)[\(i)]", expected: "a string") }
        }
        return out
    }

    /// A string-to-string map (labels, annotations, selectors).
    mutating func stringMap(_ map: NodeID, _ key: String, _ path: String) -> (line: Int, values: [String: String])? {
        guard let f = mapping(map, key, path) else { return nil }
        var out: [String: String] = [:]
        for (k, v) in doc.pairs(f.node) {
            guard doc.kind(k) == .scalar else { continue }
            if doc.kind(v) == .scalar { out[doc.text(k)] = doc.scalar(v) == .null ? "" : doc.text(v) }
            else { wrongType(v, "\(path).\(key).\(doc.text(k))", expected: "a string") }
        }
        return (f.line, out)
    }
}
