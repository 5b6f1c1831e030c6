internal import CYaml

/// Reads a YAML (or JSON) stream with libyaml's event API into `YAMLDocument`s.
///
/// Working on events rather than a composed tree lets the reader bound alias expansion before anything is
/// expanded (billion laughs), keep documents whose mappings repeat a key (reported, last value wins) and keep
/// a line for every node.
struct YAMLStreamReader {
    struct Limits: Sendable {
        /// Most nodes a document may have once aliases are expanded.
        var maxExpandedNodes = 1_000_000
    }

    /// A problem that ends a document (or, for syntax errors, the rest of the stream).
    struct Problem: Sendable {
        var line: Int
        var message: String
    }

    var limits = Limits()

    private struct Frame {
        var node: YAMLDocument.NodeID
        var pendingStart: Int
        var anchor: String?
    }

    /// Parses `input`, handing each complete document to `body`. Returns the problems that made the reader
    /// drop a document or stop.
    func read(_ input: UnsafeRawBufferPointer, _ body: (YAMLDocument) -> Void) -> [Problem] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return [Problem(line: 1, message: "cannot initialise the YAML parser")] }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count)

        var problems: [Problem] = []
        var doc = YAMLDocument()
        var sizes: [Int] = []          // expanded size of each node
        var pending: [YAMLDocument.NodeID] = []
        var frames: [Frame] = []
        var anchors: [String: YAMLDocument.NodeID] = [:]
        var poisoned: Problem?
        var aliasCount = 0
        var event = yaml_event_t()

        func attach(_ id: YAMLDocument.NodeID) {
            if frames.isEmpty { doc.root = id } else { pending.append(id) }
        }
        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: $0) }
        }
        func newNode(_ kind: YAMLDocument.Node.Kind, plain: Bool, tag: String?, mark: yaml_mark_t) -> YAMLDocument.NodeID {
            let id = YAMLDocument.NodeID(doc.nodes.count)
            doc.nodes.append(.init(kind: kind, plain: plain, tagged: tag != nil, line: Int32(clamping: mark.line + 1),
                                   column: Int32(clamping: mark.column + 1), start: 0, count: 0))
            sizes.append(1)
            if let tag { doc.tags[id] = tag }
            return id
        }

        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                let mark = parser.problem_mark
                var message = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
                if let context = parser.context.map({ String(cString: $0) }) { message = "\(message) \(context)" }
                problems.append(Problem(line: mark.line + 1, message: "invalid YAML: \(message)"))
                return problems
            }
            defer { yaml_event_delete(&event) }
            let type = event.type
            if type == YAML_STREAM_END_EVENT { break }
            switch type {
            case YAML_DOCUMENT_START_EVENT:
                doc = YAMLDocument()
                doc.startLine = event.start_mark.line + 1
                sizes.removeAll(keepingCapacity: true)
                anchors.removeAll()
                poisoned = nil
                aliasCount = 0
            case YAML_DOCUMENT_END_EVENT:
                if let poisoned {
                    problems.append(poisoned)
                } else if doc.root >= 0 {
                    body(doc)
                }
                doc = YAMLDocument()
            case YAML_SCALAR_EVENT where poisoned == nil:
                let s = event.data.scalar
                let id = newNode(.scalar, plain: s.style == YAML_PLAIN_SCALAR_STYLE && s.plain_implicit == 1,
                                 tag: s.plain_implicit == 1 || s.quoted_implicit == 1 ? nil : string(s.tag), mark: event.start_mark)
                doc.nodes[Int(id)].start = Int32(clamping: doc.bytes.count)
                doc.nodes[Int(id)].count = Int32(clamping: s.length)
                if s.length > 0 { doc.bytes.append(contentsOf: UnsafeBufferPointer(start: s.value, count: s.length)) }
                if let anchor = string(s.anchor) { anchors[anchor] = id }
                attach(id)
            case YAML_SEQUENCE_START_EVENT where poisoned == nil, YAML_MAPPING_START_EVENT where poisoned == nil:
                let isMapping = type == YAML_MAPPING_START_EVENT
                let tag = isMapping ? (event.data.mapping_start.implicit == 1 ? nil : string(event.data.mapping_start.tag))
                                    : (event.data.sequence_start.implicit == 1 ? nil : string(event.data.sequence_start.tag))
                let anchor = isMapping ? string(event.data.mapping_start.anchor) : string(event.data.sequence_start.anchor)
                let id = newNode(isMapping ? .mapping : .sequence, plain: false, tag: tag, mark: event.start_mark)
                attach(id)
                frames.append(Frame(node: id, pendingStart: pending.count, anchor: anchor))
            case YAML_SEQUENCE_END_EVENT where poisoned == nil, YAML_MAPPING_END_EVENT where poisoned == nil:
                guard let frame = frames.popLast() else { break }
                let kids = pending[frame.pendingStart...]
                doc.nodes[Int(frame.node)].start = Int32(clamping: doc.children.count)
                doc.nodes[Int(frame.node)].count = Int32(clamping: kids.count)
                var size = 1
                for kid in kids { size = min(size &+ sizes[Int(kid)], Int.max / 4) }
                sizes[Int(frame.node)] = size
                doc.children.append(contentsOf: kids)
                pending.removeSubrange(frame.pendingStart...)
                if type == YAML_MAPPING_END_EVENT { checkDuplicates(frame.node, in: &doc) }
                // An anchor is usable only once its node is complete: no recursive structures.
                if let anchor = frame.anchor { anchors[anchor] = frame.node }
                if aliasCount > 0, size > limits.maxExpandedNodes {
                    poisoned = Problem(line: Int(doc.nodes[Int(frame.node)].line),
                                       message: "document expands to more than \(limits.maxExpandedNodes) nodes through aliases (alias bomb?)")
                    frames.removeAll()
                    pending.removeAll()
                }
            case YAML_ALIAS_EVENT where poisoned == nil:
                let name = string(event.data.alias.anchor) ?? ""
                guard let target = anchors[name] else {
                    poisoned = Problem(line: event.start_mark.line + 1, message: "undefined alias *\(name)")
                    frames.removeAll()
                    pending.removeAll()
                    break
                }
                aliasCount += 1
                attach(target)
            default:
                break
            }
        }
        return problems
    }

    private func checkDuplicates(_ id: YAMLDocument.NodeID, in doc: inout YAMLDocument) {
        let node = doc[id]
        let pairCount = Int(node.count) / 2
        guard pairCount > 1 else { return }
        let base = Int(node.start)
        if pairCount <= 12 {
            for i in 1..<pairCount {
                let k = doc.children[base + 2 * i]
                guard doc.kind(k) == .scalar else { continue }
                for j in 0..<i {
                    let other = doc.children[base + 2 * j]
                    if doc.kind(other) == .scalar, doc[k].count == doc[other].count, doc.text(k) == doc.text(other), !doc.textEquals(k, "<<") {
                        doc.duplicateKeys.append((doc.line(k), doc.text(k)))
                        break
                    }
                }
            }
        } else {
            var seen = Set<String>()
            for i in 0..<pairCount {
                let k = doc.children[base + 2 * i]
                guard doc.kind(k) == .scalar else { continue }
                let text = doc.text(k)
                if !seen.insert(text).inserted, text != "<<" { doc.duplicateKeys.append((doc.line(k), text)) }
            }
        }
    }
}
