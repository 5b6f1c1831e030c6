import Foundation

/// The field catalog: the one explicit list of every policy field (STYLE.md rule 6). Order is
/// StackRox's 79 fields alphabetically, then Palisade's extras, then Palisade's fact-only fields.
/// docs/policy-fields.md documents each entry; a test keeps the two in step.
enum PolicyFieldCatalog {
    struct Spec {
        var name: String
        var type: PolicyValueType
        var entity: PolicyEntity
        var kinds: Set<PolicySubject.Kind>
        var negationForbidden = false
        var andForbidden = false
        var origin = PolicyFieldOrigin.stackRox
        var source: String? = nil
        var matchesWhenAbsent = false
        var containsMatch = false
        var literalMatch = false
        var summary: String
    }

    static let image: Set<PolicySubject.Kind> = [.image, .deployment, .runtime]
    static let deploy: Set<PolicySubject.Kind> = [.deployment, .runtime]
    static let runtime: Set<PolicySubject.Kind> = [.runtime]

    static let capabilities = [
        "ALL", "AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE", "CHOWN",
        "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER", "KILL", "LEASE",
        "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE", "NET_BROADCAST",
        "NET_RAW", "PERFMON", "SETGID", "SETFCAP", "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT",
        "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME",
        "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM",
    ]
    static let kubernetesResources = [
        "PODS_EXEC", "PODS_ATTACH", "PODS_PORTFORWARD", "SECRETS", "CONFIGMAPS", "CLUSTER_ROLES",
        "CLUSTER_ROLE_BINDINGS", "NETWORK_POLICIES", "SECURITY_CONTEXT_CONSTRAINTS", "EGRESS_FIREWALLS",
    ]

