/// The line-level half of the parser: directives, continuations, comments and heredoc bodies.
extension DockerfileParser {
    struct Reader {
        let lines: [String]
        let fileName: String
        let limits: Limits
        /// The next line to read (0-based).
        var cursor = 0

        init(lines: [String], fileName: String, limits: Limits) {
            self.lines = lines
            self.fileName = fileName
            self.limits = limits
        }

        /// Parser directives: `# name=value` lines at the very top. The first line that is not one (blank,
        /// another comment, an instruction) ends them, as in BuildKit.
        mutating func directives() throws -> (values: [String: String], escape: Character) {
            var values: [String: String] = [:]
            var escape: Character = "\\"
            while cursor < lines.count, let (name, value) = Self.directive(lines[cursor]) {
                guard ["syntax", "escape", "check"].contains(name) else { break }
                guard values[name] == nil else {
                    throw DockerfileParseError(.invalidDirective, "the \(name) parser directive is given twice", fileName: fileName, line: cursor + 1)
                }
                if name == "escape" {
                    guard value == "\\" || value == "`" else {
                        throw DockerfileParseError(.invalidDirective, "the escape directive must be \\ or `", fileName: fileName, line: cursor + 1)
                    }
                    escape = Character(value)
                }
                values[name] = value
                cursor += 1
            }
            return (values, escape)
        }

        /// `#  name = value` → (lower-cased name, value); nil for anything else.
        static func directive(_ line: String) -> (String, String)? {
            var rest = Substring(line)
            guard rest.first == "#" else { return nil }
            rest = rest.dropFirst().drop(while: \.isShellBlank)
            let name = rest.prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber) })
            guard let first = name.first, first.isLetter else { return nil }
            rest = rest.dropFirst(name.count).drop(while: \.isShellBlank)
            guard rest.first == "=" else { return nil }
            let value = rest.dropFirst().trimmingBlanks()
            guard !value.isEmpty else { return nil }
            return (name.lowercased(), String(value))
        }

        /// The next instruction, or nil at the end of the file.
        mutating func nextInstruction(escape: Character) throws -> DockerfileInstruction? {
            var comments: [String] = []
            while cursor < lines.count {
                let trimmed = lines[cursor].drop(while: \.isShellBlank)
                if trimmed.isEmpty {
                    comments = []
                    cursor += 1
                    continue
                }
                if trimmed.first == "#" {
                    comments.append(String(trimmed.dropFirst().trimmingBlanks()))
                    cursor += 1
                    continue
                }
                let start = cursor
                var last = cursor
                var text = ""
                var current = trimmed
                while true {
                    let (content, continues) = Self.splitContinuation(current, escape: escape)
                    text += content
                    guard text.utf8.count <= limits.maximumInstructionBytes else {
                        throw DockerfileParseError(.tooLarge, "the instruction is longer than \(limits.maximumInstructionBytes) bytes",
                                                   fileName: fileName, line: start + 1)
                    }
                    guard continues else { break }
                    var next = last + 1
                    // BuildKit drops comment lines and blank lines inside a continuation.
                    while next < lines.count {
                        let t = lines[next].drop(while: \.isShellBlank)
                        guard t.isEmpty || t.first == "#" else { break }
                        next += 1
                    }
                    guard next < lines.count else { break }
                    last = next
                    current = Substring(lines[next])
                }
                cursor = last + 1
                var instruction = try DockerfileParser.instruction(from: text, line: start + 1, endLine: last + 1, escape: escape,
                                                                 fileName: fileName, allowTrigger: true)
                instruction.comments = comments
                if DockerfileParser.heredocKeywords.contains(instruction.keyword), instruction.execForm == nil {
                    let markers = HeredocMarker.find(in: instruction.arguments, escape: escape)
                    guard markers.count <= limits.maximumHeredocs else {
                        throw DockerfileParseError(.tooLarge, "\(instruction.keyword) has more than \(limits.maximumHeredocs) heredocs",
                                                   fileName: fileName, line: start + 1)
                    }
                    for marker in markers {
                        instruction.heredocs.append(try heredocBody(marker, instruction: instruction))
                    }
                    if !markers.isEmpty { instruction.endLine = cursor }
                }
                return instruction
            }
            return nil
        }

        /// Reads a heredoc body from the cursor up to its delimiter line.
        mutating func heredocBody(_ marker: HeredocMarker, instruction: DockerfileInstruction) throws -> DockerfileInstruction.Heredoc {
            let first = cursor + 1
            var body = ""
            while cursor < lines.count {
                var line = Substring(lines[cursor])
                cursor += 1
                if marker.stripsTabs { line = line.drop(while: { $0 == "\t" }) }
                if line == marker.name {
                    return DockerfileInstruction.Heredoc(name: marker.name, content: body, stripsLeadingTabs: marker.stripsTabs,
                                                         expands: !marker.quoted, line: first)
                }
                body += line
                body += "\n"
                guard body.utf8.count <= limits.maximumInstructionBytes else {
                    throw DockerfileParseError(.tooLarge, "the heredoc is longer than \(limits.maximumInstructionBytes) bytes",
                                               fileName: fileName, line: instruction.line)
                }
            }
            throw DockerfileParseError(.unterminatedHeredoc,
                                       "\(instruction.keyword) opens heredoc <<\(marker.name.prefix(32)) but no line closes it",
                                       fileName: fileName, line: instruction.line)
        }

        /// Removes a trailing escape character (followed only by blanks): BuildKit's line continuation.
        static func splitContinuation(_ line: Substring, escape: Character) -> (Substring, Bool) {
            var end = line.endIndex
            while end > line.startIndex, line[line.index(before: end)].isShellBlank { end = line.index(before: end) }
            guard end > line.startIndex, line[line.index(before: end)] == escape else { return (line, false) }
            return (line[..<line.index(before: end)], true)
        }
    }
}
