import Foundation
import ImageAccess
import ImageChecks
import Vulnerabilities

/// The parts of an image scan beyond vulnerabilities: each is nil when its scanner did not run.
/// Every section renders in every format (json keys, table blocks, SARIF results).
struct ImageSections {
    /// Whether the vulnerability scanner ran (the table then starts with its section).
    var vulnerabilitiesScanned = true
    var secrets: [SecretFinding]?
    var misconfigurations: [ImageConfigFinding]?
    var freshness: FreshnessGrade?
    var baseImage: BaseImageInfo?

    /// Whether any section found something that `--exit-code` should fail on.
    var hasFindings: Bool {
        !(secrets ?? []).isEmpty || !(misconfigurations ?? []).isEmpty || baseImage?.trustedRegistry == false
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return encoder
    }

    static func object(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: try encoder().encode(value), options: [.fragmentsAllowed])
    }

    /// Top-level keys to add to the JSON report.
    func jsonObject() throws -> [String: Any] {
        var out: [String: Any] = [:]
        if let secrets { out["secrets"] = SecretReport.jsonObjects(secrets) }
        if let misconfigurations { out["misconfigurations"] = try Self.object(misconfigurations) }
        if let freshness { out["freshness"] = try Self.object(freshness) }
        if let baseImage { out["baseImage"] = try Self.object(baseImage) }
        return out
    }

    func table() -> String {
        var text = ""
        if let freshness { text += "\n\(freshness)\n" }
        if let baseImage { text += "\n" + baseImage.tableText }
        if let secrets { text += SecretReport.table(secrets) }
        if let misconfigurations {
            text += "\nMisconfigurations: \(misconfigurations.count)\n"
            if !misconfigurations.isEmpty { text += ImageConfigReport.text(misconfigurations).split(separator: "\n").dropLast().map { "  \($0)\n" }.joined() }
        }
        return text
    }

    func addToSARIF(_ data: Data) throws -> Data {
        var data = data
        if let secrets { data = try SecretReport.addToSARIF(data, secrets) }
        if let misconfigurations { data = try SARIFSection.add(data, ImageConfigReport.sarifResults(misconfigurations)) }
        return data
    }
}

extension ImageFacts {
    /// The configuration checks' view of an opened image.
    init(image: Image, filesystem: ImageFilesystemFacts?) {
        var reference: ImageFacts.Reference?
        if case .registry(let ref) = image.reference.transport {
            reference = ImageFacts.Reference(registry: ref.host, repository: ref.repository, tag: ref.tag, digest: ref.digest?.description)
        }
        let config = image.config?.config
        self.init(reference: reference, user: config?.User, exposedPorts: (config?.ExposedPorts ?? [:]).keys.sorted(),
                  environment: config?.Env ?? [], labels: config?.Labels ?? [:], healthcheck: config?.Healthcheck?.Test,
                  entrypoint: config?.Entrypoint ?? [], cmd: config?.Cmd ?? [],
                  history: (image.config?.history ?? []).map { .init(createdBy: $0.created_by ?? "", emptyLayer: $0.empty_layer ?? false) },
                  layerCount: image.layers.count, filesystem: filesystem)
    }
}
