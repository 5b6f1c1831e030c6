import Foundation
import Testing

/// `palisade` as users type it.
struct CommandLineTests {
    let image = "oci:\(Paths.layout):python-app"

    @Test func versionHelpAndCompletions() throws {
        let version = try palisade(["--version"])
        #expect(version.status == 0)
        #expect(version.text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        for args in [["--help"], ["image", "--help"], ["image", "inspect", "--help"], ["image", "files", "--help"], ["image", "cat", "--help"]] {
            let help = try palisade(args)
            #expect(help.status == 0, "\(args)")
            #expect(help.text.contains("USAGE"), "\(args)")
        }
        #expect(try palisade(["image", "files", "--help"]).text.contains("--platform"))
        for shell in ["bash", "zsh", "fish"] {
            let script = try palisade(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.text.contains("palisade"))
        }
    }

    @Test func inspectAsJSON() throws {
        let result = try palisade(["image", "inspect", "--format", "json", image])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(json["digest"] as? String == "sha256:7be0f62c42b948f7f8d77e9a93b88207214b19aa06e70cd5e832f28d3e6a8617")
        #expect(json["id"] as? String == "sha256:dee624dd238c3b165d05c7d1f2bb01a92b030e787940d4aa43e6c5987d500460")
        #expect(json["platform"] as? String == "linux/amd64")
        let config = try #require(json["config"] as? [String: Any])
        #expect(config["user"] as? String == "1000:1000")
        #expect(config["envNames"] as? [String] == ["PATH"])
        #expect(config["workingDir"] as? String == "/opt/app")
        #expect(config["cmd"] as? [String] == ["/bin/bash", "python3"])
        #expect(config["healthcheck"] == nil)
        let history = try #require(json["history"] as? [[String: Any]])
        #expect(history.count == 6)
        #expect(history.filter { $0["emptyLayer"] as? Bool == true }.count == 2)
        let layers = try #require(json["layers"] as? [[String: Any]])
        #expect(layers.map { $0["index"] as? Int } == [1, 2, 3, 4])
        #expect(layers[3]["createdBy"] as? String == "COPY app /opt/app; COPY dive /usr/local/bin/; RUN rm -rf itsdangerous*")
        #expect(layers[0]["size"] as? Int == 58_494_131)
        #expect(layers.allSatisfy { ($0["entries"] as? Int ?? 0) > 0 })
        #expect(layers[3]["whiteouts"] as? Int == 2)
    }

    @Test func filesAsJSONAndTable() throws {
        let json = try palisade(["image", "files", "--digests", "--format", "json", image])
        #expect(json.status == 0, "\(json.stderr)")
        let parsed = try #require(JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let files = try #require(parsed["files"] as? [[String: Any]])
        let dive = try #require(files.first { $0["path"] as? String == "/usr/local/bin/dive" })
        #expect(dive["layer"] as? Int == 4)
        #expect(dive["layerDigest"] as? String == "sha256:2d42f6b204ee76c960bc02bcbbe620142b334427ae4dba6ce58c758323b2d8fb")
        #expect((dive["sha256"] as? String)?.hasPrefix("sha256:") == true)
        #expect(dive["mode"] as? Int == 0o755)
        #expect(!files.contains { ($0["path"] as? String)?.contains("itsdangerous") == true })

        let table = try palisade(["image", "files", image])
        #expect(table.status == 0)
        #expect(table.text.contains("L1 /bin -> usr/bin"))
        #expect(table.text.split(separator: "\n").count == files.count)

        let layer3 = try palisade(["image", "files", "--layer", "3", "--format", "json", image])
        let l3 = try #require(JSONSerialization.jsonObject(with: layer3.stdout) as? [String: Any])
        #expect((l3["files"] as? [[String: Any]])?.contains { $0["path"] as? String == "/usr/local/lib/python3.11/dist-packages/itsdangerous.py" } == true)
        #expect((l3["layer"] as? [String: Any])?["index"] as? Int == 3)

        let noLayer = try palisade(["image", "files", "--layer", "9", image])
        #expect(noLayer.status == 1)
        #expect(noLayer.stderr.contains("no layer 9 (the image has 4, numbered from 1)"))
    }

    @Test func catFollowsLinksInsideTheImage() throws {
        let result = try palisade(["image", "cat", image, "/etc/os-release"])
        #expect(result.status == 0)
        #expect(result.text.contains("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\""))
        let missing = try palisade(["image", "cat", image, "/no/such/file"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("'/no/such/file' does not exist"))
    }

    @Test func badInputGetsAClearErrorAndExitCode() throws {
        let cases: [([String], Int32, String)] = [
            (["image", "inspect", "oci:/nonexistent/layout"], 1, "/nonexistent/layout: no such directory"),
            (["image", "inspect", "oci:\(Paths.layout)"], 1, "holds 2 images; name one"),
            (["image", "inspect", "oci:\(Paths.layout):nope"], 1, "no image named 'nope' (available: debian-minbase, python-app)"),
            (["image", "inspect", "docker-archive:\(Paths.layout)/index.json"], 1, "not a tar"),
            (["image", "inspect", "docker://Bad_Host!/x"], 1, "invalid"),
            (["image", "inspect", "docker-daemon:x:1"], 1, "transport is not supported"),
            (["image", "inspect", "--platform", "linux", image], 64, "--platform 'linux' is not os/arch"),
            (["image", "inspect", "--creds", "nocolon", image], 64, "--creds must be USER:PASSWORD"),
            (["image", "inspect", "--format", "xml", image], 64, "xml"),
            (["image", "files", "--platform", "linux/arm64", image], 1, "the image is for linux/amd64, not linux/arm64"),
        ]
        for (args, status, message) in cases {
            let result = try palisade(args)
            #expect(result.status == status, "\(args): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(args)")
        }
    }
}
