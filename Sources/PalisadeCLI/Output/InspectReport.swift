import Foundation
import ImageAccess

/// What `palisade image inspect` shows. Environment values are left out (they often hold secrets).
struct InspectReport: Encodable {
    struct Config: Encodable {
        var user: String?
        var envNames: [String]
        var entrypoint: [String]?
        var cmd: [String]?
        var workingDir: String?
        var exposedPorts: [String]
        var volumes: [String]
        var labels: [String: String]
        var healthcheck: [String]?
        var stopSignal: String?
    }
    struct HistoryStep: Encodable {
        var created: String?
        var createdBy: String?
        var emptyLayer: Bool
        var comment: String?
    }
    struct LayerInfo: Encodable {
        var index: Int
        var digest: String?
        var diffID: String?
        var size: Int64?
        var mediaType: String?
        var createdBy: String?
        var entries: Int
        var whiteouts: Int
    }

    var reference: String
    var digest: String?
    var indexDigest: String?
    var id: String?
    var mediaType: String?
    var platform: String
    var tags: [String]
    var created: String?
    var author: String?
    var config: Config?
    var history: [HistoryStep]
    var layers: [LayerInfo]

    init(image: Image, listings: [LayerListing]) {
        reference = image.reference.original
        digest = image.manifestDigest?.description
        indexDigest = image.indexDigest?.description
        id = image.configDigest?.description
        mediaType = image.manifest?.mediaType ?? (image.manifest != nil ? "application/vnd.oci.image.manifest.v1+json" : nil)
        platform = image.platform.description
        tags = image.tags
        created = image.config?.created
        author = image.config?.author
        if let run = image.config?.config {
            config = Config(
                user: run.User, envNames: (run.Env ?? []).map { String($0.split(separator: "=", maxSplits: 1).first ?? "") },
                entrypoint: run.Entrypoint, cmd: run.Cmd, workingDir: run.WorkingDir,
                exposedPorts: (run.ExposedPorts ?? [:]).keys.sorted(), volumes: (run.Volumes ?? [:]).keys.sorted(),
                labels: run.Labels ?? [:], healthcheck: run.Healthcheck?.Test, stopSignal: run.StopSignal)
        }
        history = (image.config?.history ?? []).map {
            HistoryStep(created: $0.created, createdBy: $0.created_by, emptyLayer: $0.empty_layer ?? false, comment: $0.comment)
        }
        layers = zip(image.layers, listings).map { layer, listing in
            LayerInfo(index: layer.index, digest: layer.digest?.description, diffID: layer.diffID?.description,
                      size: layer.size, mediaType: layer.mediaType, createdBy: layer.history?.created_by,
                      entries: listing.entries.count, whiteouts: listing.whiteouts.count + listing.opaqueDirectories.count)
        }
    }

    func table() -> String {
        var out = ""
        func line(_ key: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            out += key.padding(toLength: 14, withPad: " ", startingAt: 0) + value + "\n"
        }
        line("Reference", reference)
        line("Digest", digest)
        line("Index", indexDigest)
        line("ID", id)
        line("Platform", platform)
        line("Tags", tags.joined(separator: ", "))
        line("Created", created)
        line("Author", author)
        if let config {
            line("User", config.user ?? "(root)")
            line("Env", config.envNames.joined(separator: ", "))
            line("Entrypoint", config.entrypoint.map(json))
            line("Cmd", config.cmd.map(json))
            line("WorkingDir", config.workingDir)
            line("ExposedPorts", config.exposedPorts.joined(separator: ", "))
            line("Volumes", config.volumes.joined(separator: ", "))
            line("Healthcheck", config.healthcheck.map(json) ?? "(none)")
            line("StopSignal", config.stopSignal)
            for (key, value) in config.labels.sorted(by: { $0.key < $1.key }) { line("Label", "\(key)=\(value)") }
        }
        if !history.isEmpty {
            out += "\nHistory\n"
            for step in history {
                out += "  \(step.created ?? "-")  \(step.emptyLayer ? "(no layer) " : "")\(step.createdBy ?? "")\n"
            }
        }
        out += "\nLayers\n"
        for layer in layers {
            let size = layer.size.map(formatBytes) ?? "-"
            out += "  \(layer.index)  \(layer.digest ?? layer.diffID ?? "-")  \(size)  \(layer.entries) entries"
            if layer.whiteouts > 0 { out += ", \(layer.whiteouts) whiteouts" }
            out += "\n"
            if let createdBy = layer.createdBy { out += "     \(createdBy)\n" }
        }
        return out
    }

    private func json(_ array: [String]) -> String {
        "[" + array.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }
}

/// 1536 → "1.5 KiB".
func formatBytes(_ bytes: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
}
