/// The media types of the OCI image spec and Docker's image manifest v2.
public enum MediaType {
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    public static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    public static let ociLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let ociLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd"
    public static let ociLayerNondistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
    public static let ociLayerNondistributableZstd = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"
    public static let ociLayerNondistributable = "application/vnd.oci.image.layer.nondistributable.v1.tar"
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let dockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    public static let dockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
    public static let dockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar"
    public static let dockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json"
    public static let dockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws"

    /// The manifest types a registry client accepts, best first.
    public static let acceptedManifests = [ociIndex, dockerManifestList, ociManifest, dockerManifest]

    /// Whether a type names an image index / manifest list.
    public static func isIndex(_ type: String?) -> Bool {
        type == ociIndex || type == dockerManifestList
    }

    /// Whether a type names a single-image manifest.
    public static func isManifest(_ type: String?) -> Bool {
        type == ociManifest || type == dockerManifest
    }

    /// Whether a type names a Docker schema 1 manifest (refused).
    public static func isSchema1(_ type: String?) -> Bool {
        type == dockerSchema1 || type == dockerSchema1Signed
    }
}

/// How a layer's bytes are compressed.
public enum LayerCompression: String, Sendable, Codable {
    case none, gzip, zstd

    /// The compression a layer media type declares; `nil` for types that are not layers.
    public init?(mediaType: String) {
        switch mediaType {
        case MediaType.ociLayer, MediaType.dockerLayerTar, MediaType.ociLayerNondistributable:
            self = .none
        case MediaType.ociLayerGzip, MediaType.dockerLayerGzip, MediaType.dockerForeignLayerGzip,
             MediaType.ociLayerNondistributableGzip:
            self = .gzip
        case MediaType.ociLayerZstd, MediaType.ociLayerNondistributableZstd:
            self = .zstd
        default:
            return nil
        }
    }

    /// Detects compression from a blob's first bytes (docker-archive layers carry no media type).
    public init(sniffing prefix: [UInt8]) {
        if prefix.count >= 2, prefix[0] == 0x1f, prefix[1] == 0x8b {
            self = .gzip
        } else if prefix.count >= 4, prefix[0] == 0x28, prefix[1] == 0xb5, prefix[2] == 0x2f, prefix[3] == 0xfd {
            self = .zstd
        } else {
            self = .none
        }
    }
}
