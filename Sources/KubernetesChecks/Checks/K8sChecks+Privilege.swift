/// Section B of the union table: privilege and kernel attack surface.
extension K8sChecks {
    static let baselineCapabilities: Set<String> = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
                                                    "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]
    static let safeSysctls = "kernel.shm_rmid_forced,net.ipv4.ip_local_port_range,net.ipv4.ip_unprivileged_port_start,net.ipv4.tcp_syncookies,net.ipv4.ping_group_range,net.ipv4.ip_local_reserved_ports,net.ipv4.tcp_keepalive_time,net.ipv4.tcp_fin_timeout,net.ipv4.tcp_keepalive_intvl,net.ipv4.tcp_keepalive_probes"
    static let allowedVolumeTypes = "configMap,csi,downwardAPI,emptyDir,ephemeral,persistentVolumeClaim,projected,secret"
    static let allowedSELinuxTypes: Set<String> = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]

    static func capability(_ s: String) -> String {
        let upper = s.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    static let privilege: [K8sCheck] = [
        K8sCheck(id: "privileged", title: "Privileged container", category: "Privilege", severity: .critical,
                 description: "securityContext.privileged is true: the container has every capability and all host devices; escaping to the node is trivial.",
                 remediation: "Remove privileged: true; grant only the specific capabilities needed.",
                 cis: ["5.2.2"], nist: ["4.4.3"], pss: [("baseline", "privileged")],
                 kubeLinter: ["privileged-container"], checkov: ["CKV_K8S_16"], trivy: ["KSV-0017"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     guard let f = c.securityContext?.privileged, f.value else { return nil }
                     return Violation(line: f.line, container: c.name, "container \"\(c.name)\" is privileged")
                 }),
        K8sCheck(id: "allow-priv-escalation", title: "Privilege escalation not disabled", category: "Privilege", severity: .medium,
                 description: "securityContext.allowPrivilegeEscalation is not explicitly false, so setuid binaries can gain privileges (no_new_privs is not set).",
                 remediation: "Set securityContext.allowPrivilegeEscalation: false on every container.",
                 cis: ["5.2.6"], nist: ["4.4.3"], pss: [("restricted", "allowPrivilegeEscalation")],
                 kubeLinter: ["privilege-escalation-container"], checkov: ["CKV_K8S_20"], trivy: ["KSV-0001"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     if let f = c.securityContext?.allowPrivilegeEscalation {
                         return f.value ? Violation(line: f.line, container: c.name, "container \"\(c.name)\" sets allowPrivilegeEscalation: true") : nil
                     }
                     return Violation(line: c.securityLine, container: c.name, "container \"\(c.name)\" does not set allowPrivilegeEscalation: false")
                 }),
        K8sCheck(id: "caps-add-nondefault", title: "Capability added beyond the baseline set", category: "Privilege", severity: .medium,
                 description: "capabilities.add holds a capability outside the Pod Security baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).",
                 remediation: "Remove the added capabilities, or justify them with an exception.",
                 cis: ["5.2.9"], nist: ["4.4.3"], pss: [("baseline", "capabilities_baseline")], checkov: ["CKV_K8S_25"], trivy: ["KSV-0022"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     let extra = (c.securityContext?.capabilitiesAdd ?? []).filter { !baselineCapabilities.contains(capability($0.value)) }
                     guard let first = extra.first else { return nil }
                     return Violation(line: first.line, container: c.name, "container \"\(c.name)\" adds \(extra.map(\.value).joined(separator: ", "))")
                 }),
        K8sCheck(id: "cap-sys-admin", title: "CAP_SYS_ADMIN added", category: "Privilege", severity: .high,
                 description: "capabilities.add contains SYS_ADMIN (or ALL), which is close to privileged.",
                 remediation: "Remove SYS_ADMIN from capabilities.add.",
                 cis: ["5.2.9"], nist: ["4.4.3"], pss: [("baseline", "capabilities_baseline")], checkov: ["CKV_K8S_39"], trivy: ["KSV-0005"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     guard let f = c.securityContext?.capabilitiesAdd.first(where: { ["SYS_ADMIN", "ALL"].contains(capability($0.value)) }) else { return nil }
                     return Violation(line: f.line, container: c.name, "container \"\(c.name)\" adds \(f.value)")
                 }),
        K8sCheck(id: "caps-drop-all", title: "Capabilities not dropped", category: "Privilege", severity: .low,
                 description: "capabilities.drop does not contain ALL, or capabilities.add holds something other than NET_BIND_SERVICE.",
                 remediation: "Set capabilities.drop: [ALL] and add back only NET_BIND_SERVICE if needed.",
                 cis: ["5.2.9"], nist: ["4.4.3"], pss: [("restricted", "capabilities_restricted")], checkov: ["CKV_K8S_37"],
                 trivy: ["KSV-0003", "KSV-0004", "KSV-0106"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     let sc = c.securityContext
                     if let extra = sc?.capabilitiesAdd.first(where: { capability($0.value) != "NET_BIND_SERVICE" }) {
                         return Violation(line: extra.line, container: c.name, "container \"\(c.name)\" adds \(extra.value)")
                     }
                     if sc?.capabilitiesDrop.contains(where: { capability($0.value) == "ALL" }) == true { return nil }
                     return Violation(line: sc?.capabilitiesLine ?? c.securityLine, container: c.name, "container \"\(c.name)\" does not drop ALL capabilities")
                 }),
        K8sCheck(id: "net-raw", title: "NET_RAW capability not dropped", category: "Privilege", severity: .medium,
                 description: "NET_RAW is not dropped (neither NET_RAW nor ALL in capabilities.drop) or is added; it allows packet spoofing inside the node network.",
                 remediation: "Drop NET_RAW (or ALL).",
                 cis: ["5.2.8"], nist: ["4.4.3"], kubeLinter: ["drop-net-raw-capability"], checkov: ["CKV_K8S_28"], trivy: ["KSV-0119"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     let sc = c.securityContext
                     if let added = sc?.capabilitiesAdd.first(where: { ["NET_RAW", "ALL"].contains(capability($0.value)) }) {
                         return Violation(line: added.line, container: c.name, "container \"\(c.name)\" adds \(added.value)")
                     }
                     if sc?.capabilitiesDrop.contains(where: { ["NET_RAW", "ALL"].contains(capability($0.value)) }) == true { return nil }
                     return Violation(line: sc?.capabilitiesLine ?? c.securityLine, container: c.name, "container \"\(c.name)\" does not drop NET_RAW")
                 }),
        K8sCheck(id: "run-as-non-root", title: "Container may run as root", category: "Privilege", severity: .medium,
                 description: "runAsNonRoot is not true at pod or container level, or runAsUser is 0. With the parameter acceptNonZeroRunAsUser=true, a non-zero runAsUser also passes (kube-linter's reading).",
                 remediation: "Set runAsNonRoot: true and a non-zero runAsUser.",
                 parameters: ["acceptNonZeroRunAsUser": "false"],
                 cis: ["5.2.7"], nist: ["4.4.3"], pss: [("restricted", "runAsNonRoot"), ("restricted", "runAsUser")],
                 kubeLinter: ["run-as-non-root"], checkov: ["CKV_K8S_23"], trivy: ["KSV-0012", "KSV-0105"],
                 scope: .workloads, evaluate: Template.containers { c, w, input in
                     let user = c.effective(\.runAsUser, w.pod)
                     let explicit = c.effective(\.runAsNonRoot, w.pod)
                     let nonRoot = explicit?.value == true
                     let rootUID = user?.value == 0
                     // Both Pod Security controls are reported when both are broken (runAsUser: 0 does not excuse
                     // a missing runAsNonRoot, and the restricted runAsNonRoot control must fail too).
                     var pss: [String] = []
                     var parts: [String] = []
                     var line: Int?
                     if rootUID, let user {
                         pss.append("runAsUser")
                         parts.append("runs as UID 0")
                         line = user.line
                     }
                     if !nonRoot && !(rootUID == false && input.parameter("acceptNonZeroRunAsUser") == "true" && (user?.value ?? 0) > 0) {
                         pss.append("runAsNonRoot")
                         parts.append("\(explicit == nil ? "does not set" : "sets") runAsNonRoot\(explicit == nil ? ": true" : ": false")")
                         line = line ?? explicit?.line ?? c.securityLine
                     }
                     guard let line else { return nil }
                     return Violation(line: line, container: c.name, "container \"\(c.name)\" \(parts.joined(separator: " and "))", pss: pss)
                 }),
        K8sCheck(id: "root-group", title: "Container runs with GID 0", category: "Privilege", severity: .low,
                 description: "runAsGroup, fsGroup or supplementalGroups contains 0 (the root group).",
                 remediation: "Use a non-zero group ID.",
                 nist: ["4.4.3"], kubeLinter: ["run-as-non-root"], trivy: ["KSV-0116"],
                 scope: .workloads, evaluate: Template.pod { w, _ in
                     var out: [Violation] = []
                     if let g = w.pod.securityContext?.runAsGroup, g.value == 0 { out.append(Violation(line: g.line, "pod runAsGroup is 0")) }
                     if let g = w.pod.securityContext?.fsGroup, g.value == 0 { out.append(Violation(line: g.line, "pod fsGroup is 0")) }
                     if let g = w.pod.securityContext?.supplementalGroups.first(where: { $0.value == 0 }) { out.append(Violation(line: g.line, "supplementalGroups contains 0")) }
                     for c in w.pod.containers {
                         if let g = c.securityContext?.runAsGroup, g.value == 0 { out.append(Violation(line: g.line, container: c.name, "container \"\(c.name)\" runAsGroup is 0")) }
                     }
                     return out
                 }),
        K8sCheck(id: "high-uid-gid", title: "UID or GID not above 10000", category: "Privilege", severity: .low,
                 description: "The effective runAsUser or runAsGroup is unset or not above the minimum (default 10000), so it may collide with host users.",
                 remediation: "Run as a UID and GID above 10000.",
                 parameters: ["minimum": "10000"],
                 checkov: ["CKV_K8S_40"], trivy: ["KSV-0020", "KSV-0021"],
                 scope: .workloads, evaluate: Template.containers([.container, .initContainer]) { c, w, input in
                     let minimum = input.int("minimum", default: 10000)
                     let user = c.effective(\.runAsUser, w.pod), group = c.effective(\.runAsGroup, w.pod)
                     var problems: [String] = []
                     if (user?.value ?? 0) <= minimum { problems.append(user.map { "runAsUser \($0.value)" } ?? "no runAsUser") }
                     if (group?.value ?? 0) <= minimum { problems.append(group.map { "runAsGroup \($0.value)" } ?? "no runAsGroup") }
                     guard !problems.isEmpty else { return nil }
                     let line = (user.map { $0.value <= minimum ? $0.line : nil } ?? nil) ?? (group.map { $0.value <= minimum ? $0.line : nil } ?? nil) ?? c.securityLine
                     return Violation(line: line, container: c.name, "container \"\(c.name)\": \(problems.joined(separator: ", ")) (must be above \(minimum))")
                 }),
        K8sCheck(id: "read-only-rootfs", title: "Root filesystem is writable", category: "Privilege", severity: .medium,
                 description: "securityContext.readOnlyRootFilesystem is not true: an attacker can modify the container's files.",
                 remediation: "Set readOnlyRootFilesystem: true and mount emptyDir volumes where the application writes.",
                 cis: ["5.6.3"], nist: ["4.4.3", "4.5.5"], kubeLinter: ["no-read-only-root-fs"], checkov: ["CKV_K8S_22"], trivy: ["KSV-0014"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     if let f = c.securityContext?.readOnlyRootFilesystem {
                         return f.value ? nil : Violation(line: f.line, container: c.name, "container \"\(c.name)\" sets readOnlyRootFilesystem: false")
                     }
                     return Violation(line: c.securityLine, container: c.name, "container \"\(c.name)\" does not set readOnlyRootFilesystem: true")
                 }),
    ] + privilege2
}
