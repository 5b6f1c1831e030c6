/// Where a layer's bytes are: a byte range of a local file (a blob in a layout, a
/// member of an archive, a cached registry blob) or an unpacked directory.
public struct LayerLocation: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        case blob(path: String, offset: Int64, length: Int64)
        case directory(String)
    }
    package let kind: Kind

    package static func blob(path: String, offset: Int64 = 0, length: Int64) -> LayerLocation {
        LayerLocation(kind: .blob(path: path, offset: offset, length: length))
    }

    package static func directory(_ path: String) -> LayerLocation {
        LayerLocation(kind: .directory(path))
    }
}

/// One layer of an image.
public struct Layer: Sendable, Hashable {
    /// Position in the image, 1-based (layer 1 is the base).
    public let index: Int
    /// The digest of the layer blob as stored (compressed), when the source names one.
    public let digest: Digest?
    /// The size of the blob as stored, when known.
    public let size: Int64?
    /// The media type, when the source gives one.
    public let mediaType: String?
    /// The digest of the uncompressed tar, from the image config.
    public let diffID: Digest?
    /// The history step that created this layer.
    public let history: ImageConfig.History?
    /// How the blob is compressed; `nil` means detect from the first bytes.
    public let compression: LayerCompression?
    /// Where the bytes are.
    public let location: LayerLocation

    package init(index: Int, digest: Digest?, size: Int64?, mediaType: String?, diffID: Digest?,
                 history: ImageConfig.History?, compression: LayerCompression?, location: LayerLocation) {
        self.index = index
        self.digest = digest
        self.size = size
        self.mediaType = mediaType
        self.diffID = diffID
        self.history = history
        self.compression = compression
        self.location = location
    }

    /// The digest to show for the layer: the blob digest, else the diff id.
    public var displayDigest: Digest? { digest ?? diffID }
}

/// An opened image: its identity, configuration and layers, ready to be read.
public struct Image: Sendable {
    /// The reference it was opened from.
    public let reference: ImageReference
    /// The digest of the manifest that was selected (nil for docker-archive in the legacy layout and rootfs).
    public let manifestDigest: Digest?
    /// The digest of the index the manifest was selected from, if any.
    public let indexDigest: Digest?
    /// The manifest, when the source has one.
    public let manifest: ImageManifest?
    /// The digest of the config blob (the image id); nil for rootfs.
    public let configDigest: Digest?
    /// The image configuration; nil for rootfs.
    public let config: ImageConfig?
    /// The layers, base first.
    public let layers: [Layer]
    /// Tags the source records (docker-archive `RepoTags`, OCI ref names).
    public let tags: [String]

    package init(reference: ImageReference, manifestDigest: Digest?, indexDigest: Digest? = nil,
                 manifest: ImageManifest?, configDigest: Digest?, config: ImageConfig?,
                 layers: [Layer], tags: [String]) {
        self.reference = reference
        self.manifestDigest = manifestDigest
        self.indexDigest = indexDigest
        self.manifest = manifest
        self.configDigest = configDigest
        self.config = config
        self.layers = layers
        self.tags = tags
    }

    /// The platform the config declares (the host's for a root filesystem).
    public var platform: Platform { config?.platform ?? .host }
}

extension Image {
    /// The same image with a subset of its layers (to read one layer on its own).
    public init(copying image: Image, layers: [Layer]) {
        self.init(reference: image.reference, manifestDigest: image.manifestDigest, indexDigest: image.indexDigest,
                  manifest: image.manifest, configDigest: image.configDigest, config: image.config,
                  layers: layers, tags: image.tags)
    }
}
