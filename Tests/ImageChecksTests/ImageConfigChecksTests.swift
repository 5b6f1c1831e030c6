import Foundation
import Testing
@testable import ImageChecks

/// Image-scope checks on hand-built facts, and the registry itself.
struct ImageConfigChecksTests {
    func ids(_ facts: ImageFacts, configuration: ImageConfigChecks.Configuration = .init()) -> [String] {
        ImageConfigChecks.evaluate(facts, configuration: configuration).map(\.checkID)
    }

    /// Facts of a well-built image: no finding.
    var clean: ImageFacts {
        ImageFacts(reference: .init(parsing: "ghcr.io/org/app:1.4.2"), user: "10001", exposedPorts: ["8080/tcp"],
                   environment: ["PATH=/usr/bin", "PASSWORD_FILE=/run/secrets/db"], healthcheck: ["CMD", "/app/health"],
                   entrypoint: ["/app/server"], history: [.init(createdBy: "RUN /bin/sh -c apk add --no-cache curl # buildkit")],
                   layerCount: 5, filesystem: ImageFilesystemFacts())
    }

    @Test func cleanImageHasNoFindings() {
        #expect(ids(clean).isEmpty)
    }

    @Test func rootUser() {
        for user in [nil, "", "root", "0", "0:0", "root:wheel"] as [String?] {
            var facts = clean
            facts.user = user
            #expect(ids(facts) == ["PAL-IMG-001"], "user \(user ?? "nil")")
        }
        var facts = clean
        facts.user = "app:0"
        #expect(ids(facts).isEmpty)
    }

    @Test func healthcheck() {
        var facts = clean
        facts.healthcheck = nil
        #expect(ids(facts) == ["PAL-IMG-002"])
        facts.healthcheck = ["NONE"]
        let finding = ImageConfigChecks.evaluate(facts).first
        #expect(finding?.message == "the image disables its health check (Healthcheck NONE)")
    }

    @Test func secretsInEnvAndHistory() {
        var facts = clean
        facts.environment.append("API_TOKEN=abcdef123456")
        facts.history.append(.init(createdBy: "RUN |1 NPM_TOKEN=npm_secretvalue /bin/sh -c npm ci # buildkit"))
        facts.history.append(.init(createdBy: "ARG DB_PASSWORD=hunter2", emptyLayer: true))
        facts.history.append(.init(createdBy: "ENV API_TOKEN=abcdef123456", emptyLayer: true))
        let found = ImageConfigChecks.evaluate(facts).filter { $0.checkID == "PAL-IMG-003" }
        #expect(found.count == 3)
        #expect(found.map(\.location) == [.config("Env"), .history(1), .history(2)])
        #expect(found.allSatisfy { !$0.message.contains("abcdef") && !$0.message.contains("npm_secret") && !$0.message.contains("hunter2") })
    }

    @Test func addFromURLInHistory() {
        var facts = clean
        facts.history.append(.init(createdBy: "ADD https://example.com/tool.tgz /opt/ # buildkit"))
        facts.history.append(.init(createdBy: "/bin/sh -c #(nop) ADD file:8a6b in / "))
        #expect(ImageConfigChecks.evaluate(facts).map(\.location) == [.history(1)])
    }

    @Test func latestOrUntaggedReference() {
        var facts = clean
        facts.reference = .init(parsing: "nginx")
        #expect(ImageConfigChecks.evaluate(facts).first?.equivalents == ["DL3006"])
        facts.reference = .init(parsing: "localhost:5000/nginx:latest")
        #expect(ImageConfigChecks.evaluate(facts).first?.equivalents == ["DL3007"])
        facts.reference = .init(parsing: "nginx@sha256:abc")
        #expect(ids(facts).isEmpty)
        let reference = ImageFacts.Reference(parsing: "registry.example.com:5000/team/app:1.2@sha256:abc")
        #expect(reference == .init(registry: "registry.example.com:5000", repository: "team/app", tag: "1.2", digest: "sha256:abc"))
    }

