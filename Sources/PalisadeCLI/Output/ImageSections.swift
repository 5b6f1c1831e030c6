import Foundation
import ImageAccess
import ImageChecks
import ArgumentParser
import Signing
import Vulnerabilities

/// The parts of an image scan beyond vulnerabilities: each is nil when its scanner did not run.
/// Every section renders in every format (json keys, table blocks, SARIF results).
struct ImageSections {
    /// Whether the vulnerability scanner ran (the table then starts with its section).
    var vulnerabilitiesScanned = true
    var secrets: [SecretFinding]?
    var misconfigurations: [ImageConfigFinding]?
    var malware: [MalwareFinding]?
    var freshness: FreshnessGrade?
    var baseImage: BaseImageInfo?
    var signatures: SignatureSection?

    /// Whether any section found something that `--exit-code` should fail on.
    var hasFindings: Bool {
        !(secrets ?? []).isEmpty || !(misconfigurations ?? []).isEmpty || !(malware ?? []).isEmpty || baseImage?.trustedRegistry == false
    }

    /// A section as a JSON object, encoded as the report is (RFC 3339 dates), for merging into it.
    static func object(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: try ReportWriter.jsonEncoder().encode(value), options: [.fragmentsAllowed])
    }

    /// Top-level keys to add to the JSON report.
    func jsonObject() throws -> [String: Any] {
        var out: [String: Any] = [:]
        if let secrets { out["secrets"] = SecretReport.jsonObjects(secrets) }
        if let misconfigurations { out["misconfigurations"] = try Self.object(misconfigurations) }
        if let malware { out["malware"] = MalwareReport.jsonObjects(malware) }
        if let freshness { out["freshness"] = try Self.object(freshness) }
        if let baseImage { out["baseImage"] = try Self.object(baseImage) }
        if let signatures { out["signatures"] = try Self.object(signatures) }
        return out
    }

    func table() -> String {
        var text = ""
        if let freshness { text += "\n\(freshness)\n" }
        if let baseImage { text += "\n" + baseImage.tableText }
        if let signatures { text += "\n" + signatures.tableText }
        if let secrets { text += SecretReport.table(secrets) }
        if let malware { text += MalwareReport.table(malware) }
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
        if let malware { data = try SARIFSection.add(data, MalwareReport.sarifResults(malware)) }
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

/// Signature verdicts of a scanned registry image against named key sets (the policy engine's
/// "signed by key set X"), cached per digest.
struct SignatureSection: Encodable {
    struct KeySetVerdict: Encodable {
        var keySet: String
        var verified: Bool
        var reason: String
        var cached: Bool
    }

    /// A verified SLSA provenance attestation: who built the image from what.
    struct Provenance: Encodable {
        var keySet: String
        var predicateType: String
        var builder: String?
        var buildType: String?
        var sourceRepository: String?
        var sourceRevision: String?
    }

    var facts: SignatureFacts
    var verdicts: [KeySetVerdict]
    var provenance: [Provenance] = []

    /// `NAME=PUB[,PUB...]` options as key sets.
    static func keySets(_ options: [String]) throws -> [KeySet] {
        try options.map { option in
            guard let eq = option.firstIndex(of: "="), eq != option.startIndex else {
                throw ValidationError("--signature-keys '\(option)' is not NAME=PUBLIC_KEY_FILE[,FILE...]")
            }
            let files = option[option.index(after: eq)...].split(separator: ",").map(String.init)
            return KeySet(name: String(option[..<eq]), keys: try verificationKeys(files))
        }
    }

    static func verify(image: ImageOptions, keySets: [KeySet], cacheFile: String?) async throws -> SignatureSection {
        let session = try await SigningSession.open(image)
        defer { Task { await session.close() } }
        let cache = SignatureVerdictCache(file: cacheFile)
        let digest = session.digest.description
        var facts = SignatureFacts(digest: digest)
        var verdicts: [KeySetVerdict] = []
        for keySet in keySets {
            let cached = await cache.verdict(digest: digest, keySet: keySet, subject: "signature") != nil
            let verdict = try await cache.verdict(digest: digest, keySet: keySet, subject: "signature") {
                let (report, bundles) = try await verifySignatures(session: session, keys: keySet.keys, policy: keySet.policy, annotations: [:])
                let met = signaturePolicyMet(report, bundles, keys: keySet.keys, policy: keySet.policy)
                return (met, met ? "verified" : (report.checks.isEmpty && bundles.isEmpty ? "noSignatures" : report.reason.description))
            }
            if verdict.verified { facts.verifiedKeySets.append(keySet.name) }
            verdicts.append(KeySetVerdict(keySet: keySet.name, verified: verdict.verified, reason: verdict.reason, cached: cached))
        }
        // Attestations (cosign's .att tag), every type: "attestation of type T verified by key set X", and the
        // SLSA provenance's builder and source for policies.
        var provenance: [Provenance] = []
        let attestations = try await session.existing(try CosignManifest.tag(forImageDigest: digest, kind: .attestations))
        if let attestations {
            for keySet in keySets {
                let verifier = AttestationVerifier(keys: keySet.keys, policy: keySet.policy)
                guard let wanted = try? verifier.blobsToFetch(attestationManifest: attestations) else { continue }
                let blobs = try await session.fetch(wanted, limit: Int64(SigningLimits.default.maxEnvelopeBytes))
                let report = verifier.verify(attestationManifest: attestations, blobs: blobs, imageDigest: digest)
                for check in report.verifiedChecks {
                    guard let type = check.predicateType else { continue }
                    facts.verifiedAttestations[keySet.name, default: []].append(type)
                    if let statement = check.statement, let summary = try? SLSAProvenanceSummary(statement: statement) {
                        provenance.append(Provenance(keySet: keySet.name, predicateType: type, builder: summary.builderID, buildType: summary.buildType,
                                                     sourceRepository: summary.sourceRepository, sourceRevision: summary.sourceRevision))
                    }
                }
            }
        }
        await session.close()
        try await cache.save()
        return SignatureSection(facts: facts, verdicts: verdicts, provenance: provenance)
    }

    var tableText: String {
        verdicts.map { v in
            v.verified ? "Signature: verified by key set \(v.keySet)\n" : "Signature: NOT verified by key set \(v.keySet) (\(v.reason))\n"
        }.joined() + facts.verifiedAttestations.sorted { $0.key < $1.key }.map { "Attestations verified by key set \($0.key): \($0.value.joined(separator: ", "))\n" }.joined()
            + provenance.map { "Provenance: built by \($0.builder ?? "?") from \($0.sourceRepository ?? "?")\($0.sourceRevision.map { " at " + $0 } ?? "")\n" }.joined()
    }
}
