/// One Dockerfile instruction as BuildKit reads it: continuation lines joined, comment lines inside the
/// continuation dropped, leading `--flags` split off, JSON (exec) form recognised and heredoc bodies attached.
public struct DockerfileInstruction: Sendable, Hashable, Codable {
    /// A `--name=value` (or bare `--name`) flag before the arguments.
    public struct Flag: Sendable, Hashable, Codable {
        public var name: String
        /// Nil for a bare `--name`.
        public var value: String?
    }

    /// A heredoc (`<<EOF` … `EOF`) attached to a RUN, COPY or ADD.
    public struct Heredoc: Sendable, Hashable, Codable {
        /// The delimiter word (`EOF`).
        public var name: String
        /// The body, each line ending in a newline, the delimiter line excluded.
        public var content: String
        /// `<<-EOF`: leading tabs were stripped from the body and delimiter lines.
        public var stripsLeadingTabs: Bool
        /// False when the delimiter was quoted (`<<'EOF'`), so variables in the body are not expanded.
        public var expands: Bool
        /// The 1-based line of the first body line.
        public var line: Int
    }

    /// The instruction keyword, upper-cased (`RUN`, `COPY`, …).
    public var keyword: String
    /// The 1-based line where the instruction starts.
    public var line: Int
    /// The 1-based last line (of the continuation, or of the last heredoc's delimiter).
    public var endLine: Int
    /// The leading `--flags`.
    public var flags: [Flag]
    /// The arguments after the flags, continuation lines joined (escape character and newline removed), trimmed.
    public var arguments: String
    /// The arguments as a JSON array of strings, for the exec form (`CMD ["a", "b"]`); nil for the shell form.
    public var execForm: [String]?
    /// Heredocs in the order their markers appear.
    public var heredocs: [Heredoc]
    /// The comment lines directly above the instruction (text after `#`, trimmed), for ignore pragmas.
    public var comments: [String]
    /// The instruction an `ONBUILD` registers; empty for every other keyword.
    var triggerStorage: [DockerfileInstruction]

    /// The instruction an `ONBUILD` registers, nil for every other keyword.
    public var trigger: DockerfileInstruction? { triggerStorage.first }

    /// The value of the last `--name` flag: `.some(nil)` for a bare flag, nil when the flag is absent.
    /// - Parameter name: The flag name without dashes, any case.
    public func flag(_ name: String) -> String?? {
        guard let flag = flags.last(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        return .some(flag.value)
    }

    /// The values of every `--name` flag (RUN may carry several `--mount`s).
    /// - Parameter name: The flag name without dashes, any case.
    public func flagValues(_ name: String) -> [String] {
        flags.filter { $0.name.lowercased() == name.lowercased() }.compactMap(\.value)
    }
}