    func withFiles(_ build: (inout ImageFactsBuilder) -> Void) -> ImageFacts {
        var builder = ImageFactsBuilder()
        build(&builder)
        var facts = clean
        facts.filesystem = builder.summary()
        return facts
    }

    @Test func sudoAndSetuid() {
        let facts = withFiles { b in
            b.add(path: "/usr/bin/sudo", mode: 0o4755, kind: .file, size: 1, layer: 1)
            b.add(path: "/usr/bin/wall", mode: 0o2755, kind: .file, size: 1, layer: 1)
            b.add(path: "/usr/bin/gone", mode: 0o4755, kind: .file, size: 1, layer: 1)
            b.addWhiteout(path: "/usr/bin/gone", layer: 2)
            b.add(path: "/srv/shared", mode: 0o2775, kind: .directory, size: 0, layer: 1)
        }
        let found = ImageConfigChecks.evaluate(facts)
        #expect(found.map(\.checkID) == ["PAL-IMG-007", "PAL-IMG-008", "PAL-IMG-008"])
        #expect(found.map(\.message) == ["/usr/bin/sudo is installed (setuid)", "/usr/bin/sudo is setuid (mode 4755)", "/usr/bin/wall is setgid (mode 2755)"])
        #expect(found[0].location == .path("/usr/bin/sudo", layer: 1))
    }

    @Test func setuidListIsCapped() {
        let facts = withFiles { b in
            for i in 0..<5 { b.add(path: "/bin/s\(i)", mode: 0o4755, kind: .file, size: 1, layer: 1) }
        }
        let found = ImageConfigChecks.evaluate(facts, configuration: .init(maximumListedPaths: 2))
        #expect(found.count == 3)
        #expect(found.map(\.message).contains("and 3 more setuid/setgid files"))
    }

    @Test func worldWritableWithAndWithoutSticky() {
        let facts = withFiles { b in
            b.add(path: "/tmp", mode: 0o1777, kind: .directory, size: 0, layer: 1)
            b.add(path: "/var/www", mode: 0o777, kind: .directory, size: 0, layer: 1)
            b.add(path: "/tmp/shared.conf", mode: 0o666, kind: .file, size: 1, layer: 1)
            b.add(path: "/lib/libx.so", mode: 0o777, kind: .symlink, size: 0, layer: 1)
            b.add(path: "/app", mode: 0o777, kind: .directory, size: 0, layer: 1)
            b.add(path: "/app", mode: 0o755, kind: .directory, size: 0, layer: 2)
        }
        let found = ImageConfigChecks.evaluate(facts).filter { $0.checkID == "PAL-IMG-009" }
        #expect(found.map(\.location.imagePath) == ["/tmp/shared.conf", "/var/www"])
    }

    @Test func aptListsAndOtherCaches() {
        let facts = withFiles { b in
            b.add(path: "/var/lib/apt/lists/x_Packages", mode: 0o644, kind: .file, size: 45_000_000, layer: 3)
            b.add(path: "/var/cache/apt/archives/lock", mode: 0o640, kind: .file, size: 0, layer: 3)
            b.add(path: "/root/.cache/pip/selfcheck.json", mode: 0o644, kind: .file, size: 100, layer: 3)
        }
        let found = ImageConfigChecks.evaluate(facts)
        #expect(found.map(\.checkID) == ["PAL-IMG-010"])
        #expect(found.first?.message == "/var/lib/apt/lists (apt) holds 42.9 MiB in 1 files (layer 3)")
    }

    @Test func sshServer() {
        var facts = withFiles { b in b.add(path: "/usr/sbin/sshd", mode: 0o755, kind: .file, size: 1, layer: 2) }
        facts.exposedPorts = ["22/tcp", "8080/tcp"]
        facts.entrypoint = []
        facts.cmd = ["/usr/sbin/sshd", "-D"]
        let found = ImageConfigChecks.evaluate(facts).filter { $0.checkID == "PAL-IMG-011" }
        #expect(found.map(\.location) == [.config("Cmd"), .config("ExposedPorts"), .path("/usr/sbin/sshd", layer: 2)])
    }

