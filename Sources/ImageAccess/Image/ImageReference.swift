/// Where an image lives, in skopeo's transport syntax.
///
/// - `oci:DIR[:REF]`, `oci-archive:FILE[:REF]`
/// - `docker-archive:FILE[:NAME:TAG | :@INDEX]`
/// - `rootfs:DIR`
/// - `docker://HOST[:PORT]/REPO[:TAG|@DIGEST]`, or a bare `REPO[:TAG|@DIGEST]` with docker's defaults.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// The transport and its arguments.
    public enum Transport: Sendable, Hashable {
        case ociLayout(path: String, ref: String?)
        case ociArchive(path: String, ref: String?)
        case dockerArchive(path: String, name: String?)
        case rootfs(path: String)
        case registry(RegistryReference)
    }

    public let transport: Transport
    /// The text the user gave.
    public let original: String

    /// Parses a reference; throws `invalidReference` with what is wrong.
    public init(parsing text: String) throws {
        original = text
        func split(_ rest: Substring) -> (String, String?) {
            // The path ends at the first ':'; paths with ':' are rare, as skopeo assumes too.
            if let colon = rest.firstIndex(of: ":") {
                let ref = String(rest[rest.index(after: colon)...])
                return (String(rest[..<colon]), ref.isEmpty ? nil : ref)
            }
            return (String(rest), nil)
        }
        func nonEmpty(_ path: String, _ transport: String) throws -> String {
            guard !path.isEmpty else {
                throw ImageAccessError(.invalidReference, "'\(text)': \(transport): needs a path")
            }
            return path
        }
        if text.hasPrefix("oci:") {
            let (path, ref) = split(text.dropFirst(4))
            transport = .ociLayout(path: try nonEmpty(path, "oci"), ref: ref)
        } else if text.hasPrefix("oci-archive:") {
            let (path, ref) = split(text.dropFirst(12))
            transport = .ociArchive(path: try nonEmpty(path, "oci-archive"), ref: ref)
        } else if text.hasPrefix("docker-archive:") {
            let (path, ref) = split(text.dropFirst(15))
            transport = .dockerArchive(path: try nonEmpty(path, "docker-archive"), name: ref)
        } else if text.hasPrefix("rootfs:") {
            transport = .rootfs(path: try nonEmpty(String(text.dropFirst(7)), "rootfs"))
        } else if text.hasPrefix("docker://") {
            transport = .registry(try RegistryReference(parsing: String(text.dropFirst(9)), original: text))
        } else if let colon = text.firstIndex(of: ":"),
                  ["dir", "containers-storage", "docker-daemon", "ostree", "sif", "tarball"].contains(String(text[..<colon])) {
            throw ImageAccessError(.unsupported, "'\(text)': the '\(text[..<colon])' transport is not supported (use oci:, oci-archive:, docker-archive:, rootfs: or docker://)")
        } else {
            transport = .registry(try RegistryReference(parsing: text, original: text))
        }
    }

    public var description: String { original }
}

/// A registry image: `HOST[:PORT]/REPO[:TAG|@DIGEST]`, with docker's defaults.
public struct RegistryReference: Sendable, Hashable, CustomStringConvertible {
    /// The registry host and port, e.g. `registry-1.docker.io` or `127.0.0.1:5000`.
    public let host: String
    /// The repository path, e.g. `library/debian`.
    public let repository: String
    /// The tag, when no digest is given (default `latest`).
    public let tag: String?
    /// The digest, when given.
    public let digest: Digest?

    public init(host: String, repository: String, tag: String?, digest: Digest?) {
        self.host = host
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses the distribution reference grammar (docker's `ParseNormalizedNamed`).
    public init(parsing text: String, original: String) throws {
        func bad(_ why: String) -> ImageAccessError {
            ImageAccessError(.invalidReference, "'\(original)': \(why)")
        }
        var rest = Substring(text)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            let d = String(rest[rest.index(after: at)...])
            guard let parsed = Digest(d) else { throw bad("'\(d.prefix(80))' is not a valid digest") }
            digest = parsed
            rest = rest[..<at]
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw bad("no repository name") }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var host = "docker.io"
        if components.count > 1, components[0].contains(".") || components[0].contains(":") || components[0] == "localhost" {
            host = components.removeFirst()
        }
        if host == "docker.io" || host == "index.docker.io" {
            host = "docker.io"
            if components.count == 1 { components.insert("library", at: 0) }
        }
        let repository = components.joined(separator: "/")
        let component = #/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/#
        for c in components {
            guard (try? component.wholeMatch(in: c)) != nil else {
                throw bad("invalid repository name component '\(c.prefix(80))' (lower-case letters, digits and separators only)")
            }
        }
        guard repository.count <= 255 else { throw bad("repository name longer than 255 characters") }
        if let tag {
            guard (try? #/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/#.wholeMatch(in: tag)) != nil else {
                throw bad("invalid tag '\(tag.prefix(80))'")
            }
        }
        guard (try? #/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9a-fA-F:]+\](:[0-9]{1,5})?$/#.wholeMatch(in: host)) != nil else {
            throw bad("invalid registry host '\(host.prefix(80))'")
        }
        self.host = host
        self.repository = repository
        self.digest = digest
        self.tag = digest == nil ? (tag ?? "latest") : tag
    }

    /// The host to connect to (Docker Hub's API lives at `registry-1.docker.io`).
    public var apiHost: String { host == "docker.io" ? "registry-1.docker.io" : host }

    /// The tag or digest to ask the registry for.
    public var reference: String { digest?.description ?? tag ?? "latest" }

    public var description: String {
        var s = "\(host)/\(repository)"
        if let tag { s += ":\(tag)" }
        if let digest { s += "@\(digest)" }
        return s
    }
}
