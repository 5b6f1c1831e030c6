/// One failed check on one object.
public struct K8sFinding: Sendable, Codable, Hashable {
    /// The check id (see `K8sChecks.all`).
    public var check: String
    public var title: String
    public var severity: K8sSeverity
    /// The manifest file, as given on the command line (or "-" for standard input).
    public var file: String
    /// The 1-based line of the offending field, or of its nearest parent that exists.
    public var line: Int
    public var kind: String
    public var name: String
    /// The namespace as written in the manifest (nil when absent).
    public var namespace: String?
    /// The container, for container-level checks.
    public var container: String?
    public var message: String
    public var remediation: String
    /// Compliance controls the finding fails ("cis-k8s:5.2.2", "nist-800-190:4.4.3", "pss-baseline:privileged", …).
    public var controls: [String]
}

/// A finding that an exception (annotation or config) suppressed.
public struct K8sSuppressedFinding: Sendable, Codable, Hashable {
    public var check: String
    public var file: String
    public var line: Int
    public var kind: String
    public var name: String
    public var namespace: String?
    public var container: String?
    /// The reason given with the exception.
    public var reason: String
    /// "annotation" or "config".
    public var source: String
}

/// A file or document that could not be read (fully): invalid YAML, duplicate keys, wrong field types, limits.
public struct K8sInputError: Sendable, Codable, Hashable {
    public var file: String
    public var line: Int
    public var message: String

    /// - Parameters:
    ///   - file: the manifest path.
    ///   - line: the 1-based line (1 for whole-file problems).
    ///   - message: what is wrong (never a secret value).
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
}

/// An object a check looked at (the evidence of a compliance control).
public struct K8sObjectRef: Sendable, Codable, Hashable {
    public var kind: String
    public var name: String
    public var namespace: String?
    public var file: String
    public var line: Int
}

/// Counts over one scan.
public struct K8sScanSummary: Sendable, Codable, Hashable {
    public var files = 0
    public var filesWithErrors = 0
    public var documents = 0
    /// Objects of the kinds Palisade reads.
    public var objects = 0
    /// Pod-producing objects among them.
    public var workloads = 0
    /// Objects of other kinds (custom resources, CRDs, …), passed over, by kind.
    public var unknownKinds: [String: Int] = [:]
    /// Documents that are not Kubernetes objects (no kind).
    public var notObjects = 0
    public var checks = 0
    public var findings = 0
    public var bySeverity: [String: Int] = [:]
    public var suppressed = 0
    public var errors = 0
    /// The findings stopped at `maxFindings` (an error says where).
    public var truncated = false
}

/// The outcome of a Kubernetes manifest scan.
public struct K8sScanResult: Sendable, Codable {
    public var findings: [K8sFinding] = []
    public var errors: [K8sInputError] = []
    public var suppressed: [K8sSuppressedFinding] = []
    public var summary = K8sScanSummary()
    /// The ids of the checks that ran.
    public var checks: [String] = []
    /// Every object read, when the scan ran with `recordEvidence` (not encoded; the evidence of compliance reports).
    public var objectRefs: [K8sObjectRef] = []
    /// Whether `objectRefs` was recorded.
    public var evidenceRecorded = false

    /// The objects check `id` looked at (empty unless the scan ran with `recordEvidence`). Computed from the
    /// check's scope, so a scan keeps one reference per object rather than one per object and check.
    /// - Parameter id: a check id.
    public func coverage(of id: String) -> [K8sObjectRef] {
        guard let check = K8sChecks.check(id: id), checks.contains(id) else { return [] }
        return objectRefs.filter { check.applies(toKind: $0.kind) }
    }

    enum CodingKeys: String, CodingKey { case findings, errors, suppressed, summary, checks }

    public init() {}

    /// Whether any file or document had errors.
    public var hasErrors: Bool { !errors.isEmpty }
}
