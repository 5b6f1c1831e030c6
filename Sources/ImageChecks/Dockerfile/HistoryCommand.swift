/// A `created_by` history line split into the Dockerfile instruction and, for RUN, the shell script and the
/// build arguments BuildKit and the classic builder record (`|2 A=1 B=2 /bin/sh -c …`).
struct HistoryCommand: Sendable {
    /// The instruction keyword (`RUN`, `ENV`, `ADD`, …), nil when it cannot be told.
    var keyword: String?
    /// The instruction's arguments (for RUN: the shell script).
    var arguments: String
    /// Build arguments recorded before a RUN, `NAME=value`.
    var buildArguments: [(name: String, value: String)]

    init(createdBy: String) {
        var text = Substring(createdBy).trimmingBlanks()
        if text.hasSuffix("# buildkit") { text = text.dropLast("# buildkit".count).trimmingBlanks() }
        keyword = nil
        buildArguments = []
        if text.hasPrefix("/bin/sh -c #(nop)") {
            text = text.dropFirst("/bin/sh -c #(nop)".count).trimmingBlanks()
            let word = text.prefix(while: { !$0.isShellBlank })
            keyword = word.uppercased()
            arguments = String(text.dropFirst(word.count).trimmingBlanks())
            return
        }
        let word = text.prefix(while: { !$0.isShellBlank })
        if word == "RUN" || (word != word.lowercased() && DockerfileParser.keywords.contains(String(word))) {
            keyword = String(word)
            text = text.dropFirst(word.count).trimmingBlanks()
            if word != "RUN" {
                arguments = String(text)
                return
            }
        }
        // A RUN, BuildKit (`RUN |1 A=b /bin/sh -c x`) or classic (`|1 A=b /bin/sh -c x`, `/bin/sh -c x`).
        if text.first == "|" {
            let count = Int(text.dropFirst().prefix(while: { $0.isNumber })) ?? 0
            text = text.dropFirst().drop(while: { $0.isNumber }).trimmingBlanks()
            for _ in 0..<count {
                let pair = text.prefix(while: { !$0.isShellBlank })
                if let equals = pair.firstIndex(of: "=") {
                    buildArguments.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
                }
                text = text.dropFirst(pair.count).trimmingBlanks()
            }
            keyword = "RUN"
        }
        for shell in ["/bin/sh -c ", "/bin/bash -c ", "/bin/ash -c ", "sh -c ", "bash -c "] where text.hasPrefix(shell) {
            text = text.dropFirst(shell.count)
            keyword = "RUN"
            break
        }
        arguments = String(text)
    }

    /// The shell script, for RUN entries.
    var script: ShellScript? { keyword == "RUN" ? ShellScript(arguments) : nil }
}
