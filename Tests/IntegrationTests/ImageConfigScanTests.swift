import Foundation
import Testing

/// `image scan --scanners config` and `dockerfile lint` end to end: python-app's setuid files against an
/// independent reading of its layers (Python's tarfile), and an image built with umoci that plants every
/// image-level misconfiguration, each found with its layer.
@Suite(.serialized)
struct ImageConfigScanTests {
    static func misconfigurations(_ result: ProcessResult) throws -> [[String: Any]] {
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.text)")
        return try #require(report["misconfigurations"] as? [[String: Any]])
    }

    static func scan(_ image: String, _ extra: [String] = []) throws -> ProcessResult {
        try palisade(["image", "scan", image, "--scanners", "config", "--no-history", "--format", "json"] + extra)
    }

    /// The oracle: Python's tarfile over the layer blobs, applying whiteouts, lists the setuid/setgid files of the
    /// final filesystem.
    static func setuidFiles(layout: String, image: String) throws -> Set<String> {
        let script = #"""
        import json, sys, tarfile, os
        layout, name = sys.argv[1:]
        index = json.load(open(os.path.join(layout, "index.json")))
        desc = next(m for m in index["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == name)
        blob = lambda d: os.path.join(layout, "blobs", *d.split(":"))
        manifest = json.load(open(blob(desc["digest"])))
        files = {}
        for layer in manifest["layers"]:
            with tarfile.open(blob(layer["digest"])) as tar:
                for m in tar.getmembers():
                    path = "/" + m.name.lstrip("./").rstrip("/")
                    base = os.path.basename(path)
                    parent = os.path.dirname(path)
                    if base == ".wh..wh..opq":
                        files = {p: v for p, v in files.items() if not p.startswith(parent.rstrip("/") + "/")}
                    elif base.startswith(".wh."):
                        gone = os.path.join(parent, base[4:])
                        files = {p: v for p, v in files.items() if p != gone and not p.startswith(gone + "/")}
                    else:
                        files[path] = (m.mode, m.isfile() or m.islnk())
        print("\n".join(sorted(p for p, (mode, reg) in files.items() if reg and mode & 0o6000)))
        """#
        let out = try run("/usr/bin/env", ["python3", "-c", script, layout, image], check: true)
        return Set(out.text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("/") })
    }

    @Test func pythonAppSetuidFilesEqualTheOracle() throws {
        let found = try Self.misconfigurations(try Self.scan("oci:\(Paths.layout):python-app"))
        let ids = Set(found.compactMap { $0["checkID"] as? String })
        #expect(ids.contains("PAL-IMG-002"), "python-app has no HEALTHCHECK")
        #expect(!ids.contains("PAL-IMG-001"), "python-app runs as 1000:1000")
        let ours = Set(found.filter { $0["checkID"] as? String == "PAL-IMG-008" }.compactMap { ($0["location"] as? [String: Any])?["imagePath"] as? String })
        let theirs = try Self.setuidFiles(layout: Paths.layout, image: "python-app")
        #expect(theirs.count >= 10)
        #expect(ours == theirs, "ours: \(ours.sorted())\noracle: \(theirs.sorted())")
    }

    @Test func plantedMisconfigurationsAreEachFoundWithTheirLayer() throws {
        let dir = Paths.scratch + "/misconfig-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try tool("skopeo", ["copy", "-q", "oci:\(Paths.layout):debian-minbase", "oci:\(dir)/layout:base"])
        let bundle = dir + "/bundle"
        try tool("umoci", ["unpack", "--image", "\(dir)/layout:base", bundle])
        let root = bundle + "/rootfs"
        let fm = FileManager.default
        // Layer 2: a world-writable file, an SSH server, apt lists, and 24 MiB that layer 3 deletes.
        try "x\n".write(toFile: root + "/etc/shared.conf", atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o666], ofItemAtPath: root + "/etc/shared.conf")
        try fm.createDirectory(atPath: root + "/usr/sbin", withIntermediateDirectories: true)
        try "#!/bin/sh\n".write(toFile: root + "/usr/sbin/sshd", atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/usr/sbin/sshd")
        try fm.createDirectory(atPath: root + "/var/lib/apt/lists", withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 64 << 10).write(to: URL(fileURLWithPath: root + "/var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease"))
        let urandom = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        try urandom.readData(ofLength: 24 << 20).write(to: URL(fileURLWithPath: root + "/opt/build-cache.bin"))
        try tool("umoci", ["repack", "--refresh-bundle", "--history.created_by", "/bin/sh -c curl -fsSL https://example.com/install.sh | sh", "--image", "\(dir)/layout:two", bundle])
        try fm.removeItem(atPath: root + "/opt/build-cache.bin")
        try tool("umoci", ["repack", "--image", "\(dir)/layout:three", bundle])
        // Root user, port 22, and a secret in ENV.
        try tool("umoci", ["config", "--image", "\(dir)/layout:three", "--config.user", "root", "--config.exposedports", "22/tcp",
                           "--config.env", "DB_PASSWORD=" + "hunter2-" + "s3cr3t-value"])

        let result = try Self.scan("oci:\(dir)/layout:three", ["--exit-code", "4"])
        #expect(result.status == 4, "misconfigurations are findings --exit-code applies to: \(result.stderr)")
        #expect(!result.text.contains("s3cr3t-value"), "the secret value is never printed")
        let found = try Self.misconfigurations(result)
        func has(_ id: String, _ path: String? = nil, layer: Int? = nil) -> Bool {
            found.contains { f in
                let location = f["location"] as? [String: Any]
                return f["checkID"] as? String == id
                    && (path == nil || (location?["imagePath"] as? String) == path || (f["message"] as? String ?? "").contains(path!))
                    && (layer == nil || location?["layer"] as? Int == layer)
            }
        }
        #expect(has("PAL-IMG-001"), "runs as root")
        #expect(has("PAL-IMG-003"), "secret in ENV")
        #expect(has("PAL-IMG-009", "/etc/shared.conf", layer: 2), "world-writable file in layer 2")
        #expect(has("PAL-IMG-011"), "sshd and port 22")
        #expect(has("PAL-IMG-010", "/var/lib/apt/lists"), "apt lists left")
        #expect(has("PAL-IMG-012"), "curl | sh in history")
        #expect(has("PAL-IMG-014", "/opt/build-cache.bin", layer: 2), "24 MiB deleted in layer 3 is still in layer 2")
        #expect(!has("PAL-IMG-009", "/tmp"), "/tmp is sticky: not a finding")

        // Every format: SARIF is valid, the table names the checks.
        let sarif = dir + "/config.sarif"
        let written = try palisade(["image", "scan", "oci:\(dir)/layout:three", "--scanners", "config", "--no-history", "--format", "sarif", "-o", sarif])
        #expect(written.status == 0)
        let valid = try run("/usr/bin/env", ["python3", Paths.support + "/validate_sarif.py", sarif])
        #expect(valid.status == 0, "\(valid.text)")
        #expect(try String(contentsOfFile: sarif, encoding: .utf8).contains("config/PAL-IMG-001"))
        let table = try palisade(["image", "scan", "oci:\(dir)/layout:three", "--scanners", "config", "--no-history"])
        #expect(table.text.contains("PAL-IMG-014") && table.text.contains("Misconfigurations:"))
    }

    @Test func dockerfileLintFromTheCommandLine() throws {
        let fixtures = Paths.projectRoot + "/Tests/ImageChecksTests/Fixtures/Dockerfiles"
        let kitchen = fixtures + "/synthetic-kitchen-sink.Dockerfile"
        let table = try palisade(["dockerfile", "lint", kitchen])
        #expect(table.status == 1, "findings fail the lint by default")
        #expect(table.stdout.count > 0 && table.text.contains("\(kitchen):"), "FILE:LINE locations as hadolint prints them")
        let json = try palisade(["dockerfile", "lint", "--format", "json", "--exit-code", "0", kitchen])
        #expect(json.status == 0)
        let findings = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(findings.count >= 5)
        let high = try palisade(["dockerfile", "lint", "--format", "json", "--severity-threshold", "HIGH", "--exit-code", "0", kitchen])
        let highFindings = try #require(try JSONSerialization.jsonObject(with: high.stdout) as? [[String: Any]])
        #expect(highFindings.allSatisfy { ["HIGH", "CRITICAL"].contains($0["severity"] as? String ?? "") } && highFindings.count < findings.count)
        let sarif = Paths.scratch + "/dockerfile.sarif"
        #expect(try palisade(["dockerfile", "lint", "--format", "sarif", "-o", sarif, "--exit-code", "0", kitchen]).status == 0)
        let valid = try run("/usr/bin/env", ["python3", Paths.support + "/validate_sarif.py", sarif])
        #expect(valid.status == 0, "\(valid.text)")
        // Bad input: a file that is not a Dockerfile names file and line, exit 2; unknown check ids are refused.
        let bad = Paths.scratch + "/bad.Dockerfile"
        try "FROM debian:12\nRUN true\nFRMO oops\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let broken = try palisade(["dockerfile", "lint", bad])
        #expect(broken.status == 2 && broken.stderr.contains("\(bad):3"), "\(broken.stderr)")
        let binary = Paths.scratch + "/binary.Dockerfile"
        try Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2]).write(to: URL(fileURLWithPath: binary))
        #expect(try palisade(["dockerfile", "lint", binary]).status == 2)
        let unknown = try palisade(["dockerfile", "lint", "--disable", "PAL-IMG-999", kitchen])
        #expect(unknown.status == 64 && unknown.stderr.contains("PAL-IMG-999"), "\(unknown.stderr)")
    }
}
