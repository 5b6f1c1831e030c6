extension Container {
    /// A security setting with the container's value overriding the pod's.
    func effective<T>(_ field: KeyPath<SecurityContext, Located<T>?>, _ pod: PodSpec) -> Located<T>? {
        securityContext?[keyPath: field] ?? pod.securityContext?[keyPath: field]
    }

    /// Where to point when a security setting is absent: the container's securityContext, else the container.
    var securityLine: Int { securityContext?.line ?? line }
}

/// Section A of the union table: host isolation.
extension K8sChecks {
    static let runtimeSockets = "docker.sock,containerd.sock,crio.sock,cri-dockerd.sock,podman.sock"

    static let host: [K8sCheck] = [
        K8sCheck(id: "host-network", title: "Pod shares the host network namespace", category: "Host isolation", severity: .high,
                 description: "spec.hostNetwork is true: the pod sees every host interface, can bind host ports and sniff traffic, and bypasses NetworkPolicies.",
                 remediation: "Remove hostNetwork (or set it to false).",
                 cis: ["5.2.5"], nist: ["4.4.3", "4.3.3"], pss: [("baseline", "hostNamespaces")],
                 kubeLinter: ["host-network"], checkov: ["CKV_K8S_19"], trivy: ["KSV-0009"],
                 scope: .workloads, evaluate: Template.podFlag(\.hostNetwork, "hostNetwork is true")),
        K8sCheck(id: "host-pid", title: "Pod shares the host PID namespace", category: "Host isolation", severity: .high,
                 description: "spec.hostPID is true: containers see and can signal every host process.",
                 remediation: "Remove hostPID (or set it to false).",
                 cis: ["5.2.3"], nist: ["4.4.3"], pss: [("baseline", "hostNamespaces")],
                 kubeLinter: ["host-pid"], checkov: ["CKV_K8S_17"], trivy: ["KSV-0010"],
                 scope: .workloads, evaluate: Template.podFlag(\.hostPID, "hostPID is true")),
        K8sCheck(id: "host-ipc", title: "Pod shares the host IPC namespace", category: "Host isolation", severity: .high,
                 description: "spec.hostIPC is true: containers share System V IPC and POSIX message queues with the host.",
                 remediation: "Remove hostIPC (or set it to false).",
                 cis: ["5.2.4"], nist: ["4.4.3"], pss: [("baseline", "hostNamespaces")],
                 kubeLinter: ["host-ipc"], checkov: ["CKV_K8S_18"], trivy: ["KSV-0008"],
                 scope: .workloads, evaluate: Template.podFlag(\.hostIPC, "hostIPC is true")),
        K8sCheck(id: "host-port", title: "Container binds a host port", category: "Host isolation", severity: .high,
                 description: "A container port sets a non-zero hostPort, which exposes it on the node's address and limits scheduling.",
                 remediation: "Remove hostPort; expose the pod through a Service.",
                 cis: ["5.2.12"], nist: ["4.4.3"], pss: [("baseline", "hostPorts")], checkov: ["CKV_K8S_26"], trivy: ["KSV-0024"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     guard let p = c.ports.first(where: { ($0.hostPort?.value ?? 0) != 0 }), let hp = p.hostPort else { return nil }
                     return Violation(line: hp.line, container: c.name, "container \"\(c.name)\" binds hostPort \(hp.value)")
                 }),
        K8sCheck(id: "host-path", title: "Pod mounts a hostPath volume", category: "Host isolation", severity: .medium,
                 description: "A hostPath volume gives the pod direct access to the node's filesystem.",
                 remediation: "Use emptyDir, ConfigMap, Secret or persistent volumes instead of hostPath.",
                 cis: ["5.2.11"], nist: ["4.5.5"], pss: [("baseline", "hostPathVolumes")], kubeLinter: ["sensitive-host-mounts"], trivy: ["KSV-0023"],
                 scope: .workloads, evaluate: Template.pod { w, _ in
                     w.pod.volumes.compactMap { v in
                         v.hostPath.map { Violation(line: $0.line, "volume \"\(v.name)\" mounts host path \($0.value.isEmpty ? "(no path)" : $0.value)") }
                     }
                 }),
        K8sCheck(id: "runtime-socket-mount", title: "Pod mounts the container runtime socket", category: "Host isolation", severity: .critical,
                 description: "A hostPath volume points at docker.sock, containerd.sock or crio.sock: whoever controls the pod controls every container on the node.",
                 remediation: "Do not mount the runtime socket; use a dedicated, narrowly scoped agent API.",
                 parameters: ["sockets": runtimeSockets],
                 nist: ["4.4.3", "4.5.5"], pss: [("baseline", "hostPathVolumes")], kubeLinter: ["docker-sock"], checkov: ["CKV_K8S_27"], trivy: ["KSV-0006"],
                 scope: .workloads, evaluate: Template.pod { w, input in
                     let sockets = input.list("sockets")
                     return w.pod.volumes.compactMap { v in
                         guard let path = v.hostPath, sockets.contains(where: { path.value.hasSuffix($0) }) else { return nil }
                         return Violation(line: path.line, "volume \"\(v.name)\" mounts the runtime socket \(path.value)")
                     }
                 }),
        K8sCheck(id: "writable-host-mount", title: "hostPath volume mounted writable", category: "Host isolation", severity: .medium,
                 description: "A container mounts a hostPath volume without readOnly: true and can change files on the node.",
                 remediation: "Set readOnly: true on the volumeMount, or avoid hostPath.",
                 nist: ["4.5.5"], kubeLinter: ["writable-host-mount"],
                 scope: .workloads, evaluate: Template.containers { c, w, _ in
                     let hostVolumes = Set(w.pod.volumes.filter { $0.hostPath != nil }.map(\.name))
                     guard let m = c.volumeMounts.first(where: { hostVolumes.contains($0.name) && !$0.readOnly }) else { return nil }
                     return Violation(line: m.line, container: c.name, "container \"\(c.name)\" mounts hostPath volume \"\(m.name)\" writable at \(m.mountPath)")
                 }),
        K8sCheck(id: "host-proc-mount", title: "Pod mounts the host's /proc", category: "Host isolation", severity: .high,
                 description: "A hostPath volume exposes the node's /proc (kernel tunables, other processes' environment).",
                 remediation: "Do not mount /proc from the host.",
                 nist: ["4.5.5"], kubeLinter: ["sensitive-host-mounts"],
                 scope: .workloads, evaluate: Template.pod { w, _ in
                     w.pod.volumes.compactMap { v in
                         guard let path = v.hostPath, path.value == "/proc" || path.value == "/proc/" || path.value.hasPrefix("/proc/") else { return nil }
                         return Violation(line: path.line, "volume \"\(v.name)\" mounts host path \(path.value)")
                     }
                 }),
        K8sCheck(id: "windows-host-process", title: "Windows HostProcess container", category: "Host isolation", severity: .high,
                 description: "securityContext.windowsOptions.hostProcess is true: the container runs as a process on the Windows host.",
                 remediation: "Remove windowsOptions.hostProcess.",
                 cis: ["5.2.10"], nist: ["4.4.3"], pss: [("baseline", "windowsHostProcess")], trivy: ["KSV-0103"],
                 scope: .workloads, evaluate: Template.pod { w, _ in
                     if let f = w.pod.securityContext?.windowsHostProcess, f.value { return [Violation(line: f.line, "pod sets windowsOptions.hostProcess")] }
                     return w.pod.containers.compactMap { c in
                         guard let f = c.securityContext?.windowsHostProcess, f.value else { return nil }
                         return Violation(line: f.line, container: c.name, "container \"\(c.name)\" sets windowsOptions.hostProcess")
                     }
                 }),
        K8sCheck(id: "host-probe-lifecycle", title: "Probe or lifecycle hook targets another host", category: "Host isolation", severity: .medium,
                 description: "A probe or lifecycle handler sets httpGet.host or tcpSocket.host, making the kubelet connect to an arbitrary address.",
                 remediation: "Remove the host field; probes should target the pod itself.",
                 nist: ["4.3.3"], pss: [("baseline", "hostProbesAndHostLifecycle")],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     let hosts = [c.livenessProbe?.host, c.readinessProbe?.host, c.startupProbe?.host].compactMap { $0 } + c.lifecycleHosts
                     guard let h = hosts.first else { return nil }
                     return Violation(line: h.line, container: c.name, "container \"\(c.name)\" has a probe or lifecycle handler with host \(h.value)")
                 }),
        K8sCheck(id: "host-users", title: "Pod does not use a user namespace", category: "Host isolation", severity: .info,
                 description: "spec.hostUsers is not false: container UIDs are host UIDs (a positive signal when set to false).",
                 remediation: "Set spec.hostUsers: false where the cluster supports user namespaces.",
                 nist: ["4.5.2"], enabledByDefault: false,
                 scope: .workloads, evaluate: Template.pod { w, _ in
                     if let f = w.pod.hostUsers, !f.value { return [] }
                     return [Violation(line: w.pod.hostUsers?.line ?? w.pod.line, "hostUsers is not false")]
                 }),
        K8sCheck(id: "host-aliases", title: "Pod sets hostAliases", category: "Host isolation", severity: .low,
                 description: "spec.hostAliases rewrites the pod's /etc/hosts, which can redirect traffic for names it resolves.",
                 remediation: "Use DNS instead of hostAliases.",
                 trivy: ["KSV-0007"],
                 scope: .workloads, evaluate: Template.pod { w, _ in
                     guard let a = w.pod.hostAliases else { return [] }
                     return [Violation(line: a.line, "hostAliases sets \(a.value) entr\(a.value == 1 ? "y" : "ies")")]
                 }),
    ]
}
