import Foundation
import ImageAccess
import ImageChecks
import Inventory
import Policy
import Signing
import Vulnerabilities

/// An image scan as rows of policy field values (StackRox's field names, plus Palisade's): one row per
/// (component, vulnerability), one per component without vulnerabilities, and one for the image alone,
/// each carrying the image-level fields, so that "Fixable" + "Severity" + "CVE" in one policy section
/// bind to the same vulnerability.
struct ImagePolicyFacts {
    var name: String
    var images: [String]
    var rows: [[String: [String]]]

    init(image: Image, reference: String, packages: [Package]?, report: ScanReport?, sections: ImageSections, now: Date = Date()) {
        var base: [String: [String]] = [:]
        let parts = Self.referenceParts(image: image, reference: reference)
        base["Image Name"] = [parts.full]
        base["Image Registry"] = [parts.registry]
        base["Image Remote"] = [parts.remote]
        base["Image Tag"] = [parts.tag]
        let config = image.config
        if let created = config?.created.flatMap(RFC3339.parse) {
            base["Image Age"] = [String(max(0, Int(now.timeIntervalSince(created) / 86_400)))]
        }
        base["Image Scan Age"] = ["0"]
        base["Unscanned Image"] = [String(packages == nil)]
        let user = config?.config?.User ?? ""
        base["Image User"] = [user.isEmpty ? "root" : user]
        if let os = report?.target.operatingSystem { base["Image OS"] = [os] }
        let labels = (config?.config?.Labels ?? [:]).map { "\($0.key)=\($0.value)" }.sorted()
        base["Image Label"] = labels
        base["Dockerfile Line"] = (config?.history ?? []).compactMap { $0.created_by.map(PolicyFacts.dockerfileLine(fromHistory:)) }
        if let freshness = sections.freshness { base["Freshness Grade"] = [freshness.grade.rawValue] }
        if let match = sections.baseImage?.base {
            base["Base Image"] = [match.name]
            base["Base Image Behind Days"] = [String(match.behindDays ?? 0)]
        }
        if let secrets = sections.secrets { base["Secret Found"] = Array(Set(secrets.map(\.ruleID))).sorted() }
        if let malware = sections.malware { base["Malware Found"] = Array(Set(malware.map(\.ruleID))).sorted() }
        if let config = sections.misconfigurations { base["Config Check Failed"] = Array(Set(config.map(\.checkID))).sorted() }
        if let signatures = sections.signatures {
            base["Image Signature Verified By"] = signatures.facts.verifiedKeySets
            base["Attestation Verified"] = Array(Set(signatures.facts.verifiedAttestations.values.flatMap { $0 })).sorted()
            base["SLSA Builder"] = signatures.provenance.compactMap(\.builder)
            base["SLSA Source"] = signatures.provenance.compactMap(\.sourceRepository)
        }

        var rows: [[String: [String]]] = [base]
        var byPurl: [String: [Finding]] = [:]
        for finding in report?.vulnerabilities ?? [] { byPurl[finding.package.purl, default: []].append(finding) }
        for package in packages ?? [] {
            var row = base
            row["Image Component"] = ["\(package.name)=\(package.version)"]
            row["Package Type"] = [package.type.rawValue]
            let findings = byPurl[package.purl] ?? []
            if findings.isEmpty { rows.append(row); continue }
            for finding in findings {
                var vulnerability = row
                vulnerability["CVE"] = finding.allIDs
                if let score = finding.cvss.map(\.score).max() { vulnerability["CVSS"] = [String(score)] }
                if let score = finding.cvss.filter({ $0.version.hasPrefix("3") }).map(\.score).max() { vulnerability["NVD CVSS"] = [String(score)] }
                vulnerability["Severity"] = [Self.severity(finding.severity)]
                vulnerability["Fixable"] = [String(!finding.fixedVersions.isEmpty)]
                vulnerability["Fixed By"] = finding.fixedVersions
                if let published = finding.published {
                    let days = String(max(0, Int(now.timeIntervalSince(published) / 86_400)))
                    vulnerability["Days Since CVE Was Published"] = [days]
                    if !finding.fixedVersions.isEmpty { vulnerability["Days Since CVE Fix Was Available"] = [days] }
                }
                rows.append(vulnerability)
            }
        }
        name = image.manifestDigest.map { "\(reference)@\($0)" } ?? reference
        images = [parts.full]
        self.rows = rows
    }

    /// StackRox's severity vocabulary.
    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "CRITICAL"
        case .high: "IMPORTANT"
        case .medium: "MODERATE"
        case .low, .none: "LOW"
        case .unknown: "UNKNOWN"
        }
    }

    /// Registry, remote and tag of the scanned image, StackRox-style; local images use their ref name.
    static func referenceParts(image: Image, reference: String) -> (full: String, registry: String, remote: String, tag: String) {
        switch image.reference.transport {
        case .registry(let ref):
            let tag = ref.tag ?? (ref.digest == nil ? "latest" : "")
            return ("\(ref.host)/\(ref.repository)\(tag.isEmpty ? "" : ":" + tag)", ref.host, ref.repository, tag)
        default:
            // A local image: its ref name, "local" when it names no registry, "latest" when no tag.
            let name = image.tags.first ?? reference
            let parts = ImageFacts.Reference(parsing: name)
            return (name, parts.registry ?? "local", parts.repository, parts.tag ?? "latest")
        }
    }
}
