/// Reading particular commands out of a tokenized script: wrappers, package managers, chmod, rm, downloads.
extension ShellScript.Command {
    /// The command with `sudo`, `env`, `nohup`, `exec`, `command`, `nice`, `time` and `xargs` prefixes (and
    /// their options) removed, so `sudo -E apt-get install x` reads as `apt-get install x`.
    var unwrapped: ShellScript.Command {
        var words = ArraySlice(self.words)
        var changed = true
        while changed, let first = words.first {
            changed = false
            let base = first.split(separator: "/").last.map(String.init) ?? first
            switch base {
            case "sudo", "doas":
                words = words.dropFirst()
                while let w = words.first, w.hasPrefix("-") {
                    words = words.dropFirst()
                    if ["-u", "-g", "-C", "-h", "-p", "-r", "-t", "-U", "--user", "--group"].contains(w) { words = words.dropFirst() }
                }
                changed = true
            case "env":
                words = words.dropFirst()
                while let w = words.first, w.hasPrefix("-") || ShellScript.isAssignment(w) { words = words.dropFirst() }
                changed = true
            case "nohup", "exec", "command", "time", "stdbuf", "xargs":
                words = words.dropFirst()
                while let w = words.first, w.hasPrefix("-") { words = words.dropFirst() }
                changed = true
            case "nice", "ionice":
                words = words.dropFirst()
                while let w = words.first, w.hasPrefix("-") {
                    words = words.dropFirst()
                    if w == "-n" || w == "-c" { words = words.dropFirst() }
                }
                changed = true
            default:
                break
            }
        }
        var command = self
        command.words = Array(words)
        return command
    }

    /// Words after the name that do not start with `-`, skipping the values of `valueOptions`.
    func operands(skippingValuesOf valueOptions: Set<String>) -> [String] {
        var out: [String] = []
        var skipNext = false
        for word in arguments {
            if skipNext { skipNext = false; continue }
            if word.hasPrefix("-") && word != "-" {
                if valueOptions.contains(word) { skipNext = true }
                continue
            }
            out.append(word)
        }
        return out
    }

    func has(_ option: String) -> Bool { arguments.contains(option) }
}

extension ShellScript {
    static let downloaders: Set<String> = ["curl", "wget"]
    static let interpreters: Set<String> = ["sh", "bash", "dash", "ash", "zsh", "ksh", "python", "python2", "python3", "perl", "ruby", "node"]

    /// Pipelines that download and execute: `curl … | sh`, `wget -O- … | sudo bash`, and `sh -c "$(curl …)"`.
    /// Returns a short description of each, such as `curl | bash`.
    var downloadAndExecute: [String] {
        var found: [String] = []
        for pipeline in pipelines {
            let bases = pipeline.map { $0.unwrapped.baseName ?? "" }
            if let d = bases.firstIndex(where: { Self.downloaders.contains($0) }),
               let x = bases[(d + 1)...].first(where: { Self.interpreters.contains($0) || Self.interpreters.contains(String($0.prefix(while: { !$0.isNumber && $0 != "." }))) }) {
                found.append("\(bases[d]) | \(x)")
            }
        }
        // `bash <(curl …)`: the lexer reads `<` then a subshell holding the download.
        for (i, command) in commands.enumerated() where i + 1 < commands.count && command.separator == .subshell {
            let c = command.unwrapped
            guard let base = c.baseName, Self.interpreters.contains(base) || base == "source" || base == ".",
                  c.redirects.contains(where: { $0.op == "<" && $0.target == nil }),
                  let next = commands[i + 1].unwrapped.baseName, Self.downloaders.contains(next) else { continue }
            found.append("\(base) <(\(next) …)")
        }
        for command in commands {
            let c = command.unwrapped
            guard let base = c.baseName, Self.interpreters.contains(base) || base == "source" || base == "." || base == "eval" else { continue }
            if let arg = c.arguments.first(where: { word in Self.downloaders.contains { word.contains("$(\($0) ") || word.contains("`\($0) ") } }) {
                let tool = Self.downloaders.first { arg.contains($0) } ?? "curl"
                found.append("\(base) $(\(tool) …)")
            }
        }
        return found
    }

    /// Targets of `rm` commands, with options dropped.
    var removedPaths: [String] {
        commands.map(\.unwrapped).filter { $0.baseName == "rm" }.flatMap { $0.operands(skippingValuesOf: []) }
    }
}
