/// One row of facts about a subject: the values of one leaf entity (a vulnerability of a
/// component, a volume, a port, an environment variable, a process…) together with the values of
/// its ancestors (its container, the container's image, the deployment). Criteria in one section
/// must all match the same row, which is how "Fixable" and "CVSS" bind to the same vulnerability.
///
/// A field missing from the row is *unknown*: no criterion on it matches, negated or not. A field
/// present with `[]` is known to have no value: a negated criterion (or a "required" field such as
/// `Required Label`) matches it. Build rows with ``PolicyFacts`` for composite values.
public struct FactRow: Sendable {
    /// Values per field; several values for multi-valued facts (labels, capabilities, lines).
    public var values: [PolicyField: [String]]

    /// - Parameter values: values per field.
    public init(_ values: [PolicyField: [String]]) {
        self.values = values
    }

    /// The values of `field`, or nil when unknown.
    public subscript(field: PolicyField) -> [String]? {
        get { values[field] }
        set { values[field] = newValue }
    }
}

/// The cluster, namespace, labels and images a policy's scope and exclusions are matched against.
public struct SubjectScope: Sendable, Hashable {
    /// The cluster's name.
    public var cluster: String?
    /// The namespace.
    public var namespace: String?
    /// The deployment's labels.
    public var labels: [String: String]
    /// The full references of the subject's images.
    public var images: [String]
    /// The deployment's name.
    public var deploymentName: String?

    /// - Parameters:
    ///   - cluster: cluster name.
    ///   - namespace: namespace.
    ///   - labels: deployment labels.
    ///   - images: full image references.
    ///   - deploymentName: deployment name.
    public init(cluster: String? = nil, namespace: String? = nil, labels: [String: String] = [:], images: [String] = [],
                deploymentName: String? = nil) {
        self.cluster = cluster
        self.namespace = namespace
        self.labels = labels
        self.images = images
        self.deploymentName = deploymentName
    }

    /// True when the subject has deployment context (a cluster, namespace or deployment name).
    public var hasDeploymentContext: Bool { cluster != nil || namespace != nil || deploymentName != nil }
}

/// What policies are evaluated against: an image (build), a deployment (deploy) or a runtime event
/// in a deployment (runtime), flattened into fact rows by the caller.
public struct PolicySubject: Sendable {
    /// The kind of object.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An image: image, component and vulnerability fields.
        case image
        /// A deployment: adds deployment, container, volume, port and environment fields.
        case deployment
        /// A runtime event in a deployment: adds process, network, Kubernetes event and file fields.
        case runtime
    }

    /// The kind of object.
    public var kind: Kind
    /// Display name (`python-app@sha256:…`, `Deployment default/web`).
    public var name: String
    /// Where it lives, for scope and exclusions.
    public var scope: SubjectScope
    /// The facts: one row per leaf entity, each carrying its ancestors' fields. A subject without
    /// leaf entities still needs one row per container (or one row for an image) with the
    /// ancestor fields.
    public var rows: [FactRow]

    /// - Parameters:
    ///   - kind: the kind of object.
    ///   - name: display name.
    ///   - scope: cluster, namespace, labels, images.
    ///   - rows: the fact rows.
    public init(kind: Kind, name: String, scope: SubjectScope = SubjectScope(), rows: [FactRow]) {
        self.kind = kind
        self.name = name
        self.scope = scope
        self.rows = rows
    }
}
