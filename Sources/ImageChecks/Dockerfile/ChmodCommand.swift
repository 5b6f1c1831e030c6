/// What a `chmod` grants.
struct ChmodCommand: Sendable {
    var mode: String
    var paths: [String]

    init(mode: String, paths: [String]) {
        self.mode = mode
        self.paths = paths
    }

    /// The `--chmod=MODE` of a COPY or ADD, applied to its destination.
    init?(copy instruction: DockerfileInstruction, destination: String) {
        guard ["COPY", "ADD"].contains(instruction.keyword), let mode = instruction.flag("chmod") ?? nil else { return nil }
        self.init(mode: mode, paths: [destination])
    }

    init?(_ command: ShellScript.Command) {
        guard command.baseName == "chmod" else { return nil }
        let operands = command.operands(skippingValuesOf: [])
        // `chmod --reference=FILE paths`: no mode operand.
        guard operands.count >= 2 else { return nil }
        mode = operands[0]
        paths = Array(operands.dropFirst())
    }

    /// Setuid or setgid: `4755`, `2755`, `u+s`, `g+s`, `+s`.
    var grantsSetID: Bool {
        if let octal = UInt32(mode, radix: 8), mode.allSatisfy(\.isNumber) { return octal & 0o6000 != 0 }
        return clauses.contains { ($0.op == "+" || $0.op == "=") && $0.perms.contains("s") }
    }

    /// Write for others without the sticky bit: `777`, `666`, `o+w`, `a+w`; `1777` is the sticky /tmp pattern.
    var grantsWorldWrite: Bool {
        if let octal = UInt32(mode, radix: 8), mode.allSatisfy(\.isNumber) { return octal & 0o002 != 0 && octal & 0o1000 == 0 }
        let sticky = clauses.contains { ($0.op == "+" || $0.op == "=") && $0.perms.contains("t") }
        return !sticky && clauses.contains { ($0.who.contains("o") || $0.who.contains("a")) && ($0.op == "+" || $0.op == "=") && $0.perms.contains("w") }
    }

    /// `u+s,go-w` → [(u, +, s), (go, -, w)].
    var clauses: [(who: String, op: Character, perms: String)] {
        mode.split(separator: ",").compactMap { clause in
            guard let opIndex = clause.firstIndex(where: { "+-=".contains($0) }) else { return nil }
            return (String(clause[..<opIndex]), clause[opIndex], String(clause[opIndex...].dropFirst()))
        }
    }
}
