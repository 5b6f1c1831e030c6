import Crypto
import Foundation
import Testing
@testable import Signing

/// Key files interoperate with the independent cosign-format oracle (../shared/tools/cosign-format-oracle).
struct CosignKeyInteropTests {
    static let oracle = Paths.projectRoot + "/../shared/tools/cosign-format-oracle"

    func text(_ file: String) throws -> String { try String(contentsOfFile: Self.oracle + "/" + file, encoding: .utf8) }

    @Test func oracleKeysAreReadAndSignWithTheirPublicKey() throws {
        let password = Array(try text("pass.txt").trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        let key = try CosignKeys.privateKey(pem: try text("cosign.key"), password: password, what: "cosign.key")
        let pub = try CosignKeys.publicKey(pem: try text("cosign.pub"), what: "cosign.pub")
        #expect(key.publicKey.rawRepresentation == pub.rawRepresentation)
        let payload = try Data(contentsOf: URL(fileURLWithPath: Self.oracle + "/example-simplesigning-payload.json"))
        let signature = try CosignKeys.sign(payload, with: key)
        #expect(CosignKeys.verify(signature, payload: payload, key: pub))
        let other = try CosignKeys.publicKey(pem: try text("other.pub"), what: "other.pub")
        #expect(!CosignKeys.verify(signature, payload: payload, key: other))
    }

    @Test func generatedKeysAreReadByTheOracle() throws {
        let dir = Paths.scratch + "/keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let result = try palisade(["key", "generate", "--output-key-prefix", dir + "/mine"], environment: ["PALISADE_PASSWORD": "pw-123"])
        #expect(result.status == 0, "\(result.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/mine.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // The oracle decrypts our key file and signs; we verify with our .pub.
        let script = """
            import sys, base64; sys.path.insert(0, sys.argv[1]); from cosign_keygen import decrypt
            from cryptography.hazmat.primitives import serialization, hashes
            from cryptography.hazmat.primitives.asymmetric import ec
            body = base64.b64decode(''.join(open(sys.argv[2]).read().splitlines()[1:-1]))
            key = serialization.load_der_private_key(decrypt(body, b'pw-123'), None)
            print(base64.b64encode(key.sign(b'payload', ec.ECDSA(hashes.SHA256()))).decode())
            """
        let signed = try run("/usr/bin/env", ["python3", "-c", script, Self.oracle, dir + "/mine.key"], check: true)
        let signature = try #require(Data(base64Encoded: signed.text.trimmingCharacters(in: .whitespacesAndNewlines)))
        let pub = try CosignKeys.publicKey(pem: String(contentsOfFile: dir + "/mine.pub", encoding: .utf8), what: "mine.pub")
        #expect(CosignKeys.verify(signature, payload: Data("payload".utf8), key: pub))

        let again = try palisade(["key", "generate", "--output-key-prefix", dir + "/mine"], environment: ["PALISADE_PASSWORD": "pw-123"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("exists; use --force"))
        let wrong = try palisade(["key", "public-key", "--key", dir + "/mine.key"], environment: ["PALISADE_PASSWORD": "nope"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("wrong password"))
        let noPassword = try palisade(["key", "public-key", "--key", dir + "/mine.key"], environment: ["PALISADE_PASSWORD": "", "COSIGN_PASSWORD": ""])
        #expect(noPassword.status == 1)
    }
}
