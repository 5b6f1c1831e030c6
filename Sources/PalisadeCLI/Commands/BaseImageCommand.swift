import ArgumentParser
import Foundation
import ImageAccess
import ImageChecks
import Vulnerabilities

/// `palisade image base ...`: the catalog of trusted base images.
struct BaseImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "base",
        abstract: "Keep a catalog of trusted base images, version by version.",
        discussion: "`image scan --base-catalog FILE` then reports which base an image is built on and how far behind that base's newest recorded version it is.",
        subcommands: [BaseAddCommand.self, BaseListCommand.self]
    )
}

/// `palisade image base add REF --catalog FILE [--name NAME]`
struct BaseAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record the current version of a trusted base image (its layers' diff ids, digest and creation time)."
    )

    @OptionGroup var image: ImageOptions

    @Option(help: ArgumentHelp("The catalog file (created when missing).", valueName: "file"))
    var catalog: String

    @Option(help: ArgumentHelp("The base's name (default: the reference without its tag or digest).", valueName: "name"))
    var name: String?

    func run() async throws {
        try await runReportingScanErrors {
            var store = try BaseImageCatalog.load(path: catalog, missingIsEmpty: true)
            let opened = try await image.opener().open(try image.parsedReference())
            let version = try BaseImageInfo.version(of: opened, name: name ?? BaseImageInfo.defaultName(image.reference), reference: image.reference)
            guard !version.diffIDs.isEmpty else { throw ScanCommandError("\(image.reference) has no layers with diff ids in its config") }
            store.add(version)
            try store.save(path: catalog)
            emit("recorded \(version.name): \(version.diffIDs.count) layers, \(version.digest ?? "no digest")\(version.created.map { ", created \(RFC3339.format($0))" } ?? "")\n")
        }
    }
}

/// `palisade image base list --catalog FILE`
struct BaseListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the catalog's base images and versions.")

    @Option(help: ArgumentHelp("The catalog file.", valueName: "file"))
    var catalog: String

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        let store: BaseImageCatalog
        do {
            store = try BaseImageCatalog.load(path: catalog)
        } catch {
            throw failure(error.description)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            emit(String(decoding: try encoder.encode(store), as: UTF8.self) + "\n")
        case .table:
            var out = ""
            for base in store.bases.sorted(by: { ($0.name, $0.created ?? .distantPast) < ($1.name, $1.created ?? .distantPast) }) {
                out += "\(base.name)  \(base.created.map(RFC3339.format) ?? "-")  \(base.diffIDs.count) layers  \(base.digest ?? "-")  \(base.reference)\n"
            }
            emit(out.isEmpty ? "The catalog is empty.\n" : out)
        }
    }
}

/// Base image and registry facts of one scanned image.
struct BaseImageInfo: Encodable {
    var base: BaseImageCatalog.Match?
    /// Layers the image adds on top of its base (all of them when no base matched).
    var ownLayers: Int
    /// The image's registry (nil for a local image that does not name one).
    var registry: String?
    /// Whether the registry is on `--trusted-registries` (nil when no list was given).
    var trustedRegistry: Bool?
    var trustedRegistries: [String]?

    static func version(of image: Image, name: String, reference: String) throws -> BaseImageCatalog.Version {
        BaseImageCatalog.Version(
            name: name, reference: reference, digest: image.manifestDigest?.description,
            created: image.config?.created.flatMap(RFC3339.parse),
            diffIDs: image.config?.rootfs.diff_ids.map(\.description) ?? []
        )
    }

    /// `docker://host/repo:tag` → `host/repo`; `oci:DIR:name` → `name`.
    static func defaultName(_ reference: String) -> String {
        guard let parsed = try? ImageReference(parsing: reference) else { return reference }
        switch parsed.transport {
        case .registry(let ref): return "\(ref.host)/\(ref.repository)"
        case .ociLayout(let path, let ref), .ociArchive(let path, let ref): return ref ?? path
        case .dockerArchive(let path, let name): return name.map { String($0.split(separator: ":").first ?? "") } ?? path
        case .rootfs(let path): return path
        }
    }

    /// The registry an image comes from: the reference's host, or, for local images, the host
    /// named in the `org.opencontainers.image.ref.name` / `io.containerd.image.name` annotations
    /// or a docker-archive's repo tag, when that is a full reference.
    static func registry(of image: Image) -> String? {
        if case .registry(let ref) = image.reference.transport { return ref.host }
        return image.tags.lazy.compactMap { ImageFacts.Reference(parsing: $0).registry }.first
    }

    init(image: Image, catalog: BaseImageCatalog?, trusted: [String]?) {
        let diffIDs = image.config?.rootfs.diff_ids.map(\.description) ?? []
        base = catalog?.match(diffIDs: diffIDs)
        ownLayers = diffIDs.count - (base?.layers ?? 0)
        registry = Self.registry(of: image)
        trustedRegistries = trusted
        trustedRegistry = trusted.map { list in registry.map { TrustedRegistries.isTrusted($0, list: list) } ?? false }
    }

    var tableText: String {
        var out = ""
        if let base {
            out += "Base image: \(base.name) (\(base.reference)), \(base.layers) layer\(base.layers == 1 ? "" : "s"); "
            if base.current {
                out += "the newest recorded version\n"
            } else {
                out += "\(base.newerVersions) newer version\(base.newerVersions == 1 ? "" : "s") recorded"
                if let days = base.behindDays { out += ", \(days) days behind \(base.newest ?? "the newest")" }
                out += "\n"
            }
        } else {
            out += "Base image: no trusted base in the catalog matches\n"
        }
        if let trustedRegistry {
            out += trustedRegistry
                ? "Registry \(registry ?? "?") is trusted\n"
                : "Registry \(registry ?? "unknown (a local image that names no registry)") is NOT on the trusted list (\((trustedRegistries ?? []).joined(separator: ", ")))\n"
        }
        return out
    }
}
