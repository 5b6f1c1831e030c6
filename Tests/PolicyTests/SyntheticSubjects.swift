import Foundation
@testable import Policy

/// Deterministic synthetic subjects for equivalence tests and the benchmark.
struct SyntheticSubjects {
    /// SplitMix64: a small seeded generator, so runs are reproducible.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func pick<T>(_ values: [T]) -> T { values[int(0..<values.count)] }
        mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
    }

    var random: Random

    init(seed: UInt64) { random = Random(state: seed) }

    static let signatureIntegration = "io.stackrox.signatureintegration.12a37a37-760e-4388-9e79-d62726c075b2"

    /// Image-level facts shared by every row of a container (or of an image subject).
    mutating func imageFacts(reference: inout String) -> [PolicyField: [String]] {
        let registry = random.pick(["docker.io", "registry.redhat.io", "registry.access.redhat.com", "quay.io", "registry.example.com"])
        let remote = random.pick(["library/nginx", "openshift-release-dev/ocp-release", "team/app", "kubernetesui/dashboard"])
        let tag = random.pick(["latest", "1.2.3", "dev"])
        reference = "\(registry)/\(remote):\(tag)"
        var facts: [PolicyField: [String]] = [
            .imageName: [reference], .imageRegistry: [registry], .imageRemote: [remote], .imageTag: [tag],
            .imageUser: [random.pick(["", "0", "root", "app"])], .imageAge: [String(random.int(0..<400))],
            .imageScanAge: [String(random.int(0..<60))], .unscannedImage: [random.chance(10) ? "true" : "false"],
            .imageOS: [random.pick(["debian:12", "alpine:3.19", "rhel:9"])],
            .freshnessGrade: [random.pick(["A", "B", "C", "D", "E", "F"])],
            .imageSignatureVerifiedBy: random.pick([[], [Self.signatureIntegration], ["team-keys"]]),
            .imageLabel: random.pick([[], ["required-label-a=required-value-b"], ["maintainer=x"]]),
            .dockerfileLine: random.pick([
                ["ADD=file:abc in /", "RUN=/bin/sh -c apt-get update", "CMD=[\"nginx\"]"],
                ["COPY=. /app", "RUN=apt update", "EXPOSE=22/tcp", "USER=app"],
                ["FROM=debian", "RUN=/bin/sh -c yum update", "ENTRYPOINT=[\"/app\"]"],
                ["RUN=/bin/sh -c apk add curl", "WORKDIR=/app"],
            ]),
            .secretFound: random.pick([[], ["aws-access-key-id"]]),
        ]
        if random.chance(20) { facts.removeValue(forKey: .imageSignatureVerifiedBy) }
        return facts
    }

    /// Component and vulnerability rows for an image: `components` components, about `vulnerabilities` findings.
    mutating func componentRows(components: Int, vulnerabilities: Int) -> [[PolicyField: [String]]] {
        var rows: [[PolicyField: [String]]] = []
        let names = ["openssl", "curl", "apt", "dpkg", "zlib", "log4j-core", "bash", "libc6", "wget", "apk-tools", "python3", "busybox"]
        var remaining = vulnerabilities
        for index in 0..<components {
            let name = index < names.count ? names[index] : "lib\(index)"
            let component = PolicyFacts.component(name: name, version: "\(random.int(0..<4)).\(random.int(0..<20)).\(random.int(0..<9))")
            let base: [PolicyField: [String]] = [.imageComponent: [component], .packageType: [random.pick(["deb", "pypi", "maven"])]]
            let count = remaining > 0 ? min(remaining, random.int(0..<4)) : 0
            remaining -= count
            if count == 0 { rows.append(base) }
            for _ in 0..<count {
                var row = base
                let fixable = random.chance(50)
                let cvss = Double(random.int(10..<100)) / 10
                row[.cve] = ["CVE-20\(random.int(15..<25))-\(random.int(1000..<50000))"]
                row[.cvss] = [PolicyFacts.number(cvss)]
                row[.severity] = [cvss >= 9 ? "CRITICAL" : cvss >= 7 ? "HIGH" : cvss >= 4 ? "MEDIUM" : "LOW"]
                row[.fixable] = [PolicyFacts.bool(fixable)]
                if fixable { row[.fixedBy] = ["\(random.int(1..<5)).0.\(random.int(0..<30))"] }
                row[.daysSinceCVEWasPublished] = [String(random.int(0..<900))]
                rows.append(row)
            }
        }
        while remaining > 0 {  // keep the requested number of findings
            var row: [PolicyField: [String]] = [.imageComponent: ["extra\(remaining)=1.0"], .cve: ["CVE-2024-\(remaining)"],
                                                .cvss: ["5.5"], .severity: ["MEDIUM"], .fixable: ["false"]]
            row[.packageType] = ["deb"]
            rows.append(row)
            remaining -= 1
        }
        return rows
    }

    /// An image subject of about `rows` rows.
    mutating func image(components: Int = 12, vulnerabilities: Int = 10) -> PolicySubject {
        var reference = ""
        let image = imageFacts(reference: &reference)
        let rows = componentRows(components: components, vulnerabilities: vulnerabilities).map { $0.merging(image) { a, _ in a } }
        return PolicySubject(kind: .image, name: reference, scope: SubjectScope(images: [reference]),
                             rows: (rows.isEmpty ? [image] : rows).map(FactRow.init))
    }

    /// A deployment with 1–`maxContainers` containers; each container's rows are its volumes,
    /// ports, environment variables and (when `vulnerabilities` > 0) findings.
    mutating func deployment(index: Int, maxContainers: Int = 3, components: Int = 0, vulnerabilities: Int = 0) -> PolicySubject {
        let namespace = random.pick(["default", "prod", "payments", "kube-system", "stackrox"])
        let name = "app-\(index)"
        let labels: [String: String] = random.pick([[:], ["owner": "team-a"], ["app": name]])
        let deployment: [PolicyField: [String]] = [
            .namespace: [namespace], .serviceAccount: [random.pick(["default", "app"])],
            .automountServiceAccountToken: [random.chance(50) ? "true" : "false"],
            .hostNetwork: [random.chance(10) ? "true" : "false"], .hostPID: ["false"], .hostIPC: ["false"],
            .replicas: [String(random.int(0..<5))], .deploymentLabel: PolicyFacts.keyValues(labels),
            .deploymentAnnotation: random.pick([[], ["admission.stackrox.io/break-glass=ticket-1"], ["email=a@b.c"]]),
            .minimumRBACPermissions: [random.pick(["NONE", "DEFAULT", "ELEVATED_IN_NAMESPACE", "CLUSTER_ADMIN"])],
            .hasIngressNetworkPolicy: [random.chance(50) ? "true" : "false"], .hasEgressNetworkPolicy: ["false"],
        ]
        var rows: [[PolicyField: [String]]] = []
        var images: [String] = []
        for number in 0..<random.int(1..<(maxContainers + 1)) {
            var reference = ""
            var container = imageFacts(reference: &reference).merging(deployment) { a, _ in a }
            images.append(reference)
            container[.containerName] = ["c\(number)"]
            container[.privilegedContainer] = [random.chance(25) ? "true" : "false"]
            container[.allowPrivilegeEscalation] = [random.chance(50) ? "true" : "false"]
            container[.readOnlyRootFilesystem] = [random.chance(50) ? "true" : "false"]
            container[.dropCapabilities] = random.pick([[], ["ALL"], ["NET_RAW"]])
            container[.addCapabilities] = random.pick([[], ["SYS_ADMIN"], ["NET_ADMIN", "CHOWN"]])
            container[.containerCPURequest] = [random.pick(["0", "0.25", "1"])]
            container[.containerMemoryLimit] = [random.pick(["0", "256", "1024"])]
            container[.seccompProfileType] = [random.pick(["UNCONFINED", "RUNTIME_DEFAULT"])]
            container[.appArmorProfile] = [random.pick(["unconfined", "runtime/default"])]
            container[.livenessProbeDefined] = [random.chance(50) ? "true" : "false"]
            var leaves: [[PolicyField: [String]]] = []
            for _ in 0..<random.int(0..<3) {
                let source = random.pick(["/var/run/docker.sock", "/run/crio/crio.sock", "/etc/ssl", "/data", "/proc"])
                leaves.append([.volumeName: ["v\(leaves.count)"], .volumeSource: [source], .volumeDestination: ["/mnt"],
                               .volumeType: [source.hasPrefix("/data") ? "PersistentVolumeClaim" : "HostPath"],
                               .writableMountedVolume: [random.chance(50) ? "true" : "false"],
                               .mountPropagation: [random.pick(["NONE", "BIDIRECTIONAL"])]])
            }
            for _ in 0..<random.int(0..<3) {
                leaves.append([.exposedPort: [random.pick(["22", "80", "8080"])], .exposedPortProtocol: [random.pick(["TCP", "UDP"])],
                               .exposedNodePort: [random.pick(["0", "80", "443", "30080"])],
                               .portExposureMethod: [random.pick(["INTERNAL", "EXTERNAL", "NODE", "HOST", "ROUTE"])]])
            }
            for _ in 0..<random.int(0..<3) {
                leaves.append([.environmentVariable: [random.pick(["RAW=DB_PASSWORD=x", "SECRET_KEY=TOKEN=", "RAW=HOME=/root",
                                                                   "RAW=API_SECRET_KEY=y", "CONFIG_MAP_KEY=MODE="])]])
            }
            if vulnerabilities > 0 || components > 0 {
                leaves += componentRows(components: components, vulnerabilities: vulnerabilities)
            }
            if leaves.isEmpty { leaves = [[:]] }
            rows += leaves.map { $0.merging(container) { a, _ in a } }
        }
        return PolicySubject(kind: .deployment, name: "Deployment \(namespace)/\(name)",
                             scope: SubjectScope(cluster: "prod", namespace: namespace, labels: labels, images: images,
                                                 deploymentName: name),
                             rows: rows.map(FactRow.init))
    }

    /// A runtime process event in a deployment.
    mutating func processEvent(index: Int) -> PolicySubject {
        let namespace = random.pick(["default", "prod", "stackrox"])
        let process: [PolicyField: [String]] = [
            .namespace: [namespace], .containerName: ["c0"], .privilegedContainer: [random.chance(30) ? "true" : "false"],
            .processName: [random.pick(["systemctl", "bash", "nginx", "apt-get", "iptables"])],
            .processArguments: random.pick([[], ["--version"], ["status nginx"], ["--no-pager --version"]]),
            .processAncestor: random.pick([["/usr/bin/java"], ["/bin/sh"]]),
            .processUID: [random.pick(["0", "1000"])],
        ]
        return PolicySubject(kind: .runtime, name: "Deployment \(namespace)/app-\(index)",
                             scope: SubjectScope(cluster: "prod", namespace: namespace, deploymentName: "app-\(index)"),
                             rows: [FactRow(process)])
    }
}
