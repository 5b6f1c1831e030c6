import Foundation

/// Runs the oracle scripts in Tests/Support (Python, no shell), shared by the differential tests.
enum OracleScript {
    /// Tests/VulnerabilitiesTests/OracleScript.swift → project root.
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let support = projectRoot.appendingPathComponent("Tests/Support").path

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `python3 Tests/Support/<script> args…` with stdin from `input` (or nothing); returns stdout.
    /// stderr goes to a file, so a chatty script cannot block on a full pipe.
    static func run(_ script: String, _ arguments: [String], input: URL? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", support + "/" + script] + arguments
        process.currentDirectoryURL = projectRoot
        let stdout = Pipe()
        let stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-oracle-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: stderrFile) }
        let stderr = try FileHandle(forWritingTo: stderrFile)
        defer { try? stderr.close() }
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = try input.map { try FileHandle(forReadingFrom: $0) }
        defer { try? stdin?.close() }
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            throw Failure(description: "python3 \(script) \(arguments.joined(separator: " ")) exited "
                + "\(process.terminationStatus) (is the oracle installed? scripts/setup): \(message.suffix(2000))")
        }
        return output
    }
}
