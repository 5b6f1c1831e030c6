import Crypto
import Foundation
@testable import Signing

/// Keys, digests and the cosign-format oracle shared by the signing tests.
enum SigningFixtures {
    /// The oracle directory: `COSIGN_ORACLE_DIR`, else `../shared/tools/cosign-format-oracle` from the
    /// project root, else `/work/shared/tools/cosign-format-oracle`.
    static let oracle: String = {
        if let dir = ProcessInfo.processInfo.environment["COSIGN_ORACLE_DIR"] { return dir }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sibling = root.appendingPathComponent("../shared/tools/cosign-format-oracle").standardizedFileURL.path
        return sibling
    }()

    static var oracleAvailable: Bool { FileManager.default.fileExists(atPath: oracle + "/cosign.pub") }

    static func oracleData(_ file: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: oracle + "/" + file)) }
    static func oracleText(_ file: String) throws -> String { try String(contentsOfFile: oracle + "/" + file, encoding: .utf8) }

    /// The oracle's cosign.key, decrypted once (scrypt N=65536 is slow-ish).
    static let oracleSigningKey: P256.Signing.PrivateKey? = {
        guard oracleAvailable,
              let pem = try? oracleText("cosign.key"),
              let password = try? oracleText("pass.txt").trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        return try? CosignKeys.privateKey(pem: pem, password: Array(password.utf8), what: "cosign.key")
    }()

    static func oracleKey(_ file: String) throws -> VerificationKey { try VerificationKey(pem: oracleText(file), name: file) }

    /// The image digest the oracle's example payload signs.
    static let exampleImageDigest = "sha256:6aa79620d83663e04a2b25c4d7f2bacd2d9352dcb9f3e30577952af9beebfc9b"

    static let imageDigest = "sha256:" + String(repeating: "ab", count: 32)
    static let otherDigest = "sha256:" + String(repeating: "cd", count: 32)
    static let reference = "registry.example/team/app"

    static let key = P256.Signing.PrivateKey()
    static let otherKey = P256.Signing.PrivateKey()
    static var verificationKey: VerificationKey { VerificationKey(key.publicKey, name: "mine.pub") }
    static var otherVerificationKey: VerificationKey { VerificationKey(otherKey.publicKey, name: "other.pub") }

    /// A 2048-bit RSA public key (SubjectPublicKeyInfo), for the wrong-algorithm error.
    static let rsaPublicKeyPEM = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqXqMExJ75gXEhM9SXYuY
        fTXPRV8+a1E/8rdW2daKd6seb8JtMrnRKE0OTeqZsP6sp7XdtJHPOSVBPJX0H0eE
        mxz9Iy6ChxV6/jbCpXxz2ZfqCXtUD+aKUYjROqMrZpPBvw9VBaPl0shptX1/3NEc
        xRWZZN+a4vxAy+8icOmr7XQx46G/U/YJl/rx6rS8Eo+PFAXnxQPsfLbWyw9lWR0k
        fHFnbFHq1zHAAI4TFIt2TCwQjjclwHomD4YVf7iO5gR8sF5B6WfQaIvL8HagB2iX
        OnRXGYxY0UCVuCqCUyjLcxrv8XTu2oxvETtkXwiWOyQtPOJGkmnzfST5OaXzMThG
        qQIDAQAB
        -----END PUBLIC KEY-----
        """

    /// Blobs of a push, keyed by digest, as a registry would serve them.
    static func blobs(_ pushes: CosignPush...) -> [String: Data] {
        var blobs: [String: Data] = [:]
        for push in pushes { for blob in push.blobs { blobs[blob.digest] = blob.data } }
        return blobs
    }

    static func sha256(_ data: Data) -> String {
        "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// Runs python3 with an argument array (no shell) and returns its standard output.
enum Python {
    static let available: Bool = {
        (try? run(["-c", "import cryptography"])) != nil
    }()

    struct Failure: Error, CustomStringConvertible {
        var status: Int32
        var stderr: String
        var description: String { "python3 exited \(status): \(stderr)" }
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(status: process.terminationStatus, stderr: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A fresh scratch directory.
    static func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "h-signing-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
