public import Foundation
import AsyncHTTPClient
package import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A client of the OCI Distribution API v2: manifest negotiation, anonymous, basic and
/// bearer-token authentication, retries with backoff, and verified blob downloads.
package final class RegistryClient: Sendable {
    let configuration: RegistryConfiguration
    let logger: Logger
    let http: HTTPClient
    /// Cached `Authorization` values per host and scope. Never logged.
    private let authorizations = Mutex<[String: String]>([:])
    /// Hosts found to speak plain HTTP (insecure mode only).
    private let plainHTTPHosts = Mutex<Set<String>>([])
    /// Hosts whose scheme was probed (insecure mode only).
    private let probedHosts = Mutex<Set<String>>([])

    package init(configuration: RegistryConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        var tls = TLSConfiguration.makeClientConfiguration()
        if configuration.insecure { tls.certificateVerification = .none }
        var config = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow,
                                              timeout: .init(connect: .seconds(15), read: .seconds(60)))
        config.decompression = .disabled
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    package func shutdown() async throws {
        try await http.shutdown()
    }

    // MARK: - Images

    /// Resolves a registry reference to an image whose blobs are downloaded (verified) to the cache.
    package func open(_ ref: RegistryReference, reference: ImageReference, platform: Platform?,
                      limits: ReadLimits, parallelism: Int) async throws -> Image {
        let (data, mediaType, digest) = try await fetchManifest(ref, reference: ref.reference, limits: limits)
        let resolver = ManifestResolver(source: ref.description, platform: platform, limits: limits) { descriptor, limit in
            if MediaType.isManifest(descriptor.mediaType) || MediaType.isIndex(descriptor.mediaType) {
                let (bytes, _, _) = try await self.fetchManifest(ref, reference: descriptor.digest.description, limits: limits, expected: descriptor)
                return bytes
            }
            return try await self.fetchSmallBlob(ref, descriptor: descriptor, limit: limit)
        }
        let resolved = try await resolver.resolve(data: data, declaredType: mediaType, digest: digest)
        // Validate every layer (media types, sizes) before downloading anything.
        _ = try resolver.layers(of: resolved) { _ in .blob(path: "/dev/null", length: 0) }
        var total: Int64 = 0
        for (i, layer) in resolved.manifest.layers.enumerated() {
            guard layer.size <= limits.maxLayerBytes else {
                throw ImageAccessError(.limitExceeded, "\(ref): layer \(i + 1) (\(layer.digest)) is \(layer.size) bytes, over the limit of \(limits.maxLayerBytes)")
            }
            total += layer.size
        }
        guard resolved.manifest.layers.count <= 1000, total <= limits.maxLayerBytes * 4 else {
            throw ImageAccessError(.limitExceeded, "\(ref): the image has \(resolved.manifest.layers.count) layers and \(total) bytes, over the limits")
        }
        // Download layers (verified) into the content-addressed cache.
        var paths: [Digest: String] = [:]
        let layers = resolved.manifest.layers
        try await withThrowingTaskGroup(of: (Digest, String).self) { group in
            var next = 0
            let width = max(1, configuration.parallelDownloads)
            func start() {
                let descriptor = layers[next]
                next += 1
                group.addTask { (descriptor.digest, try await self.downloadBlob(ref, descriptor: descriptor)) }
            }
            while next < min(width, layers.count) { start() }
            while let (digest, path) = try await group.next() {
                paths[digest] = path
                if next < layers.count { start() }
            }
        }
        let imageLayers = try resolver.layers(of: resolved) { descriptor in
            .blob(path: paths[descriptor.digest]!, offset: 0, length: descriptor.size)
        }
        return Image(reference: reference, manifestDigest: resolved.manifestDigest, indexDigest: resolved.indexDigest,
                     manifest: resolved.manifest, configDigest: resolved.configDigest, config: resolved.config,
                     layers: imageLayers, tags: ref.tag.map { [$0] } ?? [])
    }

    /// Fetches a manifest or index by tag or digest, bounded and verified.
    package func fetchManifest(_ ref: RegistryReference, reference: String, limits: ReadLimits,
                               expected: Descriptor? = nil) async throws -> (Data, String?, Digest) {
        let accept = (MediaType.acceptedManifests + [MediaType.dockerSchema1Signed, MediaType.dockerSchema1]).joined(separator: ", ")
        let what = "\(ref.host)/\(ref.repository): manifest '\(reference)'"
        let response = try await send(ref, path: "/v2/\(ref.repository)/manifests/\(reference)", headers: [("Accept", accept)], what: what)
        let data = try await collect(response, limit: limits.maxManifestBytes, what: what)
        let mediaType = response.headers.first(name: "Content-Type").map { String($0.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces) }
        if MediaType.isSchema1(mediaType) {
            throw ImageAccessError(.unsupported, "\(what): Docker schema 1 manifests are not supported (deprecated since 2017); re-push the image with a current client")
        }
        let computed = Digest.sha256(of: data)
        if let wanted = expected?.digest ?? Digest(reference) {
            guard wanted.matches(data) else {
                throw ImageAccessError(.digestMismatch, "\(what): digest mismatch: expected \(wanted), got \(computed)")
            }
            if let size = expected?.size, size != Int64(data.count) {
                throw ImageAccessError(.sizeMismatch, "\(what): size mismatch: expected \(size) bytes, got \(data.count)")
            }
            return (data, mediaType, wanted)
        }
        if let header = response.headers.first(name: "Docker-Content-Digest"), let claimed = Digest(header),
           !claimed.matches(data) {
            throw ImageAccessError(.digestMismatch, "\(what): digest mismatch: the registry says \(claimed), the content is \(computed)")
        }
        return (data, mediaType, computed)
    }

    /// Fetches a small blob (a config) into memory, verified; a cut connection is retried.
    func fetchSmallBlob(_ ref: RegistryReference, descriptor: Descriptor, limit: Int64) async throws -> Data {
        let what = "\(ref.host)/\(ref.repository): blob \(descriptor.digest)"
        guard descriptor.size <= limit else {
            throw ImageAccessError(.limitExceeded, "\(what) is \(descriptor.size) bytes, over the limit of \(limit)")
        }
        var attempt = 0
        while true {
            attempt += 1
            let data: Data
            do {
                let response = try await send(ref, path: "/v2/\(ref.repository)/blobs/\(descriptor.digest)", headers: [], what: what)
                data = try await collect(response, limit: descriptor.size, what: what)
            } catch let error as ImageAccessError where error.code == .network && attempt < configuration.maxAttempts {
                try await Task.sleep(for: backoff(attempt: attempt))
                continue
            }
            guard Int64(data.count) == descriptor.size else {
                throw ImageAccessError(.sizeMismatch, "\(what): size mismatch: expected \(descriptor.size) bytes, got \(data.count)")
            }
            guard descriptor.digest.matches(data) else {
                throw ImageAccessError(.digestMismatch, "\(what): digest mismatch: expected \(descriptor.digest), got \(Digest.sha256(of: data))")
            }
            return data
        }
    }

    /// Downloads a blob into the cache (written to a temporary file, verified, then renamed),
    /// and returns its path. A blob already cached with the right size is reused; its digest is
    /// checked again whenever it is read.
    func downloadBlob(_ ref: RegistryReference, descriptor: Descriptor) async throws -> String {
        let dir = configuration.effectiveCacheDirectory + "/" + descriptor.digest.algorithm.name
        let final = dir + "/" + descriptor.digest.hex
        var st = stat()
        if stat(final, &st) == 0, Int64(st.st_size) == descriptor.size { return final }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let what = "\(ref.host)/\(ref.repository): blob \(descriptor.digest)"
        var attempt = 0
        while true {
            attempt += 1
            let temp = dir + "/.partial-\(descriptor.digest.hex.prefix(16))-\(UUID().uuidString)"
            do {
                try await downloadOnce(ref, descriptor: descriptor, to: temp, what: what)
                guard rename(temp, final) == 0 else {
                    throw ImageAccessError(.io, "\(what): cannot move the download into the cache: \(String(cString: strerror(errno)))")
                }
                return final
            } catch let error as ImageAccessError where error.code == .network && attempt < configuration.maxAttempts {
                unlink(temp)
                logger.debug("blob download interrupted, retrying", metadata: ["blob": "\(descriptor.digest)", "attempt": "\(attempt)"])
                try await Task.sleep(for: backoff(attempt: attempt))
            } catch {
                unlink(temp)
                throw error
            }
        }
    }

    private func downloadOnce(_ ref: RegistryReference, descriptor: Descriptor, to path: String, what: String) async throws {
        let response = try await send(ref, path: "/v2/\(ref.repository)/blobs/\(descriptor.digest)", headers: [], what: what)
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ImageAccessError(.io, "\(what): cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var hasher = StreamingHasher(descriptor.digest.algorithm)
        var received: Int64 = 0
        let deadline = Self.bodyDeadline(size: descriptor.size)
        do {
            for try await chunk in response.body {
                guard ContinuousClock.now < deadline else {
                    throw ImageAccessError(.network, "\(what): the registry is sending too slowly (\(received) of \(descriptor.size) bytes); giving up")
                }
                received += Int64(chunk.readableBytes)
                guard received <= descriptor.size else {
                    throw ImageAccessError(.sizeMismatch, "\(what): size mismatch: expected \(descriptor.size) bytes, the registry sent more")
                }
                try chunk.withUnsafeReadableBytes { bytes in
                    hasher.update(bytes)
                    var offset = 0
                    while offset < bytes.count {
                        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                        if n < 0 {
                            if errno == EINTR { continue }
                            throw ImageAccessError(.io, "\(what): writing to the cache failed: \(String(cString: strerror(errno)))")
                        }
                        offset += n
                    }
                }
            }
        } catch let error as ImageAccessError {
            throw error
        } catch {
            throw ImageAccessError(.network, "\(what): the registry stopped sending after \(received) of \(descriptor.size) bytes (\(Self.describe(error)))")
        }
        guard received == descriptor.size else {
            throw ImageAccessError(.network, "\(what): the registry stopped sending after \(received) of \(descriptor.size) bytes")
        }
        let digest = hasher.finalize()
        guard digest == descriptor.digest else {
            throw ImageAccessError(.digestMismatch, "\(what): digest mismatch: expected \(descriptor.digest), got \(digest)")
        }
        guard fsync(fd) == 0 else {
            throw ImageAccessError(.io, "\(what): cannot flush the download to disk")
        }
    }

    // MARK: - HTTP

    /// Reads a response body, refusing more than `limit` bytes.
    func collect(_ response: HTTPClientResponse, limit: Int64, what: String) async throws -> Data {
        if let length = response.headers.first(name: "Content-Length").flatMap({ Int64($0) }), length > limit {
            throw ImageAccessError(.limitExceeded, "\(what) is \(length) bytes, over the limit of \(limit)")
        }
        var data = Data()
        let deadline = Self.bodyDeadline(size: limit)
        do {
            for try await chunk in response.body {
                guard ContinuousClock.now < deadline else {
                    throw ImageAccessError(.network, "\(what): the registry is sending too slowly; giving up after \(data.count) bytes")
                }
                guard Int64(data.count + chunk.readableBytes) <= limit else {
                    throw ImageAccessError(.limitExceeded, "\(what) is over the limit of \(limit) bytes")
                }
                data.append(contentsOf: chunk.readableBytesView)
            }
        } catch let error as ImageAccessError {
            throw error
        } catch {
            throw ImageAccessError(.network, "\(what): the registry stopped sending after \(data.count) bytes (\(Self.describe(error)))")
        }
        return data
    }

    /// The base URL of a host: https, or http for a host that turned out to speak plain HTTP in insecure mode.
    private func baseURL(_ host: String) -> String {
        plainHTTPHosts.withLock { $0.contains(host) } ? "http://\(host)" : "https://\(host)"
    }

    /// Sends a request (GET unless told) with authentication, redirects (GET and HEAD only) and
    /// retries; returns a 2xx response whose body is unread. `push` asks for push access as well.
    func send(_ ref: RegistryReference, method: HTTPMethod = .GET, path: String, headers: [(String, String)],
              body: Data? = nil, push: Bool = false, what: String) async throws -> HTTPClientResponse {
        let host = ref.apiHost
        let scope = "repository:\(ref.repository):\(push ? "pull,push" : "pull")"
        if configuration.insecure { await probeScheme(host) }
        var attempt = 0
        var authenticated = false
        while true {
            attempt += 1
            var url = path.hasPrefix("https://") || path.hasPrefix("http://") ? path : baseURL(host) + path
            var request = HTTPClientRequest(url: url)
            request.method = method
            if let body {
                request.body = .bytes(ByteBuffer(bytes: body))
                request.headers.add(name: "Content-Length", value: "\(body.count)")
            }
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let authorization = authorizations.withLock({ $0[host + " " + scope] }) {
                request.headers.add(name: "Authorization", value: authorization)
            }
            var response: HTTPClientResponse
            var redirects = 0
            do {
                response = try await http.execute(request, timeout: .seconds(120))
                while [301, 302, 303, 307, 308].contains(response.status.code), method == .GET || method == .HEAD {
                    redirects += 1
                    guard redirects <= 5, let location = response.headers.first(name: "Location") else {
                        throw ImageAccessError(.registry, "\(what): too many redirects")
                    }
                    url = URL(string: location, relativeTo: URL(string: url))?.absoluteString ?? location
                    guard url.hasPrefix("https://") || (configuration.insecure && url.hasPrefix("http://")) else {
                        throw ImageAccessError(.registry, "\(what): refusing a redirect to a non-HTTPS location")
                    }
                    // Blob storage gets no registry credentials: the redirect URL carries its own authorization.
                    var follow = HTTPClientRequest(url: url)
                    for (name, value) in headers { follow.headers.add(name: name, value: value) }
                    response = try await http.execute(follow, timeout: .seconds(120))
                }
            } catch let error as ImageAccessError {
                throw error
            } catch {
                if !configuration.insecure, "\(error)".contains("handshakeFailed") || "\(error)".contains("WRONG_VERSION_NUMBER") {
                    throw ImageAccessError(.network, "\(what): TLS handshake with \(host) failed (\(Self.describe(error))); for a plain-HTTP registry use --insecure")
                }
                guard attempt < configuration.maxAttempts else {
                    throw ImageAccessError(.network, "\(what): cannot reach \(host) after \(attempt) attempts (\(Self.describe(error)))")
                }
                try await Task.sleep(for: backoff(attempt: attempt))
                continue
            }
            let code = Int(response.status.code)
            switch code {
            case 200..<300:
                return response
            case 401 where !authenticated && redirects == 0:
                authenticated = true
                let challenge = response.headers.first(name: "WWW-Authenticate") ?? ""
                _ = try? await response.body.collect(upTo: 1 << 16)
                try await authenticate(host: host, scope: scope, challenge: challenge, what: what)
                attempt -= 1
                continue
            case 429, 500..<600:
                guard attempt < configuration.maxAttempts else {
                    let body = try? await collect(response, limit: 1 << 16, what: what)
                    throw ImageAccessError(.registry, "\(what): the registry answered \(code) \(response.status.reasonPhrase) after \(attempt) attempts\(Self.errorDetail(body))")
                }
                let wait = retryAfter(response.headers.first(name: "Retry-After")) ?? backoff(attempt: attempt)
                _ = try? await response.body.collect(upTo: 1 << 16)
                logger.debug("registry busy, retrying", metadata: ["status": "\(code)", "attempt": "\(attempt)"])
                try await Task.sleep(for: wait)
                continue
            default:
                let body = try? await collect(response, limit: 1 << 16, what: what)
                let detail = Self.errorDetail(body)
                switch code {
                case 401 where (response.headers.first(name: "WWW-Authenticate") ?? "").contains("insufficient_scope"):
                    throw ImageAccessError(.denied, "\(what): access denied: the credentials do not grant \(push ? "push" : "pull") access to \(ref.repository) (401 insufficient_scope)")
                case 401:
                    throw ImageAccessError(.unauthorized, "\(what): authentication required or credentials rejected (401)\(detail)")
                case 403:
                    throw ImageAccessError(.denied, "\(what): access denied (403)\(detail)")
                case 404:
                    throw ImageAccessError(.notFound, "\(what): not found (404)\(detail)")
                default:
                    throw ImageAccessError(.registry, "\(what): the registry answered \(code) \(response.status.reasonPhrase)\(detail)")
                }
            }
        }
    }

    /// skopeo's --tls-verify=false: a registry that does not speak TLS is used over plain HTTP.
    /// One plain-HTTP probe of `/v2/` per host decides: a registry answers it with 200 or 401
    /// (a TLS-only server answers 400 or drops the connection, and HTTPS is kept).
    private func probeScheme(_ host: String) async {
        let first = probedHosts.withLock { $0.insert(host).inserted }
        guard first else { return }
        do {
            let response = try await http.execute(HTTPClientRequest(url: "http://\(host)/v2/"), timeout: .seconds(5))
            _ = try? await response.body.collect(upTo: 1 << 16)
            if response.status.code == 200 || response.status.code == 401
                || response.headers.first(name: "Docker-Distribution-API-Version") != nil {
                logger.debug("registry speaks plain HTTP", metadata: ["host": "\(host)"])
                plainHTTPHosts.withLock { _ = $0.insert(host) }
            }
        } catch {
            logger.debug("plain-HTTP probe failed, using HTTPS", metadata: ["host": "\(host)"])
        }
    }

    /// Answers a 401 challenge: Basic with the configured credentials, or a bearer token from the realm.
    private func authenticate(host: String, scope: String, challenge: String, what: String) async throws {
        let credentials = AuthFileReader(configuration: configuration).credentials(for: host)
        let parsed = AuthChallenge(parsing: challenge)
        switch parsed?.scheme.lowercased() {
        case "basic":
            guard let credentials else {
                throw ImageAccessError(.unauthorized, "\(what): the registry requires credentials (401); give --creds or log in")
            }
            authorizations.withLock { $0[host + " " + scope] = credentials.basicHeader }
        case "bearer":
            guard let realm = parsed?.parameters["realm"], var components = URLComponents(string: realm) else {
                throw ImageAccessError(.unauthorized, "\(what): the registry's bearer challenge names no realm")
            }
            guard components.scheme == "https" || (configuration.insecure && components.scheme == "http") else {
                throw ImageAccessError(.unauthorized, "\(what): refusing to ask a non-HTTPS token realm for a token (use --insecure to allow)")
            }
            var items = components.queryItems ?? []
            if let service = parsed?.parameters["service"] { items.append(URLQueryItem(name: "service", value: service)) }
            items.append(URLQueryItem(name: "scope", value: parsed?.parameters["scope"] ?? scope))
            components.queryItems = items
            guard let url = components.url?.absoluteString else {
                throw ImageAccessError(.unauthorized, "\(what): invalid token realm")
            }
            var request = HTTPClientRequest(url: url)
            if let credentials { request.headers.add(name: "Authorization", value: credentials.basicHeader) }
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, timeout: .seconds(60))
            } catch {
                throw ImageAccessError(.network, "\(what): cannot reach the token service (\(Self.describe(error)))")
            }
            let body = try await collect(response, limit: 1 << 20, what: "\(what): token")
            guard response.status.code == 200 else {
                let code = response.status.code
                throw ImageAccessError(code == 401 || code == 403 ? .unauthorized : .registry,
                                       "\(what): the token service refused \(credentials == nil ? "anonymous access" : "the credentials") (\(code))")
            }
            struct TokenResponse: Decodable { var token: String?; var access_token: String? }
            guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: body),
                  let token = decoded.token ?? decoded.access_token, !token.isEmpty else {
                throw ImageAccessError(.registry, "\(what): the token service answered without a token")
            }
            authorizations.withLock { $0[host + " " + scope] = "Bearer " + token }
        default:
            throw ImageAccessError(.unauthorized, "\(what): the registry requires authentication (401) with an unsupported scheme")
        }
    }

    // MARK: - Helpers

    /// How long a body of `size` bytes may take: a minute, plus 64 KiB/s.
    static func bodyDeadline(size: Int64) -> ContinuousClock.Instant {
        ContinuousClock.now + .seconds(60) + .seconds(max(0, size) / 65_536)
    }

    func backoff(attempt: Int) -> Duration {
        let delay = configuration.retryBaseDelay * (1 << min(attempt - 1, 10))
        return min(delay, configuration.maxRetryDelay)
    }

    /// `Retry-After` as seconds or an HTTP date, capped.
    func retryAfter(_ value: String?) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value), seconds >= 0 {
            return min(.seconds(seconds), configuration.maxRetryDelay)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: value) {
            return min(.milliseconds(max(0, Int(date.timeIntervalSinceNow * 1000))), configuration.maxRetryDelay)
        }
        return nil
    }

    /// The first error message of an OCI error body, for error text.
    static func errorDetail(_ body: Data?) -> String {
        struct Errors: Decodable { struct E: Decodable { var code: String?; var message: String? }; var errors: [E]? }
        guard let body, let decoded = try? JSONDecoder().decode(Errors.self, from: body),
              let first = decoded.errors?.first else { return "" }
        let text = [first.code, first.message].compactMap { $0 }.joined(separator: ": ")
        return text.isEmpty ? "" : ": " + String(text.prefix(300))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: error).prefix(200).description
    }
}

/// A parsed `WWW-Authenticate` header: `Bearer realm="...",service="...",scope="..."`.
struct AuthChallenge {
    var scheme: String
    var parameters: [String: String]

    init?(parsing header: String) {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else {
            if trimmed.isEmpty { return nil }
            scheme = trimmed
            parameters = [:]
            return
        }
        scheme = String(trimmed[..<space])
        parameters = [:]
        var rest = trimmed[trimmed.index(after: space)...]
        while !rest.isEmpty {
            rest = rest.drop(while: { $0 == " " || $0 == "," })
            guard let eq = rest.firstIndex(of: "=") else { break }
            let key = rest[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: eq)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                var end = rest.endIndex
                for i in rest.indices {
                    let c = rest[i]
                    if escaped { value.append(c); escaped = false; continue }
                    if c == "\\" { escaped = true; continue }
                    if c == "\"" { end = i; break }
                    value.append(c)
                }
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[key] = value
        }
    }
}
