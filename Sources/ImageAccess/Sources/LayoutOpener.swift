import Foundation

/// Opens images from an OCI image layout, in a directory (`oci:`) or a tar archive (`oci-archive:`).
package struct LayoutOpener {
    let store: any ContentStore
    let reference: ImageReference
    let ref: String?
    let platform: Platform?
    let limits: ReadLimits

    /// Loads a blob named by a descriptor, checking size and digest.
    static func load(_ descriptor: Descriptor, limit: Int64, store: any ContentStore) throws -> Data {
        guard let location = try store.blob(descriptor.digest) else {
            throw ImageAccessError(.notFound, "\(store.name): blob \(descriptor.digest) is missing")
        }
        let what = "\(store.name): blob \(descriptor.digest)"
        guard descriptor.size <= limit else {
            throw ImageAccessError(.limitExceeded, "\(what) is \(descriptor.size) bytes, over the limit of \(limit)")
        }
        guard location.length == descriptor.size else {
            throw ImageAccessError(.sizeMismatch, "\(what): size mismatch: expected \(descriptor.size) bytes, got \(location.length)")
        }
        let data = try location.readAll(limit: limit, what: what)
        guard descriptor.digest.matches(data) else {
            let seen = descriptor.digest.algorithm == .sha512 ? "another sha512" : Digest.sha256(of: data).description
            throw ImageAccessError(.digestMismatch, "\(what): digest mismatch: expected \(descriptor.digest), got \(seen)")
        }
        return data
    }

    package func open() async throws -> Image {
        let indexData = try store.read("index.json", limit: limits.maxManifestBytes, what: "index")
        guard (try? store.locate("oci-layout")) != nil else {
            throw ImageAccessError(.malformed, "\(store.name): not an OCI image layout (no oci-layout file)")
        }
        let index: ImageIndex
        do { index = try JSONDecoder().decode(ImageIndex.self, from: indexData) } catch {
            throw ImageAccessError(.malformed, "\(store.name): index.json is not valid: \(ManifestResolver.describe(error))")
        }
        let refName = "org.opencontainers.image.ref.name"
        let chosen: Descriptor
        if let ref {
            let matches = index.manifests.filter {
                $0.annotations?[refName] == ref || $0.digest.description == ref
                    || $0.annotations?["io.containerd.image.name"] == ref
            }
            guard let first = matches.first else {
                let names = index.manifests.compactMap { $0.annotations?[refName] }
                throw ImageAccessError(.notFound, "\(store.name): no image named '\(ref)' (available: \(names.isEmpty ? "none" : names.joined(separator: ", ")))")
            }
            chosen = first
        } else if index.manifests.count == 1 {
            chosen = index.manifests[0]
        } else if index.manifests.isEmpty {
            throw ImageAccessError(.notFound, "\(store.name): the layout holds no images")
        } else {
            let names = index.manifests.map { $0.annotations?[refName] ?? $0.digest.description }
            throw ImageAccessError(.invalidReference, "\(store.name) holds \(index.manifests.count) images; name one (\(reference.original):NAME): \(names.joined(separator: ", "))")
        }
        let store = self.store
        let resolver = ManifestResolver(source: store.name, platform: platform, limits: limits) { descriptor, limit in
            try LayoutOpener.load(descriptor, limit: limit, store: store)
        }
        if MediaType.isSchema1(chosen.mediaType) {
            throw ImageAccessError(.unsupported, "\(store.name): Docker schema 1 manifests are not supported (deprecated since 2017); re-push the image with a current client")
        }
        let top = try LayoutOpener.load(chosen, limit: limits.maxManifestBytes, store: store)
        let resolved = try await resolver.resolve(data: top, declaredType: chosen.mediaType, digest: chosen.digest)
        let layers = try resolver.layers(of: resolved) { descriptor in
            guard let location = try store.blob(descriptor.digest) else {
                throw ImageAccessError(.notFound, "\(store.name): layer blob \(descriptor.digest) is missing")
            }
            guard location.length == descriptor.size else {
                throw ImageAccessError(.sizeMismatch, "\(store.name): layer blob \(descriptor.digest): size mismatch: expected \(descriptor.size) bytes, got \(location.length)")
            }
            return location
        }
        return Image(reference: reference, manifestDigest: resolved.manifestDigest, indexDigest: resolved.indexDigest,
                     manifest: resolved.manifest, configDigest: resolved.configDigest, config: resolved.config,
                     layers: layers, tags: chosen.annotations?[refName].map { [$0] } ?? [])
    }
}
