public import Foundation

/// One workload as the policy engine sees it: rows of field values keyed by the policy field names
/// (StackRox's display names, e.g. "Privileged Container"). Each row is one container with either
/// nothing more, one of its volume mounts, or one of its ports, so that criteria of one policy
/// section bind to the same container, volume or port; every row carries the workload's own fields.
public struct WorkloadFacts: Sendable {
    public var kind: String
    public var name: String
    public var namespace: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var file: String
    public var line: Int
    /// The container images, as written.
    public var images: [String]
    public var rows: [[String: [String]]]
}

extension K8sScanner {
    /// Scans the files (as ``scan(paths:)``) and returns, from the same parse, the policy facts of every
    /// workload.
    /// - Parameter paths: files, directories or "-".
    /// - Returns: the scan result (findings and input errors) and the workloads' facts.
    public func scanWithFacts(paths: [String]) -> (result: K8sScanResult, facts: [WorkloadFacts]) {
        let inputs = read(paths: paths)
        return (inputs.evaluate(), WorkloadFactsBuilder(objects: inputs.objects).build())
    }
}

struct WorkloadFactsBuilder {
    let objects: [K8sObject]

    func build() -> [WorkloadFacts] {
        let services = objects.compactMap { object -> (namespace: String, spec: ServiceSpec)? in
            if case .service(let spec) = object.body { return (object.effectiveNamespace, spec) }
            return nil
        }
        let policies = objects.compactMap { object -> (namespace: String, policy: NetworkPolicy)? in
            if case .networkPolicy(let policy) = object.body { return (object.effectiveNamespace, policy) }
            return nil
        }
        return objects.compactMap { object in
            guard let workload = object.workload else { return nil }
            return facts(object, workload, services: services, policies: policies)
        }
    }

    func facts(_ object: K8sObject, _ workload: Workload, services: [(namespace: String, spec: ServiceSpec)],
               policies: [(namespace: String, policy: NetworkPolicy)]) -> WorkloadFacts {
        let pod = workload.pod
        let namespace = object.effectiveNamespace
        let podLabels = workload.podLabels.isEmpty ? object.labels : workload.podLabels
        let selecting = policies.filter { $0.namespace == namespace && ($0.policy.podSelector?.matches(podLabels) ?? true) }
        let exposures = services.filter { $0.namespace == namespace && !$0.spec.selector.isEmpty
            && $0.spec.selector.allSatisfy { podLabels[$0.key] == $0.value } }
            .map { Self.exposure($0.spec.type?.value) }

        var base: [String: [String]] = [
            "Namespace": [namespace],
            "Deployment Name": [object.name],
            "Kubernetes Kind": [object.kind],
            "Deployment Label": (object.labels.merging(workload.podLabels) { a, _ in a }).map { "\($0.key)=\($0.value)" }.sorted(),
            "Deployment Annotation": (object.annotations.merging(workload.podAnnotations) { a, _ in a }).map { "\($0.key)=\($0.value)" }.sorted(),
            "Service Account": [pod.serviceAccountName?.value ?? pod.serviceAccount?.value ?? "default"],
            "Automount Service Account Token": [String(pod.automountServiceAccountToken?.value ?? true)],
            "Host Network": [String(pod.hostNetwork?.value ?? false)],
            "Host PID": [String(pod.hostPID?.value ?? false)],
            "Host IPC": [String(pod.hostIPC?.value ?? false)],
            "Has Ingress Network Policy": [String(selecting.contains { $0.policy.ingress })],
            "Has Egress Network Policy": [String(selecting.contains { $0.policy.egress })],
        ]
        if let replicas = workload.replicas?.value { base["Replicas"] = [String(replicas)] }
        if let runtimeClass = pod.runtimeClassName?.value { base["Runtime Class"] = [runtimeClass] }

        var rows: [[String: [String]]] = []
        for container in pod.containers {
            var row = base
            row["Container Name"] = [container.name]
            let image = container.image?.value ?? ""
            let parts = Self.imageParts(image)
            row["Image Name"] = [image]
            row["Image Registry"] = [parts.registry]
            row["Image Remote"] = [parts.remote]
            row["Image Tag"] = [parts.tag]
            let context = container.securityContext
            let podContext = pod.securityContext
            let privileged = context?.privileged?.value ?? false
            row["Privileged Container"] = [String(privileged)]
            // Unset means allowed (the kubelet's default), unless the container is privileged (always allowed).
            row["Allow Privilege Escalation"] = [String(privileged || (context?.allowPrivilegeEscalation?.value ?? true))]
            row["Read-Only Root Filesystem"] = [String(context?.readOnlyRootFilesystem?.value ?? false)]
            row["Add Capabilities"] = context?.capabilitiesAdd.map { K8sChecks.capability($0.value) } ?? []
            row["Drop Capabilities"] = context?.capabilitiesDrop.map { K8sChecks.capability($0.value) } ?? []
            let seccomp = context?.seccompType?.value ?? podContext?.seccompType?.value
            row["Seccomp Profile Type"] = [Self.seccomp(seccomp)]
            if let apparmor = context?.appArmorType?.value ?? podContext?.appArmorType?.value { row["AppArmor Profile"] = [apparmor] }
            if let runAsUser = context?.runAsUser?.value ?? podContext?.runAsUser?.value { row["Run As User"] = [String(runAsUser)] }
            row["Run As Non Root"] = [String(context?.runAsNonRoot?.value ?? podContext?.runAsNonRoot?.value ?? false)]
            if let cpu = container.requestQuantities["cpu"].flatMap(Self.cores) { row["Container CPU Request"] = [Self.number(cpu)] }
            if let cpu = container.limitQuantities["cpu"].flatMap(Self.cores) { row["Container CPU Limit"] = [Self.number(cpu)] }
            if let memory = container.requestQuantities["memory"].flatMap(Self.megabytes) { row["Container Memory Request"] = [Self.number(memory)] }
            if let memory = container.limitQuantities["memory"].flatMap(Self.megabytes) { row["Container Memory Limit"] = [Self.number(memory)] }
            row["Liveness Probe Defined"] = [String(container.livenessProbe != nil)]
            row["Readiness Probe Defined"] = [String(container.readinessProbe != nil)]
            // StackRox's SOURCE=NAME=VALUE: RAW literals, SECRET_KEY / CONFIG_MAP_KEY references, and whole Secrets / ConfigMaps.
            var env: [String] = container.env.map { variable in
                if let secret = variable.secretRef { return "SECRET_KEY=\(variable.name)=\(secret)" }
                if let map = variable.configMapRef { return "CONFIG_MAP_KEY=\(variable.name)=\(map)" }
                return "RAW=\(variable.name)=" + (variable.valueLooksSecret ? "<secret>" : "")
            }
            env += container.envFrom.compactMap { from in
                from.secretRef.map { "SECRET_ENV=*=\($0)" } ?? from.configMapRef.map { "CONFIG_MAP_ENV=*=\($0)" }
            }
            row["Environment Variable"] = env
            row["Port Exposure Method"] = exposures.isEmpty ? ["UNSET"] : exposures
            rows.append(row)

            for mount in container.volumeMounts {
                var volumeRow = row
                let volume = pod.volumes.first { $0.name == mount.name }
                volumeRow["Volume Name"] = [mount.name]
                volumeRow["Volume Destination"] = [mount.mountPath]
                volumeRow["Volume Type"] = [volume?.type ?? ""]
                volumeRow["Volume Source"] = [volume?.hostPath?.value ?? volume?.secretName ?? volume?.configMapName ?? ""]
                volumeRow["Writable Mounted Volume"] = [String(!mount.readOnly)]
                volumeRow["Writable Host Mount"] = [String(!mount.readOnly && volume?.type == "hostPath")]
                // mountPropagation: None (the default), HostToContainer, Bidirectional.
                volumeRow["Mount Propagation"] = [(mount.propagation ?? "None").uppercased()]
                rows.append(volumeRow)
            }
            for port in container.ports {
                var portRow = row
                if let number = port.containerPort?.value { portRow["Exposed Port"] = [String(number)] }
                portRow["Exposed Port Protocol"] = ["TCP"]
                if let host = port.hostPort?.value, host > 0 {
                    portRow["Port Exposure Method"] = (exposures + ["HOST"])
                    portRow["Exposed Node Port"] = [String(host)]
                }
                rows.append(portRow)
            }
        }
        if rows.isEmpty { rows.append(base) }
        return WorkloadFacts(kind: object.kind, name: object.name, namespace: namespace, labels: podLabels,
                             annotations: object.annotations, file: object.file, line: object.line,
                             images: pod.containers.compactMap { $0.image?.value }, rows: rows)
    }

