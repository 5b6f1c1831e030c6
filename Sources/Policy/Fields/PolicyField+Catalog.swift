/// Every catalog field as a static member (docs/policy-fields.md describes each).
extension PolicyField {
    /// `Add Capabilities`.
    public static let addCapabilities = PolicyField(known: "Add Capabilities")
    /// `Allow Privilege Escalation`.
    public static let allowPrivilegeEscalation = PolicyField(known: "Allow Privilege Escalation")
    /// `AppArmor Profile`.
    public static let appArmorProfile = PolicyField(known: "AppArmor Profile")
    /// `Automount Service Account Token`.
    public static let automountServiceAccountToken = PolicyField(known: "Automount Service Account Token")
    /// `CVE`.
    public static let cve = PolicyField(known: "CVE")
    /// `CVSS`.
    public static let cvss = PolicyField(known: "CVSS")
    /// `Container CPU Limit`.
    public static let containerCPULimit = PolicyField(known: "Container CPU Limit")
    /// `Container CPU Request`.
    public static let containerCPURequest = PolicyField(known: "Container CPU Request")
    /// `Container Memory Limit`.
    public static let containerMemoryLimit = PolicyField(known: "Container Memory Limit")
    /// `Container Memory Request`.
    public static let containerMemoryRequest = PolicyField(known: "Container Memory Request")
    /// `Container Name`.
    public static let containerName = PolicyField(known: "Container Name")
    /// `Days Since CVE Fix Was Available`.
    public static let daysSinceCVEFixWasAvailable = PolicyField(known: "Days Since CVE Fix Was Available")
    /// `Days Since CVE Was First Discovered In Image`.
    public static let daysSinceCVEWasFirstDiscoveredInImage = PolicyField(known: "Days Since CVE Was First Discovered In Image")
    /// `Days Since CVE Was First Discovered In System`.
    public static let daysSinceCVEWasFirstDiscoveredInSystem = PolicyField(known: "Days Since CVE Was First Discovered In System")
    /// `Days Since CVE Was Published`.
    public static let daysSinceCVEWasPublished = PolicyField(known: "Days Since CVE Was Published")
    /// `Disallowed Annotation`.
    public static let disallowedAnnotation = PolicyField(known: "Disallowed Annotation")
    /// `Disallowed Image Label`.
    public static let disallowedImageLabel = PolicyField(known: "Disallowed Image Label")
    /// `Dockerfile Line`.
    public static let dockerfileLine = PolicyField(known: "Dockerfile Line")
    /// `Drop Capabilities`.
    public static let dropCapabilities = PolicyField(known: "Drop Capabilities")
    /// `Environment Variable`.
    public static let environmentVariable = PolicyField(known: "Environment Variable")
    /// `Exposed Node Port`.
    public static let exposedNodePort = PolicyField(known: "Exposed Node Port")
    /// `Exposed Port`.
    public static let exposedPort = PolicyField(known: "Exposed Port")
    /// `Exposed Port Protocol`.
    public static let exposedPortProtocol = PolicyField(known: "Exposed Port Protocol")
    /// `File Operation`.
    public static let fileOperation = PolicyField(known: "File Operation")
    /// `File Path`.
    public static let filePath = PolicyField(known: "File Path")
    /// `Fixable`.
    public static let fixable = PolicyField(known: "Fixable")
    /// `Fixed By`.
    public static let fixedBy = PolicyField(known: "Fixed By")
    /// `Has Egress Network Policy`.
    public static let hasEgressNetworkPolicy = PolicyField(known: "Has Egress Network Policy")
    /// `Has Ingress Network Policy`.
    public static let hasIngressNetworkPolicy = PolicyField(known: "Has Ingress Network Policy")
    /// `Host IPC`.
    public static let hostIPC = PolicyField(known: "Host IPC")
    /// `Host Network`.
    public static let hostNetwork = PolicyField(known: "Host Network")
    /// `Host PID`.
    public static let hostPID = PolicyField(known: "Host PID")
    /// `Image Age`.
    public static let imageAge = PolicyField(known: "Image Age")
    /// `Image Component`.
    public static let imageComponent = PolicyField(known: "Image Component")
    /// `Image OS`.
    public static let imageOS = PolicyField(known: "Image OS")
    /// `Image Registry`.
    public static let imageRegistry = PolicyField(known: "Image Registry")
    /// `Image Remote`.
    public static let imageRemote = PolicyField(known: "Image Remote")
    /// `Image Scan Age`.
    public static let imageScanAge = PolicyField(known: "Image Scan Age")
    /// `Image Signature Verified By`.
    public static let imageSignatureVerifiedBy = PolicyField(known: "Image Signature Verified By")
    /// `Image Tag`.
    public static let imageTag = PolicyField(known: "Image Tag")
    /// `Image User`.
    public static let imageUser = PolicyField(known: "Image User")
    /// `Is Impersonated User`.
    public static let isImpersonatedUser = PolicyField(known: "Is Impersonated User")
    /// `Kubernetes API Verb`.
    public static let kubernetesAPIVerb = PolicyField(known: "Kubernetes API Verb")
    /// `Kubernetes Resource`.
    public static let kubernetesResource = PolicyField(known: "Kubernetes Resource")
    /// `Kubernetes Resource Name`.
    public static let kubernetesResourceName = PolicyField(known: "Kubernetes Resource Name")
    /// `Kubernetes User Groups`.
    public static let kubernetesUserGroups = PolicyField(known: "Kubernetes User Groups")
    /// `Kubernetes User Name`.
    public static let kubernetesUserName = PolicyField(known: "Kubernetes User Name")
    /// `Liveness Probe Defined`.
    public static let livenessProbeDefined = PolicyField(known: "Liveness Probe Defined")
    /// `Minimum RBAC Permissions`.
    public static let minimumRBACPermissions = PolicyField(known: "Minimum RBAC Permissions")
    /// `Mount Propagation`.
    public static let mountPropagation = PolicyField(known: "Mount Propagation")
    /// `NVD CVSS`.
    public static let nvdCVSS = PolicyField(known: "NVD CVSS")
    /// `Namespace`.
    public static let namespace = PolicyField(known: "Namespace")
    /// `Port Exposure Method`.
    public static let portExposureMethod = PolicyField(known: "Port Exposure Method")
    /// `Privileged Container`.
    public static let privilegedContainer = PolicyField(known: "Privileged Container")
    /// `Process Ancestor`.
    public static let processAncestor = PolicyField(known: "Process Ancestor")
    /// `Process Arguments`.
    public static let processArguments = PolicyField(known: "Process Arguments")
    /// `Process Name`.
    public static let processName = PolicyField(known: "Process Name")
    /// `Process UID`.
    public static let processUID = PolicyField(known: "Process UID")
    /// `Read-Only Root Filesystem`.
    public static let readOnlyRootFilesystem = PolicyField(known: "Read-Only Root Filesystem")
    /// `Readiness Probe Defined`.
    public static let readinessProbeDefined = PolicyField(known: "Readiness Probe Defined")
    /// `Replicas`.
    public static let replicas = PolicyField(known: "Replicas")
    /// `Required Annotation`.
    public static let requiredAnnotation = PolicyField(known: "Required Annotation")
    /// `Required Image Label`.
    public static let requiredImageLabel = PolicyField(known: "Required Image Label")
    /// `Required Label`.
    public static let requiredLabel = PolicyField(known: "Required Label")
    /// `Runtime Class`.
    public static let runtimeClass = PolicyField(known: "Runtime Class")
    /// `Seccomp Profile Type`.
    public static let seccompProfileType = PolicyField(known: "Seccomp Profile Type")
    /// `Service Account`.
    public static let serviceAccount = PolicyField(known: "Service Account")
    /// `Severity`.
    public static let severity = PolicyField(known: "Severity")
    /// `Source IP Address`.
    public static let sourceIPAddress = PolicyField(known: "Source IP Address")
    /// `Unexpected Network Flow Detected`.
    public static let unexpectedNetworkFlowDetected = PolicyField(known: "Unexpected Network Flow Detected")
    /// `Unexpected Process Executed`.
    public static let unexpectedProcessExecuted = PolicyField(known: "Unexpected Process Executed")
    /// `Unscanned Image`.
    public static let unscannedImage = PolicyField(known: "Unscanned Image")
    /// `User Agent`.
    public static let userAgent = PolicyField(known: "User Agent")
    /// `Volume Destination`.
    public static let volumeDestination = PolicyField(known: "Volume Destination")
    /// `Volume Name`.
    public static let volumeName = PolicyField(known: "Volume Name")
    /// `Volume Source`.
    public static let volumeSource = PolicyField(known: "Volume Source")
    /// `Volume Type`.
    public static let volumeType = PolicyField(known: "Volume Type")
    /// `Writable Host Mount`.
    public static let writableHostMount = PolicyField(known: "Writable Host Mount")
    /// `Writable Mounted Volume`.
    public static let writableMountedVolume = PolicyField(known: "Writable Mounted Volume")
    /// `Freshness Grade`.
    public static let freshnessGrade = PolicyField(known: "Freshness Grade")
    /// `Base Image`.
    public static let baseImage = PolicyField(known: "Base Image")
    /// `Base Image Behind Days`.
    public static let baseImageBehindDays = PolicyField(known: "Base Image Behind Days")
    /// `Secret Found`.
    public static let secretFound = PolicyField(known: "Secret Found")
    /// `Malware Found`.
    public static let malwareFound = PolicyField(known: "Malware Found")
    /// `Config Check Failed`.
    public static let configCheckFailed = PolicyField(known: "Config Check Failed")
    /// `Package Type`.
    public static let packageType = PolicyField(known: "Package Type")
    /// `Attestation Verified`.
    public static let attestationVerified = PolicyField(known: "Attestation Verified")
    /// `SLSA Builder`.
    public static let slsaBuilder = PolicyField(known: "SLSA Builder")
    /// `SLSA Source`.
    public static let slsaSource = PolicyField(known: "SLSA Source")
    /// `Deployment Label`.
    public static let deploymentLabel = PolicyField(known: "Deployment Label")
    /// `Deployment Annotation`.
    public static let deploymentAnnotation = PolicyField(known: "Deployment Annotation")
    /// `Image Label`.
    public static let imageLabel = PolicyField(known: "Image Label")
    /// `Image Name`.
    public static let imageName = PolicyField(known: "Image Name")
}
