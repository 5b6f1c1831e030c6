/// A small POSIX-shell tokenizer for RUN commands and `created_by` history lines: enough to find the simple
/// commands, how they are joined (`&&`, `||`, `;`, `|`, newline) and their redirections.
///
/// It handles single and double quotes, backslash escapes and line continuations, `$(…)`, `${…}` and
/// backticks (kept inside the word), comments, fd redirections (`2>&1`, `>file`, `&>`), and here-documents
/// (their bodies are skipped, not run). It does not expand anything. One linear pass, no regular expressions.
struct ShellScript: Sendable {
    /// How a command is joined to the next.
    enum Separator: String, Sendable {
        case and = "&&", or = "||", semicolon = ";", pipe = "|", background = "&", newline = "\n", subshell = "(", end = ""
    }

    /// One redirection: `>`, `>>`, `<`, `2>&1`, `&>`, `<<` …
    struct Redirect: Sendable, Hashable {
        var op: String
        var target: String?
    }

    /// One simple command.
    struct Command: Sendable {
        /// Leading `NAME=value` words.
        var assignments: [String] = []
        /// The command name and its arguments, quotes removed.
        var words: [String] = []
        var redirects: [Redirect] = []
        /// What follows the command.
        var separator: Separator = .end

        /// The command name (first word), nil for a bare assignment.
        var name: String? { words.first }
        /// The command name without its directory (`/usr/bin/curl` → `curl`).
        var baseName: String? {
            guard let name else { return nil }
            return name.split(separator: "/").last.map(String.init) ?? name
        }
        var arguments: ArraySlice<String> { words.dropFirst() }
    }

    /// The commands in order.
    var commands: [Command]

    /// Tokenizes a script.
    init(_ text: String) {
        var lexer = ShellLexer(Array(text.utf8))
        commands = Self.build(lexer.tokens())
    }

    /// A script made of given commands (an exec-form RUN).
    init(commands: [Command]) {
        self.commands = commands
    }

    /// Commands grouped into pipelines (`a | b | c` is one group).
    var pipelines: [[Command]] {
        var groups: [[Command]] = []
        var current: [Command] = []
        for command in commands {
            current.append(command)
            if command.separator != .pipe {
                groups.append(current)
                current = []
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }

    /// Whether any command is joined to the next by a pipe.
    var hasPipe: Bool { commands.contains { $0.separator == .pipe } }

    static let leadingKeywords: Set<String> = ["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"]
    static let closingKeywords: Set<String> = ["fi", "done", "esac", "}", "then", "do", "else"]

    static func build(_ tokens: [ShellLexer.Token]) -> [Command] {
        var commands: [Command] = []
        var current = Command()
        func finish(_ separator: Separator) {
            var command = current
            current = Command()
            while let first = command.words.first, leadingKeywords.contains(first) { command.words.removeFirst() }
            if command.words.count == 1, closingKeywords.contains(command.words[0]) { command.words = [] }
            var assignments: [String] = []
            while let first = command.words.first, isAssignment(first) {
                assignments.append(first)
                command.words.removeFirst()
            }
            command.assignments = assignments
            command.separator = separator
            if !command.words.isEmpty || !command.assignments.isEmpty || !command.redirects.isEmpty {
                commands.append(command)
            } else if separator == .pipe, !commands.isEmpty {
                // `a |\n b` and `{ a; } | b`: keep the pipe on the previous command.
                commands[commands.count - 1].separator = .pipe
            }
        }
        for token in tokens {
            switch token {
            case .word(let word): current.words.append(word)
            case .redirect(let op, let target): current.redirects.append(Redirect(op: op, target: target))
            case .op(let op):
                switch op {
                case "&&": finish(.and)
                case "||": finish(.or)
                case "|", "|&": finish(.pipe)
                case "&": finish(.background)
                case "\n": finish(.newline)
                case "(", ")": finish(.subshell)
                default: finish(.semicolon)
                }
            }
        }
        finish(.end)
        return commands
    }

    /// `NAME=value` with a valid shell name.
    static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        let name = word[..<equals]
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
