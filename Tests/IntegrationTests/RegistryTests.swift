import Foundation
import Testing
import Logging
@testable import ImageAccess

/// The registry client against a real registry (Debian's docker-registry, CNCF distribution 2.8.2)
/// anonymous, with htpasswd basic auth and with token auth.
@Suite(.serialized)
struct RegistryTests {
    static let pythonApp = "sha256:7be0f62c42b948f7f8d77e9a93b88207214b19aa06e70cd5e832f28d3e6a8617"

    func open(_ reference: String, credentials: Credentials? = nil, platform: Platform? = nil,
              environment: [String: String]? = nil) async throws -> Image {
        try await testOpener(platform: platform, credentials: credentials, environment: environment)
            .open(try ImageReference(parsing: reference))
    }

    @Test func anonymousPullByTagDigestAndBareName() async throws {
        let registry = try Fixtures.anonymousRegistry.get()
        let byTag = try await open("docker://\(registry.host)/team/app:1")
        #expect(byTag.manifestDigest?.description == Self.pythonApp)
        let byDigest = try await open("docker://\(registry.host)/team/app@\(Self.pythonApp)")
        #expect(byDigest.configDigest == byTag.configDigest)
        // The bare form with docker's defaults (tag latest, library/ only on docker.io).
        let bare = try await open("\(registry.host)/library/debian-minbase")
        #expect(bare.layers.count == 1)
        let missing = await #expect(throws: ImageAccessError.self) { try await open("docker://\(registry.host)/team/app:nope") }
        #expect(missing?.code == .notFound)
        #expect(missing?.message.contains("404") == true)
    }

    @Test func platformSelectionFromAMultiArchIndex() async throws {
        let multi = try Fixtures.multiArch.get()
        let amd64 = try await open(multi.reference, platform: Platform(parsing: "linux/amd64"))
        #expect(amd64.manifestDigest?.description == multi.amd64)
        #expect(amd64.indexDigest?.description == multi.indexDigest)
        #expect(amd64.layers.count == 4)
        let arm64 = try await open(multi.reference, platform: Platform(parsing: "linux/arm64/v8"))
        #expect(arm64.manifestDigest?.description == multi.arm64)
        #expect(arm64.layers.count == 1)
        let arm64NoVariant = try await open(multi.reference, platform: Platform(parsing: "linux/arm64"))
        #expect(arm64NoVariant.manifestDigest?.description == multi.arm64)
        // Default: the host's platform.
        let host = try await open(multi.reference)
        #expect(host.manifestDigest?.description == multi.amd64)
        let none = await #expect(throws: ImageAccessError.self) { try await open(multi.reference, platform: Platform(parsing: "linux/s390x")) }
        #expect(none?.message.contains("no image for platform linux/s390x") == true)
        #expect(none?.message.contains("linux/arm64/v8") == true)
    }

    @Test func basicAuthWithEveryCredentialSource() async throws {
        let registry = try Fixtures.htpasswdRegistry.get()
        let user = try #require(registry.username), password = try #require(registry.password)
        let reference = "docker://\(registry.host)/team/app:1"
        let image = try await open(reference, credentials: Credentials(username: user, password: password))
        #expect(image.manifestDigest?.description == Self.pythonApp)

        // Auth files: $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json, ~/.docker/config.json.
        let home = Paths.scratch + "/home-\(UUID().uuidString)"
        let auth = Data("\(user):\(password)".utf8).base64EncodedString()
        let json = Data(#"{"auths":{"\#(registry.host)":{"auth":"\#(auth)"}}}"#.utf8)
        for (file, environment) in [
            (home + "/registry-auth.json", ["REGISTRY_AUTH_FILE": home + "/registry-auth.json", "HOME": home]),
            (home + "/run/containers/auth.json", ["XDG_RUNTIME_DIR": home + "/run", "HOME": home]),
            (home + "/.docker/config.json", ["HOME": home]),
        ] {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try json.write(to: URL(fileURLWithPath: file))
            let viaFile = try await open(reference, environment: environment)
            #expect(viaFile.manifestDigest?.description == Self.pythonApp, "\(file)")
            try FileManager.default.removeItem(atPath: file)
        }

        let anonymous = await #expect(throws: ImageAccessError.self) { try await open(reference, environment: ["HOME": home]) }
        #expect(anonymous?.code == .unauthorized)
        let wrong = await #expect(throws: ImageAccessError.self) {
            try await open(reference, credentials: Credentials(username: user, password: "not-\(password)"))
        }
        #expect(wrong?.code == .unauthorized)
        #expect(wrong?.message.contains(password) == false)
    }

