import Foundation
import Synchronization
import Testing
@testable import ImageAccess
import Logging

/// Paths of the project, the shared fixtures and the test helpers.
enum Paths {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = projectRoot + "/../shared/fixtures"
    static let layout = fixtures + "/images/oci"
    static let support = projectRoot + "/Tests/Support"

    /// The `palisade` binary built with the tests (`PALISADE_BIN` overrides).
    static let palisade: String = {
        if let bin = ProcessInfo.processInfo.environment["PALISADE_BIN"] { return bin }
        let sibling = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("palisade").path
        if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        return projectRoot + "/.build/debug/palisade"
    }()

    /// A scratch directory for this test process, removed at exit.
    static let scratch: String = {
        let dir = NSTemporaryDirectory() + "palisade-it-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        Cleanup.register(directory: dir)
        return dir
    }()
}

/// Stops the daemons the tests started and removes scratch space when the test process exits.
enum Cleanup {
    static let state = Mutex<(daemons: [String], directories: [String], installed: Bool)>(([], [], false))

    static func register(daemonDir: String) {
        install()
        state.withLock { $0.daemons.append(daemonDir) }
    }

    static func register(directory: String) {
        install()
        state.withLock { $0.directories.append(directory) }
    }

    private static func install() {
        let first = state.withLock { s -> Bool in
            defer { s.installed = true }
            return !s.installed
        }
        guard first else { return }
        atexit {
            let (daemons, directories, _) = Cleanup.state.withLock { $0 }
            for dir in daemons {
                _ = try? run("/usr/bin/env", ["python3", Paths.support + "/registry_env.py", "down", "--dir", dir])
            }
            for dir in directories { try? FileManager.default.removeItem(atPath: dir) }
        }
    }
}

/// What a child process did.
struct ProcessResult {
    var status: Int32
    var stdout: Data
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs a program (no shell), capturing its output through files so large outputs cannot block.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
         check: Bool = false) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let base = NSTemporaryDirectory() + "palisade-run-\(UUID().uuidString)"
    FileManager.default.createFile(atPath: base + ".out", contents: nil)
    FileManager.default.createFile(atPath: base + ".err", contents: nil)
    defer {
        try? FileManager.default.removeItem(atPath: base + ".out")
        try? FileManager.default.removeItem(atPath: base + ".err")
    }
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    let result = ProcessResult(status: process.terminationStatus,
                               stdout: (try? Data(contentsOf: URL(fileURLWithPath: base + ".out"))) ?? Data(),
                               stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
    if check && result.status != 0 {
        throw TestFailure("\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr.prefix(2000))")
    }
    return result
}

/// Runs a tool found on PATH.
@discardableResult
func tool(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
    try run("/usr/bin/env", [name] + arguments, environment: environment, check: true)
}

/// Runs `palisade` as a user would.
func palisade(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
    try run(Paths.palisade, arguments, environment: environment)
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// An opener configured for tests: fast retries, a private blob cache.
func testOpener(platform: Platform? = nil, credentials: Credentials? = nil, insecure: Bool = true,
                environment: [String: String]? = nil, limits: ReadLimits = ReadLimits()) -> ImageOpener {
    var configuration = ImageOpener.Configuration()
    configuration.platform = platform
    configuration.limits = limits
    configuration.registry.credentials = credentials
    configuration.registry.insecure = insecure
    configuration.registry.maxAttempts = 3
    configuration.registry.retryBaseDelay = .milliseconds(50)
    configuration.registry.cacheDirectory = Paths.scratch + "/cache-\(UUID().uuidString)"
    if let environment { configuration.registry.environment = environment }
    return ImageOpener(configuration: configuration, logger: Logger(label: "test"))
}

/// The projection of a file compared across image forms.
struct FileFacts: Hashable, CustomStringConvertible {
    var path: String
    var type: String
    var size: Int64
    var mode: UInt32
    var uid: Int
    var gid: Int
    var sha256: String?
    var link: String?

    init(_ e: FileEntry) {
        path = e.path
        type = e.type.rawValue
        size = e.size
        mode = e.mode
        uid = e.uid
        gid = e.gid
        sha256 = e.sha256?.description
        link = e.type == .symlink ? e.linkTarget : nil
    }

    init(oracle: [String: Any]) {
        path = oracle["path"] as! String
        type = oracle["type"] as! String
        size = Int64(oracle["size"] as! Int)
        mode = UInt32(oracle["mode"] as! Int)
        uid = oracle["uid"] as! Int
        gid = oracle["gid"] as! Int
        sha256 = oracle["sha256"] as? String
        link = oracle["link"] as? String
    }

    var description: String { "\(path) \(type) \(size) \(String(mode, radix: 8)) \(uid):\(gid) \(sha256 ?? "-") \(link ?? "")" }
}

/// Differences between two listings, for readable failures.
func differences(_ a: [FileFacts], _ b: [FileFacts], limit: Int = 10) -> [String] {
    let left = Dictionary(a.map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
    let right = Dictionary(b.map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
    var out: [String] = []
    for path in Set(left.keys).union(right.keys).sorted() where left[path] != right[path] {
        out.append("\(left[path]?.description ?? "(absent)")  <>  \(right[path]?.description ?? "(absent)")")
        if out.count >= limit { break }
    }
    return out
}