    /// `registry/remote:tag` the way StackRox splits image names (Docker Hub when no registry is named).
    static func imageParts(_ image: String) -> (registry: String, remote: String, tag: String) {
        var rest = Substring(image)
        if let at = rest.firstIndex(of: "@") { rest = rest[..<at] }
        var registry = "docker.io"
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                registry = String(first)
                rest = rest[rest.index(after: slash)...]
            }
        }
        var tag = "latest"
        let lastSlash = rest.lastIndex(of: "/").map { rest.index(after: $0) } ?? rest.startIndex
        if let colon = rest[lastSlash...].lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        var remote = String(rest)
        if registry == "docker.io", !remote.contains("/") { remote = "library/" + remote }
        return (registry, remote, image.contains("@") && !image.contains(":") ? "" : tag)
    }

    static func exposure(_ type: String?) -> String {
        switch type ?? "ClusterIP" {
        case "LoadBalancer": "EXTERNAL"
        case "NodePort": "NODE"
        default: "INTERNAL"
        }
    }

    static func seccomp(_ type: String?) -> String {
        switch type?.lowercased() {
        case "runtimedefault": "RUNTIME_DEFAULT"
        case "localhost": "LOCALHOST"
        default: "UNCONFINED"
        }
    }

    /// CPU in cores from a Kubernetes quantity (`500m`, `2`, `0.5`).
    static func cores(_ quantity: String) -> Double? {
        if quantity.hasSuffix("m") { return Double(quantity.dropLast()).map { $0 / 1000 } }
        return Double(quantity)
    }

    /// Memory in MB (10^6 bytes, as StackRox) from a Kubernetes quantity (`512Mi`, `1G`, `1e9`).
    static func megabytes(_ quantity: String) -> Double? {
        let units: [(String, Double)] = [("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
                                         ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12)]
        for (suffix, factor) in units where quantity.hasSuffix(suffix) {
            return Double(quantity.dropLast(suffix.count)).map { $0 * factor / 1e6 }
        }
        return Double(quantity).map { $0 / 1e6 }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
