public import Foundation

/// Options for talking to registries.
public struct RegistryConfiguration: Sendable {
    /// Explicit credentials (`--creds USER:PASSWORD`); they win over auth files.
    public var credentials: Credentials?
    /// An auth file to read first (`--authfile`), before `$REGISTRY_AUTH_FILE`,
    /// `$XDG_RUNTIME_DIR/containers/auth.json` and `~/.docker/config.json`.
    public var authFile: String?
    /// Plain HTTP and unverified TLS (`--insecure`, `--tls-verify=false`).
    public var insecure = false
    /// Attempts per request on 429, 5xx and broken connections.
    public var maxAttempts = 5
    /// First backoff delay; doubles each attempt, capped at `maxRetryDelay`.
    public var retryBaseDelay: Duration = .milliseconds(500)
    /// The longest wait between attempts, also for `Retry-After`.
    public var maxRetryDelay: Duration = .seconds(30)
    /// Where downloaded blobs are kept (content-addressed); default `$XDG_CACHE_HOME/palisade/blobs`.
    public var cacheDirectory: String?
    /// Environment used to find auth files and the cache (injectable for tests).
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Blob downloads at once.
    public var parallelDownloads = 3

    /// The defaults.
    public init() {}

    /// The blob cache directory in effect.
    public var effectiveCacheDirectory: String {
        if let cacheDirectory { return cacheDirectory }
        if let dir = environment["PALISADE_CACHE_DIR"], !dir.isEmpty { return dir + "/blobs" }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/palisade/blobs" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/palisade/blobs"
    }
}

/// A user name and password (or identity token). Never printed.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// Parses `USER:PASSWORD` (the password may contain ':').
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return nil }
        username = String(text[..<colon])
        password = String(text[text.index(after: colon)...])
    }

    /// The value of a Basic `Authorization` header.
    var basicHeader: String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    public var description: String { "Credentials(\(username), ***)" }
    public var debugDescription: String { description }
}

/// Reads credentials from the auth files containers and docker users already have.
package struct AuthFileReader {
    let configuration: RegistryConfiguration

    /// The auth files consulted, in order.
    var candidates: [String] {
        let env = configuration.environment
        var files: [String] = []
        if let file = configuration.authFile { files.append(file) }
        if let file = env["REGISTRY_AUTH_FILE"], !file.isEmpty { files.append(file) }
        if let runtime = env["XDG_RUNTIME_DIR"], !runtime.isEmpty { files.append(runtime + "/containers/auth.json") }
        let home = env["HOME"] ?? NSHomeDirectory()
        if let dockerConfig = env["DOCKER_CONFIG"], !dockerConfig.isEmpty {
            files.append(dockerConfig + "/config.json")
        } else {
            files.append(home + "/.docker/config.json")
        }
        return files
    }

    /// Keys an auth file may use for a host.
    static func keys(for host: String) -> [String] {
        var keys = [host, "https://\(host)", "http://\(host)", "https://\(host)/v1/", "https://\(host)/v2/"]
        if host == "docker.io" || host == "registry-1.docker.io" || host == "index.docker.io" {
            keys += ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"]
        }
        return keys
    }

    /// Credentials for a registry host, from the first auth file that has them.
    package func credentials(for host: String) -> Credentials? {
        if let explicit = configuration.credentials { return explicit }
        struct AuthFile: Decodable {
            struct Entry: Decodable { var auth: String?; var username: String?; var password: String?; var identitytoken: String? }
            var auths: [String: Entry]?
        }
        for path in candidates {
            guard let data = FileManager.default.contents(atPath: path), data.count < 4 << 20,
                  let file = try? JSONDecoder().decode(AuthFile.self, from: data), let auths = file.auths else { continue }
            for key in Self.keys(for: host) {
                guard let entry = auths[key] else { continue }
                if let auth = entry.auth, let decoded = Data(base64Encoded: auth),
                   let text = String(data: decoded, encoding: .utf8), let creds = Credentials(parsing: text) {
                    return creds
                }
                if let user = entry.username, let password = entry.password {
                    return Credentials(username: user, password: password)
                }
            }
        }
        return nil
    }
}
