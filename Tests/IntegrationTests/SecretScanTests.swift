import Foundation
import Testing

/// `palisade image scan --scanners secret` end to end: the planted secrets of python-app against trivy's
/// own findings, and a secret that a later layer deletes (still downloadable: "in layer history").
@Suite(.serialized)
struct SecretScanTests {
    static let image = "oci:\(Paths.layout):python-app"

    static func secrets(_ data: Data) throws -> [[String: Any]] {
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(report["secrets"] as? [[String: Any]])
    }

    @Test func pythonAppSecretsEqualTrivys() throws {
        let result = try palisade(["image", "scan", Self.image, "--scanners", "secret", "--format", "json", "--no-history"])
        #expect(result.status == 0, "\(result.stderr)")
        let ours = Set(try Self.secrets(result.stdout).map { "\($0["ruleID"] as! String) \($0["path"] as! String):\($0["line"] as! Int)" })
        // The oracle: trivy 0.76's own secret report of the same image.
        let data = try Data(contentsOf: URL(fileURLWithPath: Paths.fixtures + "/images/expected/peer-sboms/python-app.trivy-0.76.0.secrets.json"))
        let trivy = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var theirs: Set<String> = []
        for target in trivy["Results"] as? [[String: Any]] ?? [] {
            let path = "/" + (target["Target"] as! String).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            for s in target["Secrets"] as? [[String: Any]] ?? [] {
                theirs.insert("\(s["RuleID"] as! String) \(path):\(s["StartLine"] as! Int)")
            }
        }
        #expect(theirs.count == 5)
        #expect(ours == theirs, "ours: \(ours.sorted())\ntrivy: \(theirs.sorted())")
        // --severity filters secrets too: only the Slack webhook is MEDIUM.
        let medium = try palisade(["image", "scan", Self.image, "--scanners", "secret", "--format", "json", "--no-history", "--severity", "MEDIUM"])
        #expect(try Self.secrets(medium.stdout).map { $0["ruleID"] as! String } == ["slack-web-hook"])
        // Masked in every format: the planted AWS key id never appears.
        for format in ["json", "table", "sarif"] {
            let out = try palisade(["image", "scan", Self.image, "--scanners", "secret", "--format", format, "--no-history"])
            #expect(!out.text.contains("AKIA"), "\(format) output leaks the key id")
            #expect(out.text.contains("********"), "\(format) output should show the masked match")
        }
    }

    /// `--secret-config` takes trivy's trivy-secret.yaml: disabled rules and allow rules apply, and a broken
    /// file stops the scan with an error naming the file and line.
    @Test func secretConfigFile() throws {
        let dir = Paths.scratch + "/secret-config-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let config = dir + "/trivy-secret.yaml"
        try """
            disable-rules:
              - github-pat
            allow-rules:
              - id: demo-key
                description: the demo server key
                path: ^/opt/app/config/server\\.key$
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try palisade(["image", "scan", Self.image, "--scanners", "secret", "--format", "json", "--no-history", "--secret-config", config])
        #expect(result.status == 0, "\(result.stderr)")
        // With the GitHub rule off, the generic assignment rule (last in precedence) reports GITHUB_TOKEN=…; the
        // allow rule drops the private key.
        #expect(try Self.secrets(result.stdout).map { $0["ruleID"] as! String }.sorted()
                == ["aws-access-key-id", "aws-secret-access-key", "generic-secret-assignment", "slack-web-hook"])

        try "rules:\n  - id: fine\n    regex: x\n  - id: broken\n    regex: \"(x\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let broken = try palisade(["image", "scan", Self.image, "--scanners", "secret", "--no-history", "--secret-config", config])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("\(config):4: rule broken"), "\(broken.stderr)")
    }

    @Test func aSecretDeletedByALaterLayerIsStillFound() throws {
        let dir = Paths.scratch + "/secret-history-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try tool("skopeo", ["copy", "-q", "oci:\(Paths.layout):python-app", "oci:\(dir)/layout:base"])
        let bundle = dir + "/bundle"
        try tool("umoci", ["unpack", "--image", "\(dir)/layout:base", bundle])
        // An AWS access key id, assembled here so this source holds no token-shaped string.
        let key = "AKIA" + "Q3V7XK2M9PLR4TZW"
        try "aws_access_key_id = \(key)\n".write(toFile: bundle + "/rootfs/srv/leak.env", atomically: true, encoding: .utf8)
        try tool("umoci", ["repack", "--refresh-bundle", "--image", "\(dir)/layout:added", bundle])
        try FileManager.default.removeItem(atPath: bundle + "/rootfs/srv/leak.env")
        try tool("umoci", ["repack", "--image", "\(dir)/layout:deleted", bundle])

        let result = try palisade(["image", "scan", "oci:\(dir)/layout:deleted", "--scanners", "secret", "--format", "json", "--no-history", "--exit-code", "5"])
        #expect(result.status == 5, "secrets remain, so --exit-code applies: \(result.stderr)")
        #expect(!result.text.contains(key), "the secret itself is never printed")
        let leak = try Self.secrets(result.stdout).filter { $0["path"] as? String == "/srv/leak.env" }
        #expect(leak.count == 1)
        #expect(leak.first?["ruleID"] as? String == "aws-access-key-id")
        #expect(leak.first?["inLayerHistory"] as? Bool == true)
        #expect(leak.first?["layer"] as? Int == 5)
        // The planted python-app secrets are still in the final filesystem.
        let planted = try Self.secrets(result.stdout).filter { ($0["path"] as? String)?.hasPrefix("/opt/app/config/") == true }
        #expect(planted.count == 5 && planted.allSatisfy { $0["inLayerHistory"] as? Bool == false })
    }
}