    @Test func curlPipedToShellInHistory() {
        var facts = clean
        facts.history.append(.init(createdBy: "/bin/sh -c curl -fsSL https://deb.nodesource.com/setup_20.x | bash -"))
        facts.history.append(.init(createdBy: "RUN /bin/sh -c sh -c \"$(wget -qO- https://x)\" # buildkit"))
        facts.history.append(.init(createdBy: "/bin/sh -c curl -fsSL https://x | tar xz"))
        let found = ImageConfigChecks.evaluate(facts).filter { $0.checkID == "PAL-IMG-012" }
        #expect(found.map(\.location) == [.history(1), .history(2)])
    }

    @Test func tooManyLayers() {
        var facts = clean
        facts.layerCount = 51
        #expect(ids(facts) == ["PAL-IMG-013"])
        facts.layerCount = 50
        #expect(ids(facts).isEmpty)
    }

    @Test func wastedBytesAndKeysInLowerLayers() {
        let facts = withFiles { b in
            b.add(path: "/build/node_modules.tar", mode: 0o644, kind: .file, size: 25 << 20, layer: 2)
            b.add(path: "/root/.ssh/id_rsa", mode: 0o600, kind: .file, size: 1700, layer: 2)
            b.addWhiteout(path: "/build", layer: 3)
            b.addWhiteout(path: "/root/.ssh/id_rsa", layer: 3)
        }
        let found = ImageConfigChecks.evaluate(facts).filter { $0.checkID == "PAL-IMG-014" }
        #expect(found.count == 2)
        let key = found.first { $0.location.imagePath == "/root/.ssh/id_rsa" }
        #expect(key?.severity == .high)
        #expect(key?.location.layer == 2)
        let waste = found.first { $0.location.imagePath == "/build/node_modules.tar" }
        #expect(waste?.severity == .medium)
        #expect(waste?.message.hasPrefix("25.0 MiB in 2 files are deleted or replaced by later layers") == true)
        let small = withFiles { b in
            b.add(path: "/a", mode: 0o644, kind: .file, size: 1 << 20, layer: 1)
            b.addWhiteout(path: "/a", layer: 2)
        }
        #expect(ids(small).isEmpty)
    }

    @Test func registryHasUniqueStableIDsAndCompleteMetadata() {
        let all = ImageConfigChecks.all
        #expect(all.count == 20)
        #expect(Set(all.map(\.id)).count == all.count)
        #expect(all.map(\.id) == (1...20).map { "PAL-IMG-" + String(repeating: "0", count: $0 < 10 ? 2 : 1) + String($0) })
        for check in all {
            #expect(!check.title.isEmpty && !check.description.isEmpty && !check.remediation.isEmpty, "\(check.id)")
            #expect(!check.scope.isEmpty, "\(check.id)")
            #expect(ImageConfigChecks.check(id: check.id)?.title == check.title)
        }
        #expect(all.filter { $0.scope == .both }.count == 13)
        #expect(ImageConfigChecks.check(id: "PAL-IMG-001")?.mappings.cis == ["4.1"])
    }

    @Test func findingsRoundTripThroughJSON() throws {
        var facts = clean
        facts.user = nil
        facts.reference = .init(parsing: "nginx")
        let findings = ImageConfigChecks.evaluate(facts)
        let data = try JSONEncoder().encode(findings)
        #expect(try JSONDecoder().decode([ImageConfigFinding].self, from: data) == findings)
        let factsData = try JSONEncoder().encode(facts)
        #expect(try JSONDecoder().decode(ImageFacts.self, from: factsData) == facts)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"severity\":\"HIGH\""))
    }
}
