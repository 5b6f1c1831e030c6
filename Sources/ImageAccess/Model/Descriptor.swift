/// An OCI content descriptor: what a blob is, how big, and its digest.
public struct Descriptor: Codable, Hashable, Sendable {
    public var mediaType: String?
    public var digest: Digest
    public var size: Int64
    public var annotations: [String: String]?
    public var platform: Platform?
    public var urls: [String]?

    public init(mediaType: String?, digest: Digest, size: Int64,
                annotations: [String: String]? = nil, platform: Platform? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.platform = platform
    }
}

/// An OCI image manifest or Docker schema 2 manifest.
public struct ImageManifest: Codable, Hashable, Sendable {
    public var schemaVersion: Int?
    public var mediaType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var annotations: [String: String]?
}

/// An OCI image index or Docker manifest list.
public struct ImageIndex: Codable, Hashable, Sendable {
    public var schemaVersion: Int?
    public var mediaType: String?
    public var manifests: [Descriptor]
    public var annotations: [String: String]?
}

/// A platform: `os/arch[/variant]`.
public struct Platform: Codable, Hashable, Sendable, CustomStringConvertible {
    public var architecture: String
    public var os: String
    public var variant: String?
    public var osVersion: String?

    enum CodingKeys: String, CodingKey {
        case architecture, os, variant
        case osVersion = "os.version"
    }

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// Parses `os/arch[/variant]`.
    public init?(parsing string: String) {
        let parts = string.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// The platform this program runs on.
    public static var host: Platform {
        #if arch(x86_64)
        return Platform(os: "linux", architecture: "amd64")
        #elseif arch(arm64)
        return Platform(os: "linux", architecture: "arm64", variant: "v8")
        #else
        return Platform(os: "linux", architecture: "unknown")
        #endif
    }

    /// Whether an image for `candidate` runs here: os and architecture equal, and
    /// the variant equal when both name one (arm64's `v8` is its default).
    public func accepts(_ candidate: Platform) -> Bool {
        guard os == candidate.os, architecture == candidate.architecture else { return false }
        let mine = normalizedVariant, theirs = candidate.normalizedVariant
        if let mine, let theirs { return mine == theirs }
        return true
    }

    private var normalizedVariant: String? {
        if architecture == "arm64", variant == nil { return "v8" }
        return variant
    }

    public var description: String {
        variant.map { "\(os)/\(architecture)/\($0)" } ?? "\(os)/\(architecture)"
    }
}
