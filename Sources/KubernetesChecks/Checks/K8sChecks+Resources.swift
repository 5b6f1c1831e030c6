/// Sections C and D of the union table: resources and images.
extension K8sChecks {
    static func resource(_ id: String, _ title: String, _ section: String, _ name: String, kl: String, ckv: String, ksv: String) -> K8sCheck {
        K8sCheck(id: id, title: title, category: "Resources", severity: .low,
                 description: "resources.\(section).\(name) is not set, so the container can starve its neighbours (or be scheduled without room).",
                 remediation: "Set resources.\(section).\(name).",
                 nist: ["4.4.3"], kubeLinter: [kl], checkov: [ckv], trivy: [ksv],
                 scope: .workloads, evaluate: Template.containers([.container, .initContainer]) { c, _, _ in
                     let present = section == "requests" ? c.requests[name] : c.limits[name]
                     guard present == nil else { return nil }
                     return Violation(line: c.resourcesLine ?? c.line, container: c.name, "container \"\(c.name)\" has no \(name) \(section == "requests" ? "request" : "limit")")
                 })
    }

    /// The registry host of an image reference ("docker.io" when none is given).
    static func registry(_ image: String) -> String {
        guard let slash = image.firstIndex(of: "/") else { return "docker.io" }
        let first = image[..<slash]
        return first.contains(".") || first.contains(":") || first == "localhost" ? String(first) : "docker.io"
    }

    /// Whether an allowlist entry (a registry host, or a repository prefix) covers an image. Prefixes match
    /// only at a `/` boundary, so "registry.example.com" does not admit "registry.example.com.evil.io/x".
    static func trusted(_ image: String, host: String, entry: String) -> Bool {
        var prefix = Substring(entry)
        while prefix.hasSuffix("/") { prefix = prefix.dropLast() }
        guard !prefix.isEmpty else { return false }
        if host == prefix || image == prefix { return true }
        guard image.hasPrefix(prefix) else { return false }
        let next = image[image.index(image.startIndex, offsetBy: prefix.count)]
        // A full repository ("ghcr.io/acme/app") also admits its tags and digests.
        return next == "/" || (prefix.contains("/") && (next == ":" || next == "@"))
    }

