/// What a Dockerfile-scope predicate sees: the file, the configuration and each RUN's parsed shell script.
struct DockerfileCheckInput: Sendable {
    /// One RUN (or ONBUILD RUN) with its script tokenized.
    struct Run: Sendable {
        /// The stage's index.
        var stage: Int
        /// The RUN instruction (for an ONBUILD trigger: the ONBUILD's line, the trigger's content).
        var instruction: DockerfileInstruction
        /// The script as the shell sees it: the shell-form text, the `-c` argument of an exec-form shell, or a
        /// heredoc body that is the script; nil when the stage's SHELL is not a POSIX shell.
        var script: ShellScript?
        /// The script's simple commands (an exec-form RUN that is not a shell is one command); empty when the
        /// stage's SHELL is not POSIX.
        var commands: [ShellScript.Command] { script?.commands ?? [] }
        /// Whether `SHELL` turned on `-o pipefail` for this RUN.
        var shellHasPipefail: Bool
        /// Whether this is an ONBUILD trigger.
        var isTrigger: Bool
    }

    let dockerfile: Dockerfile
    let configuration: ImageConfigChecks.Configuration
    let runs: [Run]
    /// Indices of the final stage and the stages it is built from.
    let finalChain: Set<Int>

    var fileName: String { dockerfile.fileName }
    var escape: Character { Character(dockerfile.escapeCharacter) }

    init(dockerfile: Dockerfile, configuration: ImageConfigChecks.Configuration) {
        self.dockerfile = dockerfile
        self.configuration = configuration
        finalChain = Set(dockerfile.finalStageChain.map(\.index))
        var runs: [Run] = []
        for stage in dockerfile.stages {
            var shell = ["/bin/sh", "-c"]
            for instruction in stage.instructions {
                if instruction.keyword == "SHELL", let exec = instruction.execForm { shell = exec }
                var target = instruction
                var isTrigger = false
                if instruction.keyword == "ONBUILD", let trigger = instruction.trigger {
                    target = trigger
                    target.line = instruction.line
                    isTrigger = true
                }
                guard target.keyword == "RUN" else { continue }
                runs.append(Run(stage: stage.index, instruction: target, script: Self.script(of: target, shell: shell),
                                shellHasPipefail: Self.hasPipefail(shell), isTrigger: isTrigger))
            }
        }
        self.runs = runs
    }

    func location(_ instruction: DockerfileInstruction) -> ImageConfigFinding.Location {
        .dockerfile(dockerfile.fileName, line: instruction.line)
    }

    static let posixShells: Set<String> = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"]

    /// The shell script a RUN runs, if the shell is POSIX.
    static func script(of run: DockerfileInstruction, shell: [String]) -> ShellScript? {
        if let exec = run.execForm {
            guard let first = exec.first else { return nil }
            let base = first.split(separator: "/").last.map(String.init) ?? first
            if posixShells.contains(base), let c = exec.firstIndex(where: { $0.hasPrefix("-") && $0.contains("c") }), c + 1 < exec.count {
                return ShellScript(exec[c + 1])
            }
            var command = ShellScript.Command()
            command.words = exec
            return ShellScript(commands: [command])
        }
        guard let shellName = shell.first.flatMap({ $0.split(separator: "/").last.map(String.init) }),
              posixShells.contains(shellName) else { return nil }
        // `RUN <<EOF` (or `RUN bash <<EOF`, `RUN set -e; bash -ex <<EOF`): the heredoc body is the script.
        if let heredoc = run.heredocs.first {
            let line = ShellScript(run.arguments)
            let words = line.commands.flatMap(\.words)
            let redirectsIntoShell = line.commands.count == 1
                && (line.commands[0].words.isEmpty || posixShells.contains(line.commands[0].baseName ?? ""))
                && line.commands[0].redirects.contains { $0.op.hasPrefix("<<") && $0.target == heredoc.name }
            if words.isEmpty || redirectsIntoShell {
                return ShellScript(heredoc.content)
            }
        }
        return ShellScript(run.arguments)
    }

    /// `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, or a non-POSIX shell where the rule does not apply.
    static func hasPipefail(_ shell: [String]) -> Bool {
        let base = shell.first.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? ""
        if !posixShells.contains(base) { return true }
        for (i, word) in shell.enumerated() where word.hasPrefix("-") && !word.hasPrefix("--") && word.contains("o") {
            if i + 1 < shell.count, shell[i + 1] == "pipefail" { return true }
        }
        return false
    }
}
