public import Foundation
import AsyncHTTPClient
import NIOHTTP1

/// Writing to a registry (OCI Distribution API v2 push), and the reads signing needs: blobs are
/// uploaded monolithically (POST then PUT with the digest), manifests put by tag or digest, and
/// referrers listed where the registry has the API.
extension RegistryClient {
    /// The manifest under `reference`, or nil when the registry has none (404).
    package func manifestIfPresent(_ ref: RegistryReference, reference: String, limits: ReadLimits) async throws -> (data: Data, mediaType: String?, digest: Digest)? {
        do {
            let (data, mediaType, digest) = try await fetchManifest(ref, reference: reference, limits: limits)
            return (data, mediaType, digest)
        } catch let error as ImageAccessError where error.code == .notFound {
            return nil
        }
    }

    /// A small blob (a signature payload, a config), verified against its digest.
    package func blob(_ ref: RegistryReference, digest: Digest, limit: Int64) async throws -> Data {
        let what = "\(ref.host)/\(ref.repository): blob \(digest)"
        let response = try await send(ref, path: "/v2/\(ref.repository)/blobs/\(digest)", headers: [], what: what)
        let data = try await collect(response, limit: limit, what: what)
        guard digest.matches(data) else {
            throw ImageAccessError(.digestMismatch, "\(what): digest mismatch: the content is \(Digest.sha256(of: data))")
        }
        return data
    }

    /// Whether the repository holds the blob.
    package func blobExists(_ ref: RegistryReference, digest: Digest) async throws -> Bool {
        do {
            _ = try await send(ref, method: .HEAD, path: "/v2/\(ref.repository)/blobs/\(digest)", headers: [], push: true,
                               what: "\(ref.host)/\(ref.repository): blob \(digest)")
            return true
        } catch let error as ImageAccessError where error.code == .notFound {
            return false
        }
    }

    /// Uploads a blob unless the repository has it; returns its digest.
    @discardableResult
    package func uploadBlob(_ ref: RegistryReference, _ data: Data) async throws -> Digest {
        let digest = Digest.sha256(of: data)
        if try await blobExists(ref, digest: digest) { return digest }
        let what = "\(ref.host)/\(ref.repository): upload of blob \(digest)"
        let started = try await send(ref, method: .POST, path: "/v2/\(ref.repository)/blobs/uploads/", headers: [],
                                     body: Data(), push: true, what: what)
        _ = try? await started.body.collect(upTo: 1 << 16)
        guard let location = started.headers.first(name: "Location") else {
            throw ImageAccessError(.registry, "\(what): the registry started an upload without a Location")
        }
        // The Location may be relative, and may carry a query already.
        guard var components = URLComponents(string: location) else {
            throw ImageAccessError(.registry, "\(what): the registry gave an invalid upload Location")
        }
        var items = components.queryItems ?? []
        items.append(URLQueryItem(name: "digest", value: digest.description))
        components.queryItems = items
        guard let target = components.string, components.host == nil || components.host == ref.apiHost.split(separator: ":").first.map(String.init) else {
            throw ImageAccessError(.registry, "\(what): refusing an upload Location on another host")
        }
        let done = try await send(ref, method: .PUT, path: target, headers: [("Content-Type", "application/octet-stream")],
                                  body: data, push: true, what: what)
        _ = try? await done.body.collect(upTo: 1 << 16)
        return digest
    }

    /// Puts a manifest under a tag or its digest; returns its digest.
    @discardableResult
    package func putManifest(_ ref: RegistryReference, reference: String, _ data: Data, mediaType: String) async throws -> Digest {
        let digest = Digest.sha256(of: data)
        let what = "\(ref.host)/\(ref.repository): manifest '\(reference)'"
        let response = try await send(ref, method: .PUT, path: "/v2/\(ref.repository)/manifests/\(reference)",
                                      headers: [("Content-Type", mediaType)], body: data, push: true, what: what)
        _ = try? await response.body.collect(upTo: 1 << 16)
        if let header = response.headers.first(name: "Docker-Content-Digest"), let claimed = Digest(header), claimed != digest {
            throw ImageAccessError(.digestMismatch, "\(what): the registry stored \(claimed), we sent \(digest)")
        }
        return digest
    }

    /// The referrers index of `digest` (OCI 1.1 referrers API), or nil when the registry lacks the
    /// API (404), in which case callers use the fallback tag `sha256-<hex>`.
    package func referrers(_ ref: RegistryReference, digest: Digest, limits: ReadLimits) async throws -> Data? {
        let what = "\(ref.host)/\(ref.repository): referrers of \(digest)"
        do {
            let response = try await send(ref, path: "/v2/\(ref.repository)/referrers/\(digest)",
                                          headers: [("Accept", MediaType.ociIndex)], what: what)
            let type = response.headers.first(name: "Content-Type") ?? ""
            let data = try await collect(response, limit: limits.maxManifestBytes, what: what)
            // Registries without the API may answer 200 with something else (an HTML page, an error document).
            return type.hasPrefix(MediaType.ociIndex) ? data : nil
        } catch let error as ImageAccessError where error.code == .notFound {
            return nil
        }
    }
}
