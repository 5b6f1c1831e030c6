public import Foundation
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Downloads the OSV per-ecosystem exports (`<base>/<Ecosystem>/all.zip`) with conditional requests and
/// replaces the database's OSV sources in one transaction: a failed update leaves the old data intact.
public struct OSVUpdater: Sendable {
    public static let defaultBase = "https://osv-vulnerabilities.storage.googleapis.com"
    public static let defaultEcosystems = [
        "Alpine", "AlmaLinux", "crates.io", "Debian", "Go", "Maven", "npm", "NuGet", "Packagist", "PyPI",
        "Rocky Linux", "RubyGems", "Ubuntu",
    ]

    public struct Summary: Sendable {
        public var updated: [String] = []
        public var notModified: [String] = []
        public var notOffered: [String] = []
        public var advisories = 0
        public var malformed: [String] = []
        public var withdrawn = 0
        public var unknownEcosystems: [String: Int] = [:]
    }

    public var base: String
    public var ecosystems: [String]
    /// Largest export accepted.
    public var maxDownloadBytes: Int64 = 4 << 30
    /// Called with (ecosystem, bytes so far, total when known).
    public var progress: (@Sendable (String, Int64, Int64?) -> Void)?

    public init(base: String = OSVUpdater.defaultBase, ecosystems: [String] = OSVUpdater.defaultEcosystems) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.ecosystems = ecosystems
    }

    /// A URL without user information or query (which may carry credentials), for storing and printing.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.user = nil
        components.password = nil
        components.query = nil
        return components.string ?? url
    }

    public func url(for ecosystem: String) -> String {
        let encoded = ecosystem.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? ecosystem
        return "\(base)/\(encoded)/all.zip"
    }

    public func update(_ database: VulnerabilityDatabase, directory: String, now: Date = Date()) async throws -> Summary {
        guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
            throw VulnerabilityDatabaseError(path: database.path, message: "--source \(Self.redacted(base)) is not an http(s) URL")
        }
        // A read timeout bounds a server that stalls mid-body (execute's deadline covers only the head).
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(30), read: .seconds(60))))
        do {
            let summary = try await update(database, directory: directory, now: now, client: client)
            try? await client.shutdown()
            return summary
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func update(_ database: VulnerabilityDatabase, directory: String, now: Date, client: HTTPClient) async throws -> Summary {
        let known = Dictionary(uniqueKeysWithValues: try database.sources().map { ($0.name, $0) })
        var summary = Summary()
        var downloads: [(ecosystem: String, file: String, etag: String?, lastModified: String?, origin: String)] = []
        defer { for d in downloads { try? FileManager.default.removeItem(atPath: d.file) } }
        for ecosystem in ecosystems {
            let address = url(for: ecosystem)
            let origin = Self.redacted(address)
            var request = HTTPClientRequest(url: address)
            request.headers.add(name: "User-Agent", value: "palisade")
            if let previous = known["osv/\(ecosystem)"], previous.origin == origin {
                if let etag = previous.etag { request.headers.add(name: "If-None-Match", value: etag) }
                if let lm = previous.lastModified { request.headers.add(name: "If-Modified-Since", value: lm) }
            }
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .seconds(60))
            } catch {
                throw VulnerabilityDatabaseError(path: database.path, message: "download of \(origin) failed (\(error)); the database was not changed")
            }
            switch response.status.code {
            case 304:
                summary.notModified.append(ecosystem)
                continue
            case 404:
                summary.notOffered.append(ecosystem)
                continue
            case 200:
                break
            default:
                throw VulnerabilityDatabaseError(path: database.path, message: "\(origin) answered HTTP \(response.status.code); the database was not changed")
            }
            let total = response.headers.first(name: "Content-Length").flatMap { Int64($0) }
            if let total, total > maxDownloadBytes {
                throw VulnerabilityDatabaseError(path: database.path, message: "\(origin) is \(total) bytes, more than the \(maxDownloadBytes) allowed; the database was not changed")
            }
            let file = directory + "/.download-\(ecosystem.replacingOccurrences(of: " ", with: "_"))-\(UUID().uuidString).zip"
            guard FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let handle = FileHandle(forWritingAtPath: file) else {
                throw VulnerabilityDatabaseError(path: database.path, message: "cannot write \(file)")
            }
            downloads.append((ecosystem, file, response.headers.first(name: "ETag"), response.headers.first(name: "Last-Modified"), origin))
            var received: Int64 = 0
            do {
                for try await var chunk in response.body {
                    received += Int64(chunk.readableBytes)
                    if received > maxDownloadBytes {
                        throw VulnerabilityDatabaseError(path: database.path, message: "\(origin) sent more than \(maxDownloadBytes) bytes; the database was not changed")
                    }
                    if let bytes = chunk.readBytes(length: chunk.readableBytes) { try handle.write(contentsOf: bytes) }
                    progress?(ecosystem, received, total)
                }
                try handle.close()
            } catch let error as VulnerabilityDatabaseError {
                try? handle.close()
                throw error
            } catch {
                try? handle.close()
                throw VulnerabilityDatabaseError(path: database.path, message: "download of \(origin) was interrupted (\(error)); the database was not changed")
            }
            if let total, received != total {
                throw VulnerabilityDatabaseError(path: database.path, message: "\(origin) ended after \(received) of \(total) bytes; the database was not changed")
            }
        }
        // Parse everything first; only then write, in one transaction.
        var batches: [SourceBatch] = []
        let importer = AdvisoryImporter()
        for d in downloads {
            let result: ImportResult
            do {
                result = try importer.read(zip: d.file, origin: d.origin, source: "osv/\(d.ecosystem)", now: now)
            } catch {
                throw VulnerabilityDatabaseError(path: database.path, message: "\(error); the database was not changed")
            }
            summary.malformed.append(contentsOf: result.malformed)
            summary.withdrawn += result.withdrawn
            summary.unknownEcosystems.merge(result.unknownEcosystems, uniquingKeysWith: +)
            var sawOwn = false
            for var batch in result.batches {
                if batch.source.name == "osv/\(d.ecosystem)" {
                    sawOwn = true
                    batch.source.etag = d.etag
                    batch.source.lastModified = d.lastModified
                }
                batches.append(batch)
            }
            if !sawOwn, (known["osv/\(d.ecosystem)"]?.advisories ?? 0) > 0 {
                // A valid answer with no usable advisory never wipes data that was there.
                throw VulnerabilityDatabaseError(path: database.path, message: "\(Self.redacted(d.origin)) held no usable advisories (\(result.malformed.count) malformed); the database was not changed")
            }
            if !sawOwn {
                batches.append(SourceBatch(source: SourceRecord(name: "osv/\(d.ecosystem)", origin: d.origin, etag: d.etag,
                                                                lastModified: d.lastModified, updatedAt: now, advisories: 0, skipped: 0),
                                           advisories: []))
            }
            summary.updated.append(d.ecosystem)
        }
        summary.advisories = batches.reduce(0) { $0 + $1.advisories.count }
        try database.replace(batches)
        for ecosystem in summary.notModified { try database.touch(source: "osv/\(ecosystem)", at: now) }
        return summary
    }
}