    @Test func bearerTokenFlow() async throws {
        let registry = try Fixtures.tokenRegistry.get()
        let credentials = Credentials(username: try #require(registry.username), password: try #require(registry.password))
        let image = try await open("docker://\(registry.host)/team/app:1", credentials: credentials)
        #expect(image.manifestDigest?.description == Self.pythonApp)
        // The token was asked for with the repository's pull scope.
        let log = try String(contentsOfFile: registry.dir + "/token.log", encoding: .utf8)
        #expect(log.contains("repository:team/app:pull"))

        let wrong = await #expect(throws: ImageAccessError.self) {
            try await open("docker://\(registry.host)/team/app:1", credentials: Credentials(username: credentials.username, password: "bad"))
        }
        #expect(wrong?.code == .unauthorized)
        let anonymous = await #expect(throws: ImageAccessError.self) {
            try await open("docker://\(registry.host)/team/app:1", environment: ["HOME": "/nonexistent"])
        }
        #expect(anonymous?.code == .unauthorized)
        let forbidden = await #expect(throws: ImageAccessError.self) {
            try await open("docker://\(registry.host)/forbidden/app:1", credentials: credentials)
        }
        #expect(forbidden?.code == .denied)
        #expect(forbidden?.message.contains("insufficient_scope") == true)
    }

    @Test func commandLineNeverPrintsSecrets() throws {
        let registry = try Fixtures.tokenRegistry.get()
        let password = try #require(registry.password)
        let ok = try palisade(["image", "inspect", "-v", "--format", "json", "--tls-verify=false",
                               "--creds", "palisade:\(password)", "docker://\(registry.host)/team/app:1"],
                              environment: ["PALISADE_CACHE_DIR": Paths.scratch + "/cli-cache"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.text.contains(Self.pythonApp))
        #expect(!ok.stderr.contains(password) && !ok.text.contains(password))
        #expect(!ok.stderr.contains("Bearer ") && !ok.stderr.contains("eyJ"), "no tokens in logs")
        let bad = try palisade(["image", "inspect", "-v", "--insecure", "--creds", "palisade:wrong-\(password)",
                                "docker://\(registry.host)/team/app:1"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("refused the credentials"))
        #expect(!bad.stderr.contains(password))
    }

    @Test func tlsIsTheDefault() throws {
        let registry = try Fixtures.anonymousRegistry.get()
        // A plain-HTTP registry without --insecure: refused, with the way out named.
        let result = try palisade(["image", "inspect", "docker://\(registry.host)/team/app:1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("TLS") && result.stderr.contains("--insecure"), "\(result.stderr)")
    }
}

/// Faults a real registry cannot produce on demand, from the fault-injection server.
@Suite(.serialized)
struct RegistryFaultTests {
    func open(_ repo: String, credentials: Credentials? = nil, cache: String? = nil) async throws -> Image {
        let fault = try Fixtures.fault.get()
        var configuration = testOpener(credentials: credentials).configuration
        if let cache { configuration.registry.cacheDirectory = cache }
        return try await ImageOpener(configuration: configuration, logger: .init(label: "test"))
            .open(try ImageReference(parsing: "docker://\(fault.host)/\(repo):latest"))
    }

    func requests(_ path: String) throws -> Int {
        let fault = try Fixtures.fault.get()
        let log = try String(contentsOfFile: fault.dir + "/requests.log", encoding: .utf8)
        return log.split(separator: "\n").filter { $0.contains(" \(path) ") }.count
    }

    @Test(arguments: [("status/401", ImageAccessError.Code.unauthorized), ("status/403", .denied),
                      ("status/404", .notFound), ("status/500", .registry)])
    func errorStatuses(_ repo: String, _ code: ImageAccessError.Code) async throws {
        let error = await #expect(throws: ImageAccessError.self) { try await open(repo) }
        #expect(error?.code == code, "\(repo): \(error?.message ?? "")")
        #expect(error?.message.contains(repo) == true)
    }

    @Test func serverErrorsAreRetriedThenReported() async throws {
        let error = await #expect(throws: ImageAccessError.self) { try await open("status/502") }
        #expect(error?.message.contains("502") == true)
        #expect(error?.message.contains("after 3 attempts") == true)
        #expect(try requests("/v2/status/502/manifests/latest") == 3)
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let image = try await open("flaky/429")
        #expect(image.layers.count == 4)
        #expect(clock.now - start >= .seconds(2), "two Retry-After: 1 answers were waited out")
        let busy = await #expect(throws: ImageAccessError.self) { try await open("always/429") }
        #expect(busy?.message.contains("429") == true)
    }

    @Test func unavailableIsRetried() async throws {
        let image = try await open("flaky/503")
        #expect(image.layers.count == 4)
    }

    @Test func registryStoppingMidBlobLeavesNothingBehind() async throws {
        let cache = Paths.scratch + "/midblob-cache"
        let error = await #expect(throws: ImageAccessError.self) { try await open("midblob/app", cache: cache) }
        #expect(error?.code == .network)
        #expect(error?.message.contains("stopped sending") == true)
        let left = (FileManager.default.enumerator(atPath: cache)?.allObjects as? [String] ?? [])
            .filter { !$0.hasSuffix("sha256") && $0.contains("/") }
        // Only the fully verified config-free blobs may remain; no partial download.
        #expect(!left.contains { $0.contains(".partial") }, "\(left)")
        // A cut that heals is retried to success.
        let healed = try await open("midblob-once/app")
        #expect(healed.layers.count == 4)
    }

    @Test func redirectsToBlobStorageCarryNoCredentials() async throws {
        let image = try await open("redirect/app")
        #expect(image.layers.count == 4)
        let fault = try Fixtures.fault.get()
        let withAuth = try await open("redirect-auth/app", credentials: Credentials(username: "u", password: "secret-pw"))
        #expect(withAuth.layers.count == 4)
        let log = try String(contentsOfFile: fault.dir + "/storage-auth.log", encoding: .utf8)
        #expect(log.contains("noauth"))
        #expect(!log.split(separator: "\n").contains("auth"), "credentials leaked to blob storage")
    }

    @Test func badManifestsAndBlobs() async throws {
        let schema1 = await #expect(throws: ImageAccessError.self) { try await open("schema1/app") }
        #expect(schema1?.code == .unsupported)
        #expect(schema1?.message.contains("schema 1") == true)
        let huge = await #expect(throws: ImageAccessError.self) { try await open("hugemanifest/app") }
        #expect(huge?.code == .limitExceeded)
        let tampered = await #expect(throws: ImageAccessError.self) { try await open("wrongdigest/app") }
        #expect(tampered?.code == .digestMismatch)
    }
}
