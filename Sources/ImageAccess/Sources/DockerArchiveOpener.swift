import Foundation

/// Opens images from `docker save` output: the classic layout (`manifest.json`, `<id>/layer.tar`)
/// and the newer OCI-style one (`blobs/sha256/...` plus `index.json`), with one or many images.
package struct DockerArchiveOpener {
    let store: TarArchiveStore
    let reference: ImageReference
    let name: String?
    let limits: ReadLimits

    struct Entry: Decodable {
        var Config: String
        var RepoTags: [String]?
        var Layers: [String]
    }

    /// `name` → `name:latest`, and docker.io's prefixes removed, for matching RepoTags.
    static func normalize(_ tag: String) -> String {
        var t = tag
        for prefix in ["docker.io/library/", "docker.io/", "localhost/"] where t.hasPrefix(prefix) {
            t = String(t.dropFirst(prefix.count))
        }
        if let slash = t.lastIndex(of: "/") {
            if !t[slash...].contains(":") { t += ":latest" }
        } else if !t.contains(":") {
            t += ":latest"
        }
        return t
    }

    /// The digest a member's name claims (`blobs/sha256/<hex>`, `<hex>.tar`, `<hex>.json`), if any.
    static func claimedDigest(_ member: String) -> Digest? {
        let parts = member.split(separator: "/")
        if parts.count == 3, parts[0] == "blobs" { return Digest("\(parts[1]):\(parts[2])") }
        if parts.count == 1 {
            let stem = parts[0].split(separator: ".").first.map(String.init) ?? ""
            return Digest("sha256:\(stem)")
        }
        return nil
    }

    package func open() async throws -> Image {
        let data = try store.read("manifest.json", limit: limits.maxManifestBytes, what: "docker-archive manifest")
        let entries: [Entry]
        do { entries = try JSONDecoder().decode([Entry].self, from: data) } catch {
            throw ImageAccessError(.malformed, "\(store.name): manifest.json is not a docker-archive manifest: \(ManifestResolver.describe(error))")
        }
        guard !entries.isEmpty else { throw ImageAccessError(.notFound, "\(store.name): the archive holds no images") }
        let entry: Entry
        if let name, name.hasPrefix("@") {
            guard let i = Int(name.dropFirst()), entries.indices.contains(i) else {
                throw ImageAccessError(.notFound, "\(store.name): no image at index \(name) (the archive holds \(entries.count))")
            }
            entry = entries[i]
        } else if let name {
            let wanted = Self.normalize(name)
            guard let match = entries.first(where: { ($0.RepoTags ?? []).contains { Self.normalize($0) == wanted } }) else {
                let tags = entries.flatMap { $0.RepoTags ?? [] }
                throw ImageAccessError(.notFound, "\(store.name): no image tagged '\(name)' (available: \(tags.isEmpty ? "none" : tags.joined(separator: ", ")))")
            }
            entry = match
        } else if entries.count == 1 {
            entry = entries[0]
        } else {
            let tags = entries.enumerated().map { i, e in e.RepoTags?.first ?? "@\(i)" }
            throw ImageAccessError(.invalidReference, "\(store.name) holds \(entries.count) images; name one (\(reference.original):NAME:TAG or :@INDEX): \(tags.joined(separator: ", "))")
        }

        let configData = try store.read(entry.Config, limit: limits.maxConfigBytes, what: "image config")
        let configDigest = Digest.sha256(of: configData)
        if let claimed = Self.claimedDigest(entry.Config), !claimed.matches(configData) {
            throw ImageAccessError(.digestMismatch, "\(store.name): config '\(entry.Config)': digest mismatch: expected \(claimed), got \(configDigest)")
        }
        let config: ImageConfig
        do { config = try JSONDecoder().decode(ImageConfig.self, from: configData) } catch {
            throw ImageAccessError(.malformed, "\(store.name): image config is not valid: \(ManifestResolver.describe(error))")
        }
        let diffIDs = config.rootfs.diff_ids
        guard diffIDs.count == entry.Layers.count else {
            throw ImageAccessError(.malformed, "\(store.name): manifest.json lists \(entry.Layers.count) layers but the config has \(diffIDs.count) diff_ids")
        }
        let history = config.layerHistory
        var layers: [Layer] = []
        for (i, member) in entry.Layers.enumerated() {
            guard let location = try store.locate(member) else {
                throw ImageAccessError(.notFound, "\(store.name): layer \(i + 1) '\(member)' is missing from the archive")
            }
            layers.append(Layer(index: i + 1, digest: Self.claimedDigest(member), size: location.length, mediaType: nil,
                                diffID: diffIDs[i], history: history.count == entry.Layers.count ? history[i] : nil,
                                compression: nil, location: location))
        }
        // The newer layout also has an OCI index naming the manifest.
        var manifestDigest: Digest?
        var manifest: ImageManifest?
        if let indexData = try? store.read("index.json", limit: limits.maxManifestBytes, what: "index"),
           let index = try? JSONDecoder().decode(ImageIndex.self, from: indexData) {
            for descriptor in index.manifests {
                guard let bytes = try? LayoutOpener.load(descriptor, limit: limits.maxManifestBytes, store: store),
                      let m = try? JSONDecoder().decode(ImageManifest.self, from: bytes),
                      m.config.digest == configDigest else { continue }
                manifestDigest = descriptor.digest
                manifest = m
                break
            }
        }
        return Image(reference: reference, manifestDigest: manifestDigest, manifest: manifest,
                     configDigest: configDigest, config: config, layers: layers, tags: entry.RepoTags ?? [])
    }
}