    static let resources: [K8sCheck] = [
        resource("cpu-requests", "CPU request not set", "requests", "cpu", kl: "unset-cpu-requirements", ckv: "CKV_K8S_10", ksv: "KSV-0015"),
        resource("cpu-limits", "CPU limit not set", "limits", "cpu", kl: "unset-cpu-requirements", ckv: "CKV_K8S_11", ksv: "KSV-0011"),
        resource("mem-requests", "Memory request not set", "requests", "memory", kl: "unset-memory-requirements", ckv: "CKV_K8S_12", ksv: "KSV-0016"),
        resource("mem-limits", "Memory limit not set", "limits", "memory", kl: "unset-memory-requirements", ckv: "CKV_K8S_13", ksv: "KSV-0018"),
        K8sCheck(id: "ns-quota", title: "Namespace without ResourceQuota or LimitRange", category: "Resources", severity: .low,
                 description: "The workload's namespace has neither a ResourceQuota nor a LimitRange in the scanned manifests. Reported once per namespace, on its first workload.",
                 remediation: "Add a ResourceQuota and a LimitRange to the namespace.",
                 nist: ["4.3.4"], trivy: ["KSV-0039", "KSV-0040"],
                 scope: .workloads, evaluate: { input in
                     let ns = input.object.effectiveNamespace
                     guard !input.index.quotaNamespaces.contains(ns), input.index.namespaceAnchor[ns] == input.object.order else { return [] }
                     let count = input.index.workloadCount(in: ns)
                     return [Violation(line: input.object.metadataLine, "namespace \(ns) (\(count) workload\(count == 1 ? "" : "s")) has no ResourceQuota or LimitRange")]
                 }),
        K8sCheck(id: "pvc-template", title: "Volume claim template without ReadWriteOnce or storage request", category: "Resources", severity: .low,
                 description: "A StatefulSet volumeClaimTemplate does not ask for ReadWriteOnce access or does not request storage.",
                 remediation: "Set accessModes: [ReadWriteOnce] and resources.requests.storage.",
                 scope: .kinds(["StatefulSet"]), evaluate: Template.pod { w, _ in
                     w.claimTemplates.compactMap { t in
                         if !t.accessModes.contains("ReadWriteOnce") && !t.accessModes.contains("ReadWriteOncePod") {
                             return Violation(line: t.line, "volumeClaimTemplate \"\(t.name)\" does not use ReadWriteOnce")
                         }
                         return t.requestsStorage ? nil : Violation(line: t.line, "volumeClaimTemplate \"\(t.name)\" requests no storage")
                     }
                 }),
        K8sCheck(id: "latest-tag", title: "Image without a tag or with :latest", category: "Images", severity: .medium,
                 description: "The image has no tag or uses :latest (and no digest), so what runs changes without a manifest change.",
                 remediation: "Pin a version tag, or better a digest.",
                 nist: ["4.1.5", "4.2.2"], kubeLinter: ["latest-tag"], checkov: ["CKV_K8S_14"], trivy: ["KSV-0013"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     guard let image = c.image, !image.value.contains("@") else { return nil }
                     let last = image.value.split(separator: "/").last ?? ""
                     if let colon = last.lastIndex(of: ":") {
                         return last[last.index(after: colon)...] == "latest" ? Violation(line: image.line, container: c.name, "container \"\(c.name)\" uses \(image.value)") : nil
                     }
                     return Violation(line: image.line, container: c.name, "container \"\(c.name)\" image \(image.value) has no tag")
                 }),
        K8sCheck(id: "image-digest", title: "Image not pinned by digest", category: "Images", severity: .low,
                 description: "The image reference has no @sha256 digest, so a tag can be moved to different content.",
                 remediation: "Reference images by digest (image@sha256:…).",
                 nist: ["4.1.5", "4.2.2"], checkov: ["CKV_K8S_43"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     guard let image = c.image, !image.value.contains("@sha256:") else { return nil }
                     return Violation(line: image.line, container: c.name, "container \"\(c.name)\" image \(image.value) is not pinned by digest")
                 }),
        K8sCheck(id: "pull-policy", title: "imagePullPolicy is not Always", category: "Images", severity: .low,
                 description: "imagePullPolicy is not Always, so a cached image may be used without checking the registry (and its authorisation).",
                 remediation: "Set imagePullPolicy: Always (or pin images by digest).",
                 nist: ["4.2.3"], checkov: ["CKV_K8S_15"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     if let p = c.imagePullPolicy { return p.value == "Always" ? nil : Violation(line: p.line, container: c.name, "container \"\(c.name)\" has imagePullPolicy \(p.value)") }
                     return Violation(line: c.image?.line ?? c.line, container: c.name, "container \"\(c.name)\" does not set imagePullPolicy: Always")
                 }),
        K8sCheck(id: "trusted-registry", title: "Image from a registry outside the allowlist", category: "Images", severity: .medium,
                 description: "The image's registry (or repository prefix) is not in the `registries` parameter. Off until registries are configured.",
                 remediation: "Mirror the image into a trusted registry.",
                 parameters: ["registries": ""],
                 cis: ["5.5.1"], nist: ["4.1.5"], trivy: ["KSV-0125"], enabledByDefault: false,
                 scope: .workloads, evaluate: Template.containers { c, _, input in
                     let allowed = input.list("registries")
                     guard let image = c.image, !allowed.isEmpty else { return nil }
                     let host = registry(image.value)
                     if allowed.contains(where: { trusted(image.value, host: host, entry: $0) }) { return nil }
                     return Violation(line: image.line, container: c.name, "container \"\(c.name)\" image \(image.value) comes from \(host), not an allowed registry")
                 }),
        K8sCheck(id: "tiller-dashboard", title: "Helm v2 Tiller or Kubernetes dashboard deployed", category: "Images", severity: .high,
                 description: "The workload runs Tiller (Helm v2, cluster-admin by default) or the Kubernetes dashboard.",
                 remediation: "Remove Tiller (use Helm 3); do not expose the dashboard, or restrict its service account.",
                 nist: ["4.3.2"], checkov: ["CKV_K8S_33", "CKV_K8S_34", "CKV_K8S_44", "CKV_K8S_45"], trivy: ["KSV-0102"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     guard let image = c.image else { return nil }
                     let repo = image.value.split(separator: "@").first.map { String($0.split(separator: ":").first ?? "") } ?? ""
                     let last = repo.split(separator: "/").last.map(String.init) ?? ""
                     guard last == "tiller" || last == "kubernetes-dashboard" || repo.hasSuffix("kubernetesui/dashboard") else { return nil }
                     return Violation(line: image.line, container: c.name, "container \"\(c.name)\" runs \(image.value)")
                 }),
    ]
}
