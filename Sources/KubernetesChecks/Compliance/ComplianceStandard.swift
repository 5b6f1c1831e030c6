/// A standard a compliance report is computed against.
public enum ComplianceStandard: String, CaseIterable, Sendable, Codable {
    case cisK8s = "cis-k8s"
    case nist80019 = "nist-800-190"
    case pssBaseline = "pss-baseline"
    case pssRestricted = "pss-restricted"

    /// The standard's full name.
    public var title: String {
        switch self {
        case .cisK8s: "CIS Kubernetes Benchmark 1.12, section 5 (Policies)"
        case .nist80019: "NIST SP 800-190, section 4 countermeasures"
        case .pssBaseline: "Kubernetes Pod Security Standards: baseline"
        case .pssRestricted: "Kubernetes Pod Security Standards: restricted"
        }
    }

    struct Control: Sendable {
        var id: String
        var title: String
    }

    /// The controls, in the standard's order.
    var controls: [Control] {
        switch self {
        case .cisK8s: Self.cis
        case .nist80019: Self.nist
        case .pssBaseline: Self.pssBaselineControls
        case .pssRestricted: Self.pssBaselineControls + Self.pssRestrictedControls
        }
    }

    /// The key findings carry for a control of this standard ("cis-k8s:5.2.2").
    func key(_ control: String) -> String { "\(rawValue):\(control)" }

    private static func list(_ items: [(String, String)]) -> [Control] { items.map { Control(id: $0.0, title: $0.1) } }

    static let cis = list([
        ("5.1.1", "Ensure that the cluster-admin role is only used where required"),
        ("5.1.2", "Minimize access to secrets"),
        ("5.1.3", "Minimize wildcard use in Roles and ClusterRoles"),
        ("5.1.4", "Minimize access to create pods"),
        ("5.1.5", "Ensure that default service accounts are not actively used"),
        ("5.1.6", "Ensure that Service Account Tokens are only mounted where necessary"),
        ("5.1.7", "Avoid use of system:masters group"),
        ("5.1.8", "Limit use of the Bind, Impersonate and Escalate permissions"),
        ("5.1.9", "Minimize access to create persistent volumes"),
        ("5.1.10", "Minimize access to the proxy sub-resource of nodes"),
        ("5.1.11", "Minimize access to the approval sub-resource of certificatesigningrequests"),
        ("5.1.12", "Minimize access to webhook configuration objects"),
        ("5.1.13", "Minimize access to the service account token creation"),
        ("5.2.1", "Ensure that the cluster has at least one active policy control mechanism in place"),
        ("5.2.2", "Minimize the admission of privileged containers"),
        ("5.2.3", "Minimize the admission of containers wishing to share the host process ID namespace"),
        ("5.2.4", "Minimize the admission of containers wishing to share the host IPC namespace"),
        ("5.2.5", "Minimize the admission of containers wishing to share the host network namespace"),
        ("5.2.6", "Minimize the admission of containers with allowPrivilegeEscalation"),
        ("5.2.7", "Minimize the admission of root containers"),
        ("5.2.8", "Minimize the admission of containers with the NET_RAW capability"),
        ("5.2.9", "Minimize the admission of containers with capabilities assigned"),
        ("5.2.10", "Minimize the admission of Windows HostProcess containers"),
        ("5.2.11", "Minimize the admission of HostPath volumes"),
        ("5.2.12", "Minimize the admission of containers which use HostPorts"),
        ("5.3.1", "Ensure that the CNI in use supports NetworkPolicies"),
        ("5.3.2", "Ensure that all Namespaces have NetworkPolicies defined"),
        ("5.4.1", "Prefer using Secrets as files over Secrets as environment variables"),
        ("5.4.2", "Consider external secret storage"),
        ("5.5.1", "Configure Image Provenance using ImagePolicyWebhook admission controller"),
        ("5.6.1", "Create administrative boundaries between resources using namespaces"),
        ("5.6.2", "Ensure that the seccomp profile is set to docker/default in your Pod definitions"),
        ("5.6.3", "Apply SecurityContext to your Pods and Containers"),
        ("5.6.4", "The default namespace should not be used"),
    ])

    static let nist = list([
        ("4.1.1", "Image vulnerabilities"), ("4.1.2", "Image configuration defects"), ("4.1.3", "Embedded malware"),
        ("4.1.4", "Embedded clear-text secrets"), ("4.1.5", "Use of untrusted images"),
        ("4.2.1", "Insecure connections to registries"), ("4.2.2", "Stale images in registries"),
        ("4.2.3", "Insufficient authentication and authorization restrictions"),
        ("4.3.1", "Unbounded administrative access"), ("4.3.2", "Unauthorized access"),
        ("4.3.3", "Poorly separated inter-container network traffic"), ("4.3.4", "Mixing of workload sensitivity levels"),
        ("4.3.5", "Orchestrator node trust"),
        ("4.4.1", "Vulnerabilities within the runtime software"), ("4.4.2", "Unbounded network access from containers"),
        ("4.4.3", "Insecure container runtime configurations"), ("4.4.4", "App vulnerabilities"), ("4.4.5", "Rogue containers"),
        ("4.5.1", "Large attack surface"), ("4.5.2", "Shared kernel"), ("4.5.3", "Host OS component vulnerabilities"),
        ("4.5.4", "Improper user access rights"), ("4.5.5", "Host OS file system tampering"),
    ])

    static let pssBaselineControls = list([
        ("hostNamespaces", "Host namespaces (hostNetwork, hostPID, hostIPC) must not be shared"),
        ("privileged", "Privileged containers are disallowed"),
        ("capabilities_baseline", "Adding capabilities beyond the default set is disallowed"),
        ("hostPathVolumes", "HostPath volumes are forbidden"),
        ("hostPorts", "HostPorts are disallowed"),
        ("appArmorProfile", "The AppArmor profile must not be overridden or disabled"),
        ("seLinuxOptions", "Custom SELinux user, role or type are forbidden"),
        ("procMount", "The default /proc masks are required"),
        ("seccompProfile_baseline", "The seccomp profile must not be Unconfined"),
        ("sysctls", "Only the safe sysctls are allowed"),
        ("windowsHostProcess", "Windows HostProcess containers are disallowed"),
        ("hostProbesAndHostLifecycle", "Probes and lifecycle handlers must not target other hosts"),
    ])

    static let pssRestrictedControls = list([
        ("restrictedVolumes", "Only the allowed volume types may be used"),
        ("allowPrivilegeEscalation", "Privilege escalation must be disallowed"),
        ("runAsNonRoot", "Containers must run as non-root"),
        ("runAsUser", "Containers must not set runAsUser to 0"),
        ("seccompProfile_restricted", "The seccomp profile must be RuntimeDefault or Localhost"),
        ("capabilities_restricted", "Containers must drop ALL capabilities and add only NET_BIND_SERVICE"),
    ])
}
