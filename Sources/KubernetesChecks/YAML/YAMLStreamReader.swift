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
        /// Most nodes a document may hold (before alias expansion).
        var maxNodes = 1_000_000
        /// Most documents read from one stream; the rest of the stream is an error.
        var maxDocuments = 10_000
        /// Most duplicate keys recorded per document.
        var maxDuplicateKeys = 100
    }

    /// A problem that ends a document (or, for syntax errors, the rest of its `---` section).
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
    ///
    /// The stream is first split on `---` lines (as Kubernetes' YAMLReader does) and each section is parsed on
    /// its own, so a syntax error in one document does not hide the documents after it.
    func read(_ input: UnsafeRawBufferPointer, _ body: (YAMLDocument) -> Void) -> [Problem] {
        var problems: [Problem] = []
        var documents = 0
        for section in Self.sections(input) {
            let stop = readSection(UnsafeRawBufferPointer(rebasing: input[section.range]), lineOffset: section.lineOffset,
                                   documents: &documents, problems: &problems, body)
            if stop { break }
        }
        return problems
    }

    /// Byte ranges of the `---`-separated sections of a stream, with the number of lines before each. A `---`
    /// line (optionally followed by spaces or a comment) starts a new section once the current one holds more
    /// than comments, blank lines and directives.
    static func sections(_ input: UnsafeRawBufferPointer) -> [(range: Range<Int>, lineOffset: Int)] {
        var out: [(range: Range<Int>, lineOffset: Int)] = []
        var start = 0, startLine = 0, line = 0, i = 0
        var hasContent = false
        let n = input.count
        while i < n {
            var end = i
            while end < n && input[end] != 0x0A { end += 1 }
            // The line is input[i..<end].
            var isSeparator = false
            if end - i >= 3, input[i] == 0x2D, input[i + 1] == 0x2D, input[i + 2] == 0x2D {
                var j = i + 3
                while j < end && (input[j] == 0x20 || input[j] == 0x09 || input[j] == 0x0D) { j += 1 }
                isSeparator = j == end || (input[j] == 0x23 && j > i + 3)
            }
            if isSeparator {
                if hasContent && i > start {
                    out.append((start..<i, startLine))
                    start = i
                    startLine = line
                }
                hasContent = true
            } else if !hasContent {
                var j = i
                while j < end && (input[j] == 0x20 || input[j] == 0x09 || input[j] == 0x0D) { j += 1 }
                if j < end && input[j] != 0x23 && !(j == i && input[j] == 0x25) { hasContent = true }
            }
            line += 1
            i = end + 1
        }
        if start < n || out.isEmpty { out.append((start..<n, startLine)) }
        return out
    }

    /// Parses one section; returns true when the stream must not be read further (document limit).
    private func readSection(_ input: UnsafeRawBufferPointer, lineOffset: Int, documents: inout Int, problems: inout [Problem],
                             _ body: (YAMLDocument) -> Void) -> Bool {
        // libyaml asserts on a nil input pointer; an empty section holds no document.
        guard let base = input.baseAddress, input.count > 0 else { return false }
        // The parser keeps pointers into itself: give it a stable address, released on every path.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        defer {
            parser.deinitialize(count: 1)
            parser.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else {
            problems.append(Problem(line: lineOffset + 1, message: "cannot initialise the YAML parser"))
            return false
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, base.assumingMemoryBound(to: UInt8.self), input.count)

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
            doc.nodes.append(.init(kind: kind, plain: plain, tagged: tag != nil, line: Int32(clamping: lineOffset + mark.line + 1),
                                   column: Int32(clamping: mark.column + 1), start: 0, count: 0))
            if doc.nodes.count > limits.maxNodes && poisoned == nil {
                poisoned = Problem(line: lineOffset + mark.line + 1, message: "document has more than \(limits.maxNodes) nodes")
                frames.removeAll()
                pending.removeAll()
            }
            sizes.append(1)
            if let tag { doc.tags[id] = tag }
            return id
        }

        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                let line: Int
                if parser.pointee.error == YAML_READER_ERROR {
                    // Reader errors (bad UTF-8, control characters) carry a byte offset, not a mark.
                    let offset = min(Int(parser.pointee.problem_offset), input.count)
                    line = lineOffset + 1 + input[..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                } else {
                    line = lineOffset + parser.pointee.problem_mark.line + 1
                }
                var message = parser.pointee.problem.map { String(cString: $0) } ?? "invalid YAML"
                if let context = parser.pointee.context.map({ String(cString: $0) }) { message = "\(message) \(context)" }
                problems.append(Problem(line: line, message: "invalid YAML: \(message)"))
                return false
            }
            defer { yaml_event_delete(&event) }
            let type = event.type
            if type == YAML_STREAM_END_EVENT { break }
            switch type {
            case YAML_DOCUMENT_START_EVENT:
                if documents >= limits.maxDocuments {
                    problems.append(Problem(line: lineOffset + event.start_mark.line + 1,
                                            message: "more than \(limits.maxDocuments) documents in the stream; the rest is not read"))
                    return true
                }
                documents += 1
                doc = YAMLDocument()
                frames.removeAll()
                pending.removeAll()
                doc.startLine = lineOffset + event.start_mark.line + 1
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
                doc.nodes[Int(id)].count = Int32(clamping: s.length)   // bytes stay below maxFileBytes (at most 1 GiB)
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
                    poisoned = Problem(line: lineOffset + event.start_mark.line + 1, message: "undefined alias *\(Self.clip(name))")
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
        return false
    }

    /// A key or name shortened for messages.
    static func clip(_ s: String, to limit: Int = 80) -> String {
        s.count <= limit ? s : String(s.prefix(limit)) + "…"
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
                        if doc.duplicateKeys.count < limits.maxDuplicateKeys { doc.duplicateKeys.append((doc.line(k), doc.text(k))) }
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
                if !seen.insert(text).inserted, text != "<<", doc.duplicateKeys.count < limits.maxDuplicateKeys { doc.duplicateKeys.append((doc.line(k), text)) }
            }
        }
    }
}
