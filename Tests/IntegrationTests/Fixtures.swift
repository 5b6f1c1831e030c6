import Foundation
import Testing

/// Image forms, registries and hostile images made once per test process with real tools.
enum Fixtures {
    static func make<T>(_ body: () throws -> T) -> Result<T, TestFailure> {
        do { return .success(try body()) } catch let error as TestFailure { return .failure(error) } catch {
            return .failure(TestFailure("\(error)"))
        }
    }

    // MARK: - Image forms

    struct Forms: Sendable {
        /// `skopeo copy` to docker-archive.
        var dockerArchive: String
        /// `skopeo copy` to oci-archive.
        var ociArchive: String
        /// Two images in one docker save archive.
        var multiArchive: String
        /// Docker 25+ save layout (OCI layout + manifest.json).
        var ociStyleArchive: String
        /// `umoci unpack` of python-app: the rootfs directory.
        var unpackedRootfs: String
    }

    static let forms: Result<Forms, TestFailure> = make {
        let dir = Paths.scratch + "/forms"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try tool("python3", [Paths.support + "/make_docker_archives.py", Paths.layout, dir])
        try tool("skopeo", ["copy", "-q", "oci:\(Paths.layout):python-app", "oci-archive:\(dir)/python-app.oci.tar:python-app"])
        try tool("umoci", ["unpack", "--image", "\(Paths.layout):python-app", dir + "/unpacked"])
        return Forms(dockerArchive: dir + "/python-app.tar", ociArchive: dir + "/python-app.oci.tar",
                     multiArchive: dir + "/multi.tar", ociStyleArchive: dir + "/oci-style.tar",
                     unpackedRootfs: dir + "/unpacked/rootfs")
    }

    // MARK: - Hostile images

    static let hostile: Result<String, TestFailure> = make {
        let dir = Paths.scratch + "/hostile"
        try tool("python3", [Paths.support + "/make_hostile.py", dir])
        return dir
    }

    // MARK: - Registries

    struct Registry: Sendable {
        var host: String
        var username: String?
        var password: String?
        var dir: String
    }

    static func registry(auth: String, push: [(String, String)] = [("python-app", "team/app:1")]) throws -> Registry {
        let dir = Paths.scratch + "/registry-\(auth)"
        Cleanup.register(daemonDir: dir)
        let up = try run("/usr/bin/env", ["python3", Paths.support + "/registry_env.py", "up", "--dir", dir, "--auth", auth], check: true)
        guard let json = try JSONSerialization.jsonObject(with: up.stdout) as? [String: Any], let host = json["host"] as? String else {
            throw TestFailure("registry_env.py up printed no host: \(up.text)")
        }
        let registry = Registry(host: host, username: json["username"] as? String, password: json["password"] as? String, dir: dir)
        for (ref, target) in push {
            var args = ["copy", "-q", "--dest-tls-verify=false"]
            if let user = registry.username, let password = registry.password { args += ["--dest-creds", "\(user):\(password)"] }
            try tool("skopeo", args + ["oci:\(Paths.layout):\(ref)", "docker://\(host)/\(target)"])
        }
        return registry
    }

    static let anonymousRegistry: Result<Registry, TestFailure> = make {
        try registry(auth: "none", push: [("python-app", "team/app:1"), ("debian-minbase", "library/debian-minbase:latest")])
    }
    static let htpasswdRegistry: Result<Registry, TestFailure> = make { try registry(auth: "htpasswd") }
    static let tokenRegistry: Result<Registry, TestFailure> = make { try registry(auth: "token") }

    /// A multi-platform index (python-app as linux/amd64, debian-minbase as linux/arm64/v8) pushed to the anonymous registry.
    struct MultiArch: Sendable {
        var reference: String
        var indexDigest: String
        var amd64: String
        var arm64: String
    }

    static let multiArch: Result<MultiArch, TestFailure> = make {
        let registry = try anonymousRegistry.get()
        let out = try run("/usr/bin/env", ["python3", Paths.support + "/registry_env.py", "multiarch", "--out", Paths.scratch + "/multiarch",
                                           "--push", "\(registry.host)/team/multi:latest"], check: true)
        guard let json = try JSONSerialization.jsonObject(with: out.stdout) as? [String: Any],
              let digest = json["index_digest"] as? String, let manifests = json["manifests"] as? [[String: Any]] else {
            throw TestFailure("registry_env.py multiarch printed: \(out.text)")
        }
        func manifest(for arch: String) -> String {
            manifests.first { ($0["platform"] as? [String: Any])?["architecture"] as? String == arch }?["digest"] as? String ?? "?"
        }
        return MultiArch(reference: "docker://\(registry.host)/team/multi:latest", indexDigest: digest,
                         amd64: manifest(for: "amd64"), arm64: manifest(for: "arm64"))
    }

    /// The fault-injection registry (for faults a real registry cannot produce on demand).
    struct Fault: Sendable {
        var host: String
        var dir: String
    }

    static let fault: Result<Fault, TestFailure> = make {
        let dir = Paths.scratch + "/fault"
        Cleanup.register(daemonDir: dir)
        let out = try run("/usr/bin/env", ["python3", Paths.support + "/registry_env.py", "fault", "--dir", dir,
                                           "--layout", Paths.layout, "--ref", "python-app"], check: true)
        guard let json = try JSONSerialization.jsonObject(with: out.stdout) as? [String: Any], let host = json["host"] as? String else {
            throw TestFailure("registry_env.py fault printed: \(out.text)")
        }
        return Fault(host: host, dir: dir)
    }
}