    static let specs: [Spec] = [
        Spec(name: "Add Capabilities", type: .enumeration(capabilities), entity: .container, kinds: deploy,
             negationForbidden: true, summary: "Capabilities the container adds (securityContext.capabilities.add), without CAP_."),
        Spec(name: "Allow Privilege Escalation", type: .boolean, entity: .container, kinds: deploy,
             negationForbidden: true, andForbidden: true, summary: "securityContext.allowPrivilegeEscalation (true when unset and not dropped by policy)."),
        Spec(name: "AppArmor Profile", type: .string, entity: .container, kinds: deploy,
             summary: "The container's AppArmor profile (`runtime/default`, `unconfined`, `localhost/x`)."),
        Spec(name: "Automount Service Account Token", type: .boolean, entity: .deployment, kinds: deploy,
             negationForbidden: true, andForbidden: true, summary: "Whether the pod mounts a service account token."),
        Spec(name: "CVE", type: .string, entity: .vulnerability, kinds: image,
             summary: "Vulnerability id (CVE, GHSA, DSA…) of each finding."),
        Spec(name: "CVSS", type: .number, entity: .vulnerability, kinds: image, negationForbidden: true,
             summary: "The finding's CVSS base score (the best source Palisade scored)."),
        Spec(name: "Container CPU Limit", type: .number, entity: .container, kinds: deploy, negationForbidden: true,
             summary: "CPU limit in cores; 0 when unset."),
        Spec(name: "Container CPU Request", type: .number, entity: .container, kinds: deploy, negationForbidden: true,
             summary: "CPU request in cores; 0 when unset."),
        Spec(name: "Container Memory Limit", type: .number, entity: .container, kinds: deploy, negationForbidden: true,
             summary: "Memory limit in MiB; 0 when unset."),
        Spec(name: "Container Memory Request", type: .number, entity: .container, kinds: deploy, negationForbidden: true,
             summary: "Memory request in MiB; 0 when unset."),
        Spec(name: "Container Name", type: .string, entity: .container, kinds: deploy,
             summary: "The container's name; also the key that links rows of one container."),
        Spec(name: "Days Since CVE Fix Was Available", type: .days, entity: .vulnerability, kinds: image,
             negationForbidden: true, andForbidden: true, summary: "Days since the fix was published (advisory date of the fixed version)."),
        Spec(name: "Days Since CVE Was First Discovered In Image", type: .days, entity: .vulnerability, kinds: image,
             negationForbidden: true, andForbidden: true, summary: "Days since scan history first saw this finding in this image (by digest)."),
        Spec(name: "Days Since CVE Was First Discovered In System", type: .days, entity: .vulnerability, kinds: image,
             negationForbidden: true, andForbidden: true, summary: "Days since scan history first saw this CVE in any image."),
        Spec(name: "Days Since CVE Was Published", type: .days, entity: .vulnerability, kinds: image,
             negationForbidden: true, andForbidden: true, summary: "Days since the advisory was published."),
        Spec(name: "Disallowed Annotation", type: .keyValue, entity: .deployment, kinds: deploy, negationForbidden: true,
             source: "Deployment Annotation", summary: "Matches when an annotation matches `key=value`."),
        Spec(name: "Disallowed Image Label", type: .keyValue, entity: .image, kinds: image, negationForbidden: true,
             source: "Image Label", summary: "Matches when an image label matches `key=value`."),
        Spec(name: "Dockerfile Line", type: .dockerfileLine, entity: .image, kinds: image, negationForbidden: true,
             summary: "Each history line as `INSTRUCTION=arguments` (PolicyFacts.dockerfileLine(fromHistory:))."),
        Spec(name: "Drop Capabilities", type: .enumeration(capabilities), entity: .container, kinds: deploy,
             negationForbidden: true, matchesWhenAbsent: true, literalMatch: true,
             summary: "Capabilities the container drops; the criterion matches when the listed ones are NOT dropped."),
        Spec(name: "Environment Variable", type: .environmentVariable, entity: .env, kinds: deploy, negationForbidden: true,
             summary: "Each variable as `SOURCE=NAME=VALUE` (value empty unless RAW)."),
        Spec(name: "Exposed Node Port", type: .number, entity: .port, kinds: deploy,
             summary: "The node port of a NodePort/LoadBalancer service exposing the port."),
        Spec(name: "Exposed Port", type: .number, entity: .port, kinds: deploy,
             summary: "A container port (and service port) number."),
        Spec(name: "Exposed Port Protocol", type: .string, entity: .port, kinds: deploy,
             summary: "The port's protocol (TCP, UDP, SCTP)."),
        Spec(name: "File Operation", type: .enumeration(["OPEN", "CREATE", "UNLINK", "RENAME", "PERMISSION_CHANGE", "OWNERSHIP_CHANGE"]),
             entity: .fileAccess, kinds: runtime, summary: "Runtime file activity operation (runtime agent file monitoring)."),
        Spec(name: "File Path", type: .string, entity: .fileAccess, kinds: runtime,
             summary: "Runtime file activity path (runtime agent file monitoring)."),
        Spec(name: "Fixable", type: .boolean, entity: .vulnerability, kinds: image, negationForbidden: true, andForbidden: true,
             summary: "Whether a fixed version exists."),
        Spec(name: "Fixed By", type: .string, entity: .vulnerability, kinds: image,
             summary: "The fixed version; omit (or empty) when not fixable. `.*` means any fix, as in StackRox."),
        Spec(name: "Has Egress Network Policy", type: .boolean, entity: .deployment, kinds: deploy,
             negationForbidden: true, andForbidden: true, summary: "Whether a NetworkPolicy selects the pods for egress."),
        Spec(name: "Has Ingress Network Policy", type: .boolean, entity: .deployment, kinds: deploy, andForbidden: true,
             summary: "Whether a NetworkPolicy selects the pods for ingress."),
        Spec(name: "Host IPC", type: .boolean, entity: .deployment, kinds: deploy, negationForbidden: true, andForbidden: true,
             summary: "spec.hostIPC."),
        Spec(name: "Host Network", type: .boolean, entity: .deployment, kinds: deploy, negationForbidden: true, andForbidden: true,
             summary: "spec.hostNetwork."),
        Spec(name: "Host PID", type: .boolean, entity: .deployment, kinds: deploy, negationForbidden: true, andForbidden: true,
             summary: "spec.hostPID."),
        Spec(name: "Image Age", type: .days, entity: .image, kinds: image, negationForbidden: true, andForbidden: true,
             summary: "Days since the image config's `created`."),
        Spec(name: "Image Component", type: .keyValue, entity: .component, kinds: image, negationForbidden: true,
             summary: "Each installed package as `name=version`."),
        Spec(name: "Image OS", type: .string, entity: .image, kinds: image,
             summary: "The OS release (`debian:12`, `alpine:3.19`)."),
        Spec(name: "Image Registry", type: .string, entity: .image, kinds: image,
             summary: "Registry host of the image reference (`docker.io`)."),
        Spec(name: "Image Remote", type: .string, entity: .image, kinds: image,
             summary: "Repository path (`library/nginx`)."),
        Spec(name: "Image Scan Age", type: .days, entity: .image, kinds: image, negationForbidden: true, andForbidden: true,
             summary: "Days since the image was last scanned (scan history)."),
        Spec(name: "Image Signature Verified By", type: .string, entity: .image, kinds: image, negationForbidden: true,
             matchesWhenAbsent: true,
             summary: "Key sets that verified the image; the criterion matches when none of the named key sets did."),
        Spec(name: "Image Tag", type: .string, entity: .image, kinds: image, summary: "The reference's tag."),
        Spec(name: "Image User", type: .string, entity: .image, kinds: image,
             summary: "The config's USER (empty → `root` should be filled as `0`/`root`)."),
        Spec(name: "Is Impersonated User", type: .boolean, entity: .kubeEvent, kinds: runtime, negationForbidden: true,
             andForbidden: true, summary: "Audit event made through impersonation (needs audit-log ingestion)."),
        Spec(name: "Kubernetes API Verb", type: .enumeration(["CREATE", "DELETE", "GET", "PATCH", "UPDATE"]), entity: .kubeEvent,
             kinds: runtime, negationForbidden: true, summary: "Verb of the audit event (needs audit-log ingestion)."),
        Spec(name: "Kubernetes Resource", type: .enumeration(kubernetesResources), entity: .kubeEvent, kinds: runtime,
             negationForbidden: true, summary: "Resource of the event: `PODS_EXEC`, `PODS_ATTACH`, `PODS_PORTFORWARD` (admission), `SECRETS`, `CONFIGMAPS` (audit log)."),
        Spec(name: "Kubernetes Resource Name", type: .string, entity: .kubeEvent, kinds: runtime,
             summary: "Name of the resource in the audit event."),
        Spec(name: "Kubernetes User Groups", type: .string, entity: .kubeEvent, kinds: runtime,
             summary: "Groups of the requesting user."),
        Spec(name: "Kubernetes User Name", type: .string, entity: .kubeEvent, kinds: runtime,
             summary: "The requesting user."),
        Spec(name: "Liveness Probe Defined", type: .boolean, entity: .container, kinds: deploy, negationForbidden: true,
             andForbidden: true, summary: "Whether the container has a liveness probe."),
        Spec(name: "Minimum RBAC Permissions", type: .rbacLevel, entity: .deployment, kinds: deploy, andForbidden: true,
             summary: "The service account's permission level; matches that level or higher."),
        Spec(name: "Mount Propagation", type: .enumeration(["NONE", "HOSTTOCONTAINER", "BIDIRECTIONAL"]), entity: .volume,
             kinds: deploy, summary: "volumeMounts[].mountPropagation."),
        Spec(name: "NVD CVSS", type: .number, entity: .vulnerability, kinds: image, negationForbidden: true,
             summary: "The NVD CVSS score, when the advisory carries one."),
        Spec(name: "Namespace", type: .string, entity: .deployment, kinds: deploy, summary: "The deployment's namespace."),
        Spec(name: "Port Exposure Method", type: .enumeration(["UNSET", "EXTERNAL", "NODE", "HOST", "INTERNAL", "ROUTE"]),
             entity: .port, kinds: deploy,
             summary: "How the port is exposed: EXTERNAL (LoadBalancer), NODE (NodePort), HOST (hostPort), INTERNAL (ClusterIP), ROUTE."),
        Spec(name: "Privileged Container", type: .boolean, entity: .container, kinds: deploy, negationForbidden: true,
             andForbidden: true, summary: "securityContext.privileged."),
        Spec(name: "Process Ancestor", type: .string, entity: .process, kinds: runtime,
             summary: "Each ancestor's executable path."),
        Spec(name: "Process Arguments", type: .string, entity: .process, kinds: runtime, containsMatch: true,
             summary: "The argument string; patterns match anywhere in it (as StackRox)."),
        Spec(name: "Process Name", type: .string, entity: .process, kinds: runtime, summary: "The executable's name."),
        Spec(name: "Process UID", type: .string, entity: .process, kinds: runtime, summary: "The process's uid."),
        Spec(name: "Read-Only Root Filesystem", type: .boolean, entity: .container, kinds: deploy, negationForbidden: true,
             andForbidden: true, summary: "securityContext.readOnlyRootFilesystem."),
        Spec(name: "Readiness Probe Defined", type: .boolean, entity: .container, kinds: deploy, andForbidden: true,
             summary: "Whether the container has a readiness probe."),
        Spec(name: "Replicas", type: .number, entity: .deployment, kinds: deploy, summary: "spec.replicas."),
        Spec(name: "Required Annotation", type: .keyValue, entity: .deployment, kinds: deploy, negationForbidden: true,
             source: "Deployment Annotation", matchesWhenAbsent: true,
             summary: "Matches when no annotation matches `key=value`."),
        Spec(name: "Required Image Label", type: .keyValue, entity: .image, kinds: image, negationForbidden: true,
             source: "Image Label", matchesWhenAbsent: true, summary: "Matches when no image label matches `key=value`."),
        Spec(name: "Required Label", type: .keyValue, entity: .deployment, kinds: deploy, negationForbidden: true,
             source: "Deployment Label", matchesWhenAbsent: true, summary: "Matches when no label matches `key=value`."),
        Spec(name: "Runtime Class", type: .string, entity: .deployment, kinds: deploy, summary: "spec.runtimeClassName."),
        Spec(name: "Seccomp Profile Type", type: .enumeration(["UNCONFINED", "RUNTIME_DEFAULT", "LOCALHOST"]),
             entity: .container, kinds: deploy, andForbidden: true, summary: "The effective seccomp profile type."),
        Spec(name: "Service Account", type: .string, entity: .deployment, kinds: deploy, summary: "spec.serviceAccountName."),
        Spec(name: "Severity", type: .severity, entity: .vulnerability, kinds: image, negationForbidden: true,
             summary: "The finding's severity (Palisade MEDIUM = MODERATE, HIGH = IMPORTANT)."),
        Spec(name: "Source IP Address", type: .string, entity: .kubeEvent, kinds: runtime,
             summary: "Source IP of the audit event (needs audit-log ingestion)."),
        Spec(name: "Unexpected Network Flow Detected", type: .boolean, entity: .network, kinds: runtime,
             negationForbidden: true, andForbidden: true, summary: "The flow is outside the deployment's network baseline."),
        Spec(name: "Unexpected Process Executed", type: .boolean, entity: .process, kinds: runtime,
             negationForbidden: true, andForbidden: true, summary: "The process is outside the deployment's process baseline."),
        Spec(name: "Unscanned Image", type: .boolean, entity: .image, kinds: image, negationForbidden: true, andForbidden: true,
             summary: "True when no scan exists for the image."),
        Spec(name: "User Agent", type: .string, entity: .kubeEvent, kinds: runtime,
             summary: "User agent of the audit event (needs audit-log ingestion)."),
        Spec(name: "Volume Destination", type: .string, entity: .volume, kinds: deploy, summary: "Mount path in the container."),
        Spec(name: "Volume Name", type: .string, entity: .volume, kinds: deploy, summary: "The volume's name."),
        Spec(name: "Volume Source", type: .string, entity: .volume, kinds: deploy,
             summary: "Host path, secret, config map or claim name behind the volume."),
        Spec(name: "Volume Type", type: .string, entity: .volume, kinds: deploy,
             summary: "Kubernetes volume type (`HostPath`, `Secret`, `ConfigMap`, `EmptyDir`, …)."),
        Spec(name: "Writable Host Mount", type: .boolean, entity: .volume, kinds: deploy, negationForbidden: true,
             andForbidden: true, summary: "A HostPath volume mounted read-write."),
        Spec(name: "Writable Mounted Volume", type: .boolean, entity: .volume, kinds: deploy, negationForbidden: true,
             andForbidden: true, summary: "Any volume mounted read-write."),
        // Palisade extras.
        Spec(name: "Freshness Grade", type: .freshnessGrade, entity: .image, kinds: image, origin: .palisade,
             summary: "Palisade's Container Health Index style grade, A (fresh) to F (stale)."),
        Spec(name: "Base Image", type: .string, entity: .image, kinds: image, origin: .palisade,
             summary: "The detected base image (`debian:12.5`), from the trusted base catalog."),
        Spec(name: "Base Image Behind Days", type: .number, entity: .image, kinds: image, origin: .palisade,
             summary: "How many days the base image is behind the newest catalogued version."),
        Spec(name: "Secret Found", type: .string, entity: .image, kinds: image, origin: .palisade,
             summary: "Rule id of each secret found in the image (`aws-access-key-id`)."),
        Spec(name: "Malware Found", type: .string, entity: .image, kinds: image, origin: .palisade,
             summary: "Rule / signature id of each malware finding."),
        Spec(name: "Config Check Failed", type: .string, entity: .image, kinds: image, origin: .palisade,
             summary: "Id of each failed image check (`PAL-IMG-001`) or, on deployments, Kubernetes check (`privileged`)."),
        Spec(name: "Package Type", type: .string, entity: .component, kinds: image, origin: .palisade,
             summary: "The component's package type (`deb`, `rpm`, `apk`, `pypi`, `npm`, `golang`, `maven`…)."),
        Spec(name: "Attestation Verified", type: .string, entity: .image, kinds: image, origin: .palisade,
             matchesWhenAbsent: true,
             summary: "Predicate types of verified attestations; the criterion matches when none of the named ones verified."),
        Spec(name: "SLSA Builder", type: .string, entity: .image, kinds: image, origin: .palisade,
             summary: "builder.id of the verified SLSA provenance."),
        Spec(name: "SLSA Source", type: .string, entity: .image, kinds: image, origin: .palisade,
             summary: "Source repository URI of the verified SLSA provenance."),
        // Palisade fact fields (criteria may use them too).
        Spec(name: "Deployment Label", type: .keyValue, entity: .deployment, kinds: deploy, origin: .palisade,
             summary: "Each label as `key=value` (read by Required Label)."),
        Spec(name: "Deployment Annotation", type: .keyValue, entity: .deployment, kinds: deploy, origin: .palisade,
             summary: "Each annotation as `key=value` (read by Required / Disallowed Annotation)."),
        Spec(name: "Image Label", type: .keyValue, entity: .image, kinds: image, origin: .palisade,
             summary: "Each image label as `key=value` (read by Required / Disallowed Image Label)."),
        Spec(name: "Image Name", type: .string, entity: .image, kinds: image, origin: .palisade,
             summary: "The full image reference (`registry/repository:tag`); used by image exclusions and messages."),
    ]

    static let entries: [PolicyFieldMetadata] = {
        var indexByName: [String: Int] = [:]
        for (index, spec) in specs.enumerated() { indexByName[spec.name] = index }
        return specs.enumerated().map { index, spec in
            let field = PolicyField(index: index, name: spec.name)
            let source = spec.source.map { PolicyField(index: indexByName[$0]!, name: $0) } ?? field
            return PolicyFieldMetadata(
                field: field, valueType: spec.type, entity: spec.entity, subjectKinds: spec.kinds,
                negationAllowed: !spec.negationForbidden, andAllowed: !spec.andForbidden, origin: spec.origin,
                source: source, matchesWhenAbsent: spec.matchesWhenAbsent, containsMatch: spec.containsMatch,
                literalMatch: spec.literalMatch, summary: spec.summary)
        }
    }()

    /// The fields by catalog index.
    static let fields: [PolicyField] = entries.map(\.field)

    static let indexByKey: [String: Int] = {
        var map: [String: Int] = [:]
        for (index, spec) in specs.enumerated() { map[spec.name.lowercased()] = index }
        return map
    }()

    static func index(of name: String) -> Int? {
        indexByKey[name.lowercased().trimmingCharacters(in: .whitespaces)]
    }
}
