public import Foundation

/// Reads Dockerfiles with BuildKit's syntax: parser directives (`# syntax=`, `# escape=`), line continuations
/// with the escape character, comment and blank lines inside continuations, heredocs on RUN/COPY/ADD, JSON
/// (exec) and shell forms, leading `--flags`, case-insensitive keywords, `ONBUILD`, `ARG` before `FROM` and
/// multi-stage builds.
///
/// Input is checked before it is trusted: a file over ``Limits/maximumBytes``, with NUL bytes or invalid
/// UTF-8, an unknown instruction, an unterminated heredoc or no `FROM` gives a ``DockerfileParseError`` that
/// names the file and line. Parsing is linear in the input; nothing recurses on input depth except `ONBUILD`,
/// which BuildKit allows only one level deep.
public struct DockerfileParser: Sendable {
    /// Bounds on what the parser accepts.
    public struct Limits: Sendable, Hashable {
        /// The largest file, in bytes (default 4 MiB; real Dockerfiles are a few KiB).
        public var maximumBytes: Int
        /// The most lines (default 200 000).
        public var maximumLines: Int
        /// The longest instruction after joining continuation lines, in bytes (default 1 MiB).
        public var maximumInstructionBytes: Int
        /// The most heredocs on one instruction (default 32).
        public var maximumHeredocs: Int

        /// Creates limits; every value has a documented default.
        /// - Parameters:
        ///   - maximumBytes: The largest file, in bytes.
        ///   - maximumLines: The most lines.
        ///   - maximumInstructionBytes: The longest joined instruction, in bytes.
        ///   - maximumHeredocs: The most heredocs on one instruction.
        public init(maximumBytes: Int = 4 << 20, maximumLines: Int = 200_000, maximumInstructionBytes: Int = 1 << 20,
                    maximumHeredocs: Int = 32) {
            self.maximumBytes = maximumBytes
            self.maximumLines = maximumLines
            self.maximumInstructionBytes = maximumInstructionBytes
            self.maximumHeredocs = maximumHeredocs
        }
    }

    /// Every instruction keyword BuildKit knows.
    static let keywords: Set<String> = ["ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
                                        "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"]
    /// Instructions whose arguments may be a JSON array.
    static let execFormKeywords: Set<String> = ["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"]
    /// Instructions that take heredocs.
    static let heredocKeywords: Set<String> = ["RUN", "COPY", "ADD"]
    /// Instructions that take leading `--flags`.
    static let flagKeywords: Set<String> = ["FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"]

    public let limits: Limits

    /// Creates a parser.
    /// - Parameter limits: Size limits (defaults suit any real Dockerfile).
    public init(limits: Limits = .init()) {
        self.limits = limits
    }

    /// Reads and parses a file, reading at most ``Limits/maximumBytes`` + 1 bytes.
    /// - Parameter path: The Dockerfile's path; also the name used in findings.
    /// - Throws: ``DockerfileParseError``.
    public func parse(fileAt path: String) throws -> Dockerfile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = FileHandle(forReadingAtPath: path) else {
            throw DockerfileParseError(.unreadableFile, "cannot open the file", fileName: path)
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limits.maximumBytes + 1) ?? Data()
        } catch {
            throw DockerfileParseError(.unreadableFile, "cannot read the file", fileName: path)
        }
        return try parse(data, fileName: path)
    }

    /// Parses Dockerfile bytes.
    /// - Parameters:
    ///   - data: The file's content.
    ///   - fileName: The name used in findings and errors.
    /// - Throws: ``DockerfileParseError``.
    public func parse(_ data: Data, fileName: String) throws -> Dockerfile {
        var reader = Reader(lines: try Self.lines(of: data, fileName: fileName, limits: limits), fileName: fileName, limits: limits)
        let (directives, escape) = try reader.directives()
        var instructions: [DockerfileInstruction] = []
        while let instruction = try reader.nextInstruction(escape: escape) {
            instructions.append(instruction)
        }
        return try Self.assemble(instructions, directives: directives, escape: escape, fileName: fileName)
    }

    /// Splits the file into lines (without `\n` or a trailing `\r`), refusing binary content.
    static func lines(of data: Data, fileName: String, limits: Limits) throws -> [String] {
        guard data.count <= limits.maximumBytes else {
            throw DockerfileParseError(.tooLarge, "the file is larger than \(limits.maximumBytes) bytes", fileName: fileName)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lines: [String] = []
        var start = 0
        var lineNumber = 1
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == 0x0A {
                if index == bytes.count && start == index && !lines.isEmpty { break }
                var end = index
                if end > start && bytes[end - 1] == 0x0D { end -= 1 }
                let slice = bytes[start..<end]
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw DockerfileParseError(.binary, "the line is not valid UTF-8: this is not a Dockerfile", fileName: fileName, line: lineNumber)
                }
                lines.append(text)
                guard lines.count <= limits.maximumLines else {
                    throw DockerfileParseError(.tooLarge, "the file has more than \(limits.maximumLines) lines", fileName: fileName, line: lineNumber)
                }
                start = index + 1
                lineNumber += 1
            } else if bytes[index] == 0 {
                throw DockerfileParseError(.binary, "the file holds NUL bytes: this is not a Dockerfile", fileName: fileName, line: lineNumber)
            }
            index += 1
        }
        return lines
    }
}
