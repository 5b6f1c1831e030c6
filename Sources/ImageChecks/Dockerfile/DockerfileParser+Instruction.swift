import Foundation

/// The instruction-level half of the parser: keyword, flags, exec form, ONBUILD, and stages.
extension DockerfileParser {
    /// Builds one instruction from its joined text.
    static func instruction(from text: String, line: Int, endLine: Int, escape: Character, fileName: String,
                            allowTrigger: Bool) throws -> DockerfileInstruction {
        let trimmed = text.trimmingBlanks()
        let word = trimmed.prefix(while: { !$0.isShellBlank })
        let keyword = word.uppercased()
        guard keywords.contains(keyword) else {
            let shown = word.count <= 24 && word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
                ? "unknown instruction \(word)" : "the line does not start with a Dockerfile instruction"
            throw DockerfileParseError(.unknownInstruction, shown, fileName: fileName, line: line)
        }
        var rest = trimmed.dropFirst(word.count).trimmingBlanks()
        var flags: [DockerfileInstruction.Flag] = []
        if flagKeywords.contains(keyword) {
            while rest.hasPrefix("--") {
                let token = rest.prefix(while: { !$0.isShellBlank })
                let body = token.dropFirst(2)
                if let equals = body.firstIndex(of: "=") {
                    flags.append(.init(name: String(body[..<equals]), value: String(body[body.index(after: equals)...])))
                } else {
                    flags.append(.init(name: String(body), value: nil))
                }
                rest = rest.dropFirst(token.count).trimmingBlanks()
            }
        }
        var instruction = DockerfileInstruction(keyword: keyword, line: line, endLine: endLine, flags: flags, arguments: String(rest),
                                                execForm: nil, heredocs: [], comments: [], triggerStorage: [])
        if execFormKeywords.contains(keyword) {
            instruction.execForm = jsonArray(rest)
        }
        try validate(&instruction, escape: escape, fileName: fileName, allowTrigger: allowTrigger)
        return instruction
    }

    /// `["a", "b"]` → the strings; nil when the text is not a JSON array of strings (then it is shell form).
    static func jsonArray(_ text: Substring) -> [String]? {
        guard text.first == "[", text.last == "]" else { return nil }
        return try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    /// Argument checks BuildKit makes while parsing, and the ONBUILD trigger.
    static func validate(_ instruction: inout DockerfileInstruction, escape: Character, fileName: String, allowTrigger: Bool) throws {
        let keyword = instruction.keyword
        let args = instruction.arguments
        func fail(_ message: String) -> DockerfileParseError {
            DockerfileParseError(.invalidInstruction, message, fileName: fileName, line: instruction.line)
        }
        switch keyword {
        case "FROM", "USER", "WORKDIR", "MAINTAINER", "STOPSIGNAL", "ARG", "ENV", "LABEL", "EXPOSE", "VOLUME", "SHELL", "HEALTHCHECK":
            guard !args.isEmpty else { throw fail("\(keyword) requires an argument") }
        case "RUN":
            guard !args.isEmpty || instruction.execForm != nil else { throw fail("RUN requires a command") }
        case "COPY", "ADD":
            if let exec = instruction.execForm {
                guard exec.count >= 2 else { throw fail("\(keyword) requires a source and a destination") }
            } else if HeredocMarker.find(in: args, escape: escape).isEmpty {
                guard DockerfileWords.split(args, escape: escape).count >= 2 else { throw fail("\(keyword) requires a source and a destination") }
            }
        case "ONBUILD":
            guard allowTrigger else { throw fail("ONBUILD cannot be nested in ONBUILD") }
            guard !args.isEmpty else { throw fail("ONBUILD requires an instruction") }
            let trigger = try Self.instruction(from: args, line: instruction.line, endLine: instruction.endLine, escape: escape,
                                          fileName: fileName, allowTrigger: false)
            guard !["ONBUILD", "FROM", "MAINTAINER"].contains(trigger.keyword) else {
                throw fail("\(trigger.keyword) is not allowed as an ONBUILD trigger")
            }
            instruction.triggerStorage = [trigger]
        default:
            break
        }
        if keyword == "SHELL", instruction.execForm == nil {
            throw fail("SHELL requires the arguments as a JSON array")
        }
        if keyword == "FROM" {
            let words = args.split(whereSeparator: \.isShellBlank)
            guard words.count == 1 || (words.count == 3 && words[1].lowercased() == "as") else {
                throw fail("FROM takes an image and an optional AS name")
            }
        }
    }

    /// Groups instructions into global ARGs and stages, and resolves the base images.
    static func assemble(_ instructions: [DockerfileInstruction], directives: [String: String], escape: Character,
                         fileName: String) throws -> Dockerfile {
        var globals: [DockerfileInstruction] = []
        var stages: [DockerfileStage] = []
        for instruction in instructions {
            if instruction.keyword == "FROM" {
                let words = instruction.arguments.split(whereSeparator: \.isShellBlank).map(String.init)
                stages.append(DockerfileStage(index: stages.count, name: words.count == 3 ? words[2].lowercased() : nil,
                                              baseImage: words[0], resolvedBaseImage: nil,
                                              platform: instruction.flag("platform") ?? nil, from: instruction, instructions: []))
            } else if stages.isEmpty {
                guard instruction.keyword == "ARG" else {
                    throw DockerfileParseError(.missingFrom, "\(instruction.keyword) comes before the first FROM (only ARG may)",
                                               fileName: fileName, line: instruction.line)
                }
                globals.append(instruction)
            } else {
                stages[stages.count - 1].instructions.append(instruction)
            }
        }
        guard !stages.isEmpty else {
            throw DockerfileParseError(.missingFrom, "the file has no FROM instruction", fileName: fileName, line: instructions.first?.line)
        }
        var defaults: [String: String?] = [:]
        for arg in globals {
            for (name, value) in DockerfileWords.keyValuePairs(arg.arguments, escape: escape, legacyForm: false) {
                // A default may use the ARGs declared before it (`ARG BASE=swift:$VERSION`).
                defaults[name] = .some(value.flatMap { DockerfileWords.expand($0, variables: defaults, escape: escape) })
            }
        }
        for i in stages.indices {
            stages[i].resolvedBaseImage = DockerfileWords.expand(stages[i].baseImage, variables: defaults, escape: escape)
        }
        return Dockerfile(fileName: fileName, directives: directives, escapeCharacter: String(escape), globalArguments: globals, stages: stages)
    }
}
