/// Section B of the union table, continued: kernel hardening profiles and the remaining pod settings.
extension K8sChecks {
    /// The effective seccomp profile type, from fields or the legacy annotations ("RuntimeDefault", "Localhost", "Unconfined").
    static func seccomp(_ c: Container, _ w: Workload) -> Located<String>? {
        if let t = c.effective(\.seccompType, w.pod) { return t }
        let annotation = w.podAnnotations["container.seccomp.security.alpha.kubernetes.io/\(c.name)"] ?? w.podAnnotations["seccomp.security.alpha.kubernetes.io/pod"]
        guard let annotation else { return nil }
        let type: String
        switch annotation {
        case "runtime/default", "docker/default": type = "RuntimeDefault"
        case "unconfined": type = "Unconfined"
        case _ where annotation.hasPrefix("localhost/"): type = "Localhost"
        default: type = annotation
        }
        return Located(value: type, line: w.pod.line)
    }

    static let privilege2: [K8sCheck] = [
        K8sCheck(id: "seccomp", title: "Seccomp profile not RuntimeDefault or Localhost", category: "Privilege", severity: .medium,
                 description: "The effective seccompProfile.type (container over pod, or the legacy annotations) is not RuntimeDefault or Localhost. Unconfined breaks the baseline Pod Security Standard; unset breaks the restricted one.",
                 remediation: "Set securityContext.seccompProfile.type: RuntimeDefault at pod level.",
                 cis: ["5.6.2"], nist: ["4.4.3"], pss: [("baseline", "seccompProfile_baseline"), ("restricted", "seccompProfile_restricted")],
                 checkov: ["CKV_K8S_31"], trivy: ["KSV-0030", "KSV-0104"],
                 scope: .workloads, evaluate: Template.containers { c, w, _ in
                     guard let t = seccomp(c, w) else {
                         return Violation(line: c.securityContext?.line ?? w.pod.securityContext?.line ?? c.line, container: c.name,
                                          "container \"\(c.name)\" has no seccomp profile", pss: ["seccompProfile_restricted"])
                     }
                     if t.value == "RuntimeDefault" || t.value == "Localhost" {
                         // pod-security-admission checks the pod level on its own: an Unconfined pod profile fails
                         // baseline and restricted even when every container overrides it.
                         guard let pod = w.pod.securityContext?.seccompType, pod.value == "Unconfined" else { return nil }
                         return Violation(line: pod.line, container: c.name, "pod seccomp profile is Unconfined (container \"\(c.name)\" overrides it with \(t.value))")
                     }
                     return Violation(line: t.line, container: c.name, "container \"\(c.name)\" runs with seccomp profile \(t.value)",
                                      pss: t.value == "Unconfined" ? nil : ["seccompProfile_restricted"])
                 }),
        K8sCheck(id: "apparmor", title: "AppArmor profile overridden", category: "Privilege", severity: .medium,
                 description: "The AppArmor profile (appArmorProfile field or the container.apparmor.security.beta.kubernetes.io annotation) is set to something other than RuntimeDefault or Localhost, such as Unconfined.",
                 remediation: "Remove the override or use RuntimeDefault / a Localhost profile.",
                 nist: ["4.4.3"], pss: [("baseline", "appArmorProfile")], trivy: ["KSV-0002"],
                 scope: .workloads, evaluate: Template.containers { c, w, _ in
                     if let t = c.effective(\.appArmorType, w.pod), t.value != "RuntimeDefault", t.value != "Localhost" {
                         return Violation(line: t.line, container: c.name, "container \"\(c.name)\" uses AppArmor profile \(t.value)")
                     }
                     if let a = w.podAnnotations["container.apparmor.security.beta.kubernetes.io/\(c.name)"], a != "runtime/default", !a.hasPrefix("localhost/") {
                         return Violation(line: w.pod.line, container: c.name, "container \"\(c.name)\" uses AppArmor profile \(a)")
                     }
                     return nil
                 }),
        K8sCheck(id: "selinux", title: "SELinux options outside the allowed set", category: "Privilege", severity: .medium,
                 description: "seLinuxOptions.type is not container_t, container_init_t, container_kvm_t or container_engine_t, or user / role is set.",
                 remediation: "Remove custom SELinux user, role and type settings.",
                 nist: ["4.4.3"], pss: [("baseline", "seLinuxOptions")], trivy: ["KSV-0025"],
                 scope: .workloads, evaluate: Template.pod { w, _ in
                     func problems(_ sc: SecurityContext?, _ container: String?) -> Violation? {
                         guard let sc else { return nil }
                         let who = container.map { "container \"\($0)\"" } ?? "pod"
                         if let t = sc.seLinuxType, !allowedSELinuxTypes.contains(t.value) { return Violation(line: t.line, container: container, "\(who) sets SELinux type \(t.value)") }
                         if let u = sc.seLinuxUser, !u.value.isEmpty { return Violation(line: u.line, container: container, "\(who) sets SELinux user \(u.value)") }
                         if let r = sc.seLinuxRole, !r.value.isEmpty { return Violation(line: r.line, container: container, "\(who) sets SELinux role \(r.value)") }
                         return nil
                     }
                     return ([problems(w.pod.securityContext, nil)] + w.pod.containers.map { problems($0.securityContext, $0.name) }).compactMap { $0 }
                 }),
        K8sCheck(id: "proc-mount", title: "Unmasked /proc", category: "Privilege", severity: .medium,
                 description: "securityContext.procMount is not Default (Unmasked exposes kernel paths that the runtime normally masks).",
                 remediation: "Remove procMount or set it to Default.",
                 nist: ["4.4.3"], pss: [("baseline", "procMount")], kubeLinter: ["unsafe-proc-mount"], trivy: ["KSV-0027"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     guard let p = c.securityContext?.procMount, p.value != "Default", !p.value.isEmpty else { return nil }
                     return Violation(line: p.line, container: c.name, "container \"\(c.name)\" sets procMount: \(p.value)")
                 }),
        K8sCheck(id: "unsafe-sysctls", title: "Unsafe sysctls", category: "Privilege", severity: .medium,
                 description: "spec.securityContext.sysctls sets a sysctl outside the safe set, which can affect the whole node.",
                 remediation: "Remove the sysctl or set it on the node.",
                 parameters: ["allowed": safeSysctls],
                 nist: ["4.4.3"], pss: [("baseline", "sysctls")], kubeLinter: ["unsafe-sysctls"], trivy: ["KSV-0026"],
                 scope: .workloads, evaluate: Template.pod { w, input in
                     let allowed = Set(input.list("allowed"))
                     return (w.pod.securityContext?.sysctls ?? []).filter { !allowed.contains($0.value) }.map { Violation(line: $0.line, "pod sets unsafe sysctl \($0.value)") }
                 }),
        K8sCheck(id: "restricted-volume-types", title: "Volume type outside the restricted set", category: "Privilege", severity: .low,
                 description: "A volume type other than configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret.",
                 remediation: "Use one of the allowed volume types (or a PersistentVolumeClaim).",
                 parameters: ["allowed": allowedVolumeTypes],
                 nist: ["4.5.5"], pss: [("restricted", "restrictedVolumes")], trivy: ["KSV-0028", "KSV-0121"],
                 scope: .workloads, evaluate: Template.pod { w, input in
                     let allowed = Set(input.list("allowed"))
                     return w.pod.volumes.filter { !$0.type.isEmpty && !allowed.contains($0.type) }
                         .map { Violation(line: $0.line, "volume \"\($0.name)\" is of type \($0.type)") }
                 }),
        K8sCheck(id: "no-security-context", title: "No securityContext", category: "Privilege", severity: .low,
                 description: "Neither the pod nor the container sets a securityContext, so every runtime default applies.",
                 remediation: "Set a securityContext (runAsNonRoot, allowPrivilegeEscalation: false, capabilities.drop: [ALL], seccompProfile).",
                 cis: ["5.6.3"], nist: ["4.4.3"], checkov: ["CKV_K8S_29", "CKV_K8S_30"], trivy: ["KSV-0118"],
                 scope: .workloads, evaluate: Template.containers { c, w, _ in
                     guard c.securityContext == nil, w.pod.securityContext == nil else { return nil }
                     return Violation(line: c.line, container: c.name, "neither container \"\(c.name)\" nor its pod sets a securityContext")
                 }),
        K8sCheck(id: "scc-privileged", title: "OpenShift SCC allows privileged containers", category: "Privilege", severity: .high,
                 description: "A SecurityContextConstraints object sets allowPrivilegedContainer: true.",
                 remediation: "Set allowPrivilegedContainer: false, or restrict who may use this SCC.",
                 nist: ["4.4.3"], kubeLinter: ["scc-deny-privileged-container"],
                 scope: .kinds(["SecurityContextConstraints"]), evaluate: { input in
                     guard case .scc(let allow) = input.object.body, let allow, allow.value else { return [] }
                     return [Violation(line: allow.line, "allowPrivilegedContainer is true")]
                 }),
    ]
}
