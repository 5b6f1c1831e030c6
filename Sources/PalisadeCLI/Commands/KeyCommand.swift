import ArgumentParser
import Foundation
import Signing
#if canImport(Glibc)
import Glibc
#endif

/// `palisade key ...`
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Create and read cosign-compatible signing keys.",
        subcommands: [GenerateKeyCommand.self, PublicKeyCommand.self]
    )
}

/// The key password: `$PALISADE_PASSWORD`, `$COSIGN_PASSWORD`, or a prompt on a terminal. Never logged.
func keyPassword(confirm: Bool) throws -> [UInt8] {
    let environment = ProcessInfo.processInfo.environment
    if let password = environment["PALISADE_PASSWORD"] ?? environment["COSIGN_PASSWORD"] {
        return Array(password.utf8)
    }
    guard isatty(STDIN_FILENO) == 1, let first = getpass("Enter password for private key: ") else {
        throw SigningError(.io, "no password: set PALISADE_PASSWORD (or COSIGN_PASSWORD), or run on a terminal")
    }
    let password = Array(String(cString: first).utf8)
    if confirm {
        guard let second = getpass("Enter password for private key again: "), Array(String(cString: second).utf8) == password else {
            throw SigningError(.io, "the passwords do not match")
        }
    }
    return password
}

/// Runs a key command, turning signing errors into a message and exit code 1.
func runReportingSigningErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SigningError {
        FileHandle.standardError.write(Data("palisade: error: \(error.message)\n".utf8))
        throw ExitCode(1)
    }
}

/// `palisade key generate`
struct GenerateKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate an ECDSA P-256 key pair in cosign's files: NAME.key (encrypted) and NAME.pub."
    )

    @Option(name: .customLong("output-key-prefix"), help: ArgumentHelp("File name prefix.", valueName: "name"))
    var prefix = "cosign"

    @Flag(help: "Overwrite existing key files.")
    var force = false

    func run() throws {
        try runReportingSigningErrors {
            let keyPath = prefix + ".key", pubPath = prefix + ".pub"
            for path in [keyPath, pubPath] where !force && FileManager.default.fileExists(atPath: path) {
                throw SigningError(.io, "\(path) exists; use --force to overwrite it")
            }
            var password = try keyPassword(confirm: true)
            defer { for i in password.indices { password[i] = 0 } }
            let key = CosignKeys.generate()
            let pem = try CosignKeys.encryptedPEM(key, password: password)
            try writeKeyFile(Data(pem.utf8), to: keyPath, mode: 0o600)
            try writeKeyFile(Data(CosignKeys.publicKeyPEM(key).utf8), to: pubPath, mode: 0o644)
            FileHandle.standardError.write(Data("Private key written to \(keyPath)\nPublic key written to \(pubPath)\n".utf8))
        }
    }
}

/// `palisade key public-key --key NAME.key`
struct PublicKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "public-key",
        abstract: "Print the public key of an encrypted cosign private key."
    )

    @Option(help: ArgumentHelp("The encrypted private key file.", valueName: "file"))
    var key: String

    func run() throws {
        try runReportingSigningErrors {
            guard let data = FileManager.default.contents(atPath: key), data.count < 1 << 20 else {
                throw SigningError(.io, "\(key): cannot read the key file")
            }
            var password = try keyPassword(confirm: false)
            defer { for i in password.indices { password[i] = 0 } }
            let privateKey = try CosignKeys.privateKey(pem: String(decoding: data, as: UTF8.self), password: password, what: key)
            FileHandle.standardOutput.write(Data(CosignKeys.publicKeyPEM(privateKey).utf8))
        }
    }
}

/// Writes a key file with the given permissions, created fresh (temporary file, then rename).
func writeKeyFile(_ data: Data, to path: String, mode: mode_t) throws {
    let temp = path + ".\(UUID().uuidString).tmp"
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard fd >= 0 else { throw SigningError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
    let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    let synced = fsync(fd)
    close(fd)
    guard written == data.count, synced == 0, rename(temp, path) == 0 else {
        unlink(temp)
        throw SigningError(.io, "cannot write \(path)")
    }
}
