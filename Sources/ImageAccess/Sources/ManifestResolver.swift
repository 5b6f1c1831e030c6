public import Foundation

/// A manifest chosen from a reference: the image manifest, its config, and the index it came from.
package struct ResolvedManifest: Sendable {
    package var manifestDigest: Digest
    package var indexDigest: Digest?
    package var manifest: ImageManifest
    package var configDigest: Digest
    package var config: ImageConfig
}

/// Walks from a top-level manifest or index to one image manifest and its config,
/// selecting a platform from indexes. Shared by layouts, archives and registries.
package struct ManifestResolver: Sendable {
    /// How the source is named in errors.
    package let source: String
    /// The platform wanted; `nil` means the host's, without insisting on it for single-image manifests.
    package let platform: Platform?
    package let limits: ReadLimits
    /// Loads a blob named by a descriptor, verified against its digest and size.
    package let load: @Sendable (Descriptor, Int64) async throws -> Data

    package init(source: String, platform: Platform?, limits: ReadLimits,
                 load: @escaping @Sendable (Descriptor, Int64) async throws -> Data) {
        self.source = source
        self.platform = platform
        self.limits = limits
        self.load = load
    }

    /// The media type of a manifest document: the declared one, else what its JSON says.
    static func mediaType(of data: Data, declared: String?) -> String? {
        struct Probe: Decodable {
            var mediaType: String?
            var schemaVersion: Int?
            var manifests: [AnyCodable]?
            var layers: [AnyCodable]?
            var fsLayers: [AnyCodable]?
        }
        struct AnyCodable: Decodable { init(from decoder: any Decoder) throws {} }
        if let declared, !declared.isEmpty, declared != "application/json" { return declared }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: data) else { return declared }
        if let type = probe.mediaType { return type }
        if probe.schemaVersion == 1 || probe.fsLayers != nil { return MediaType.dockerSchema1 }
        if probe.manifests != nil { return MediaType.ociIndex }
        if probe.layers != nil { return MediaType.ociManifest }
        return declared
    }

    /// Resolves a top-level document.
    package func resolve(data: Data, declaredType: String?, digest: Digest, depth: Int = 0) async throws -> ResolvedManifest {
        guard Int64(data.count) <= limits.maxManifestBytes else {
            throw ImageAccessError(.limitExceeded, "\(source): manifest \(digest) is \(data.count) bytes, over the limit of \(limits.maxManifestBytes)")
        }
        let type = Self.mediaType(of: data, declared: declaredType)
        if MediaType.isSchema1(type) {
            throw ImageAccessError(.unsupported, "\(source): Docker schema 1 manifests are not supported (deprecated since 2017); re-push the image with a current client")
        }
        if MediaType.isIndex(type) {
            guard depth < 4 else {
                throw ImageAccessError(.malformed, "\(source): image indexes nested more than 4 deep")
            }
            let index: ImageIndex
            do { index = try JSONDecoder().decode(ImageIndex.self, from: data) } catch {
                throw ImageAccessError(.malformed, "\(source): image index \(digest) is not valid: \(Self.describe(error))")
            }
            let chosen = try select(from: index, digest: digest)
            let child = try await load(chosen, limits.maxManifestBytes)
            var resolved = try await resolve(data: child, declaredType: chosen.mediaType, digest: chosen.digest, depth: depth + 1)
            if resolved.indexDigest == nil { resolved.indexDigest = digest }
            return resolved
        }
        guard MediaType.isManifest(type) else {
            throw ImageAccessError(.unsupported, "\(source): unsupported manifest media type '\(type ?? "none")'")
        }
        let manifest: ImageManifest
        do { manifest = try JSONDecoder().decode(ImageManifest.self, from: data) } catch {
            throw ImageAccessError(.malformed, "\(source): image manifest \(digest) is not valid: \(Self.describe(error))")
        }
        let configData = try await load(manifest.config, limits.maxConfigBytes)
        let config: ImageConfig
        do { config = try JSONDecoder().decode(ImageConfig.self, from: configData) } catch {
            throw ImageAccessError(.malformed, "\(source): image config \(manifest.config.digest) is not valid: \(Self.describe(error))")
        }
        if depth == 0, let platform, !platform.accepts(config.platform) {
            throw ImageAccessError(.notFound, "\(source): the image is for \(config.platform), not \(platform)")
        }
        return ResolvedManifest(manifestDigest: digest, indexDigest: nil, manifest: manifest,
                                configDigest: manifest.config.digest, config: config)
    }

    private func select(from index: ImageIndex, digest: Digest) throws -> Descriptor {
        let wanted = platform ?? .host
        let images = index.manifests.filter { descriptor in
            descriptor.annotations?["vnd.docker.reference.type"] == nil
                && (MediaType.isManifest(descriptor.mediaType) || MediaType.isIndex(descriptor.mediaType) || descriptor.mediaType == nil)
        }
        if let match = images.first(where: { $0.platform.map(wanted.accepts) ?? false }) {
            return match
        }
        let available = images.compactMap { $0.platform?.description }
        throw ImageAccessError(.notFound, "\(source): no image for platform \(wanted) in index \(digest) (available: \(available.isEmpty ? "none declared" : available.joined(separator: ", ")))")
    }

    /// Builds the layer list of a resolved manifest; `locate` says where each blob is.
    package func layers(of resolved: ResolvedManifest, locate: (Descriptor) throws -> LayerLocation) throws -> [Layer] {
        let diffIDs = resolved.config.rootfs.diff_ids
        let descriptors = resolved.manifest.layers
        guard diffIDs.count == descriptors.count else {
            throw ImageAccessError(.malformed, "\(source): the manifest lists \(descriptors.count) layers but the config has \(diffIDs.count) diff_ids")
        }
        let history = resolved.config.layerHistory
        return try descriptors.enumerated().map { i, descriptor in
            guard let type = descriptor.mediaType, let compression = LayerCompression(mediaType: type) else {
                throw ImageAccessError(.unsupported, "\(source): layer \(i + 1) (\(descriptor.digest)) has unknown media type '\(descriptor.mediaType ?? "none")'")
            }
            guard descriptor.size >= 0 else {
                throw ImageAccessError(.malformed, "\(source): layer \(i + 1) has a negative size")
            }
            return Layer(index: i + 1, digest: descriptor.digest, size: descriptor.size, mediaType: type,
                         diffID: diffIDs[i], history: history.count == descriptors.count ? history[i] : nil,
                         compression: compression, location: try locate(descriptor))
        }
    }

    /// A short description of a decoding error.
    package static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        case DecodingError.keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default:
            return "\(error)"
        }
    }
}
