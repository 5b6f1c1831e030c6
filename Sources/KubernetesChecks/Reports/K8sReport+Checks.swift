extension K8sReport {
    /// The check list as Markdown (docs/k8s-checks.md is this text), generated from `K8sChecks.all`.
    public static func checksMarkdown() -> String {
        var out = """
        # Kubernetes checks

        Generated from `K8sChecks.all` (`palisade k8s checks --format markdown`); do not edit by hand.
        The ids come from the union table `../shared/docs/k8s-checks-union.md`; users write them in exceptions and configs.

        Columns: CIS = CIS Kubernetes Benchmark 1.12 section 5, NIST = SP 800-190 section 4, PSS = Pod Security Standards
        (B baseline, R restricted, with the pod-security-admission check id); kube-linter, checkov, trivy and Polaris give the
        peer tools' check names. Checks marked "opt-in" run only when enabled
        in the config (`enable: [id]`) or given parameters.

        ## Excepting objects

        - Annotation on the object (or its pod template): `palisade.io/ignore: "host-network: CNI needs it, privileged: node agent"`.
          Entries are `<check-id>: <reason>`, separated by commas or newlines; `*` excepts every check. Unknown ids are reported as errors.
        - Config file (`--config`):

        ```yaml
        disable: [image-digest]
        enable: [trusted-registry]
        parameters:
          trusted-registry: {registries: "registry.example.com/,ghcr.io/acme/"}
          replicas: {minimum: "2"}
        exceptions:
          - {check: host-network, kind: DaemonSet, namespace: kube-system, name: "calico-*", reason: "CNI"}
        maxFileBytes: 33554432
        ```

        Suppressed findings are listed under `suppressed` in the JSON report, with their reason.

        ## Checks

        | id | severity | title | CIS | NIST | PSS | kube-linter | checkov | trivy | Polaris | parameters |
        |---|---|---|---|---|---|---|---|---|---|---|

        """
        func cell(_ items: [String]) -> String { items.isEmpty ? "—" : items.joined(separator: ", ") }
        for c in K8sChecks.all {
            let pss = c.mappings.pss.map { "\($0.level == "baseline" ? "B" : "R") \($0.control)" }
            let params = c.parameters.keys.sorted().map { "`\($0)`" }
            out += "| `\(c.id)` | \(c.severity.rawValue)\(c.enabledByDefault ? "" : " (opt-in)") | \(c.title) | \(cell(c.mappings.cis)) | \(cell(c.mappings.nist)) | \(cell(pss)) | "
            out += "\(cell(c.mappings.kubeLinter)) | \(cell(c.mappings.checkov)) | \(cell(c.mappings.trivy)) | \(cell(c.mappings.polaris)) | \(cell(params)) |\n"
        }
        out += "\n## Descriptions\n\n"
        for c in K8sChecks.all {
            out += "### \(c.id)\n\n\(c.description)\n\n*Remediation:* \(c.remediation)\n"
            if !c.parameters.isEmpty {
                out += "\n*Parameters:* " + c.parameters.keys.sorted().map { "`\($0)` (default `\(c.parameters[$0] ?? "")`)" }.joined(separator: ", ") + "\n"
            }
            out += "\n"
        }
        out += """
        ## Rows of the union table not implemented as checks

        - Of `replicas / HA` and `dangling / mismatch`, Polaris's `pdbMinAvailableGreaterThanHPAMinReplicas` and
          `hpaMaxAvailability` and kube-linter's Ingress port check (`dangling-ingress` checks the Service name only) are
          not implemented.

        """
        return out
    }
}

extension K8sScanResult {
    /// The result with only findings of these severities (summary counts updated).
    /// - Parameter severities: the severities to keep; empty keeps everything.
    public func filtered(severities: Set<K8sSeverity>) -> K8sScanResult {
        guard !severities.isEmpty else { return self }
        var copy = self
        copy.findings = findings.filter { severities.contains($0.severity) }
        copy.summary.findings = copy.findings.count
        copy.summary.bySeverity = [:]
        for f in copy.findings { copy.summary.bySeverity[f.severity.rawValue, default: 0] += 1 }
        return copy
    }
}
