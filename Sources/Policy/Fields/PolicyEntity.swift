/// The entity a field describes. Criteria in one section bind to the same linked entity: every
/// fact row carries one leaf entity (a vulnerability of a component, a volume, a port, an
/// environment variable, a process, a network flow, a Kubernetes event, a file access) together
/// with its ancestors (container, image, deployment). See docs/policy-fields.md, "Rows".
public struct PolicyEntity: Hashable, Sendable, CustomStringConvertible {
    /// The entity's name.
    public let name: String
    /// Leaf entities are one per row; ancestors (deployment, container, image) repeat on each row.
    public let isLeaf: Bool
    /// Leaf entities that bind together on one row (a vulnerability and its component).
    let branch: String

    init(_ name: String, leaf: Bool, branch: String? = nil) {
        self.name = name
        self.isLeaf = leaf
        self.branch = branch ?? name
    }

    public var description: String { name }

    /// The deployment (namespace, service account, labels…): an ancestor on every row.
    public static let deployment = PolicyEntity("deployment", leaf: false)
    /// A container (security context, resources, capabilities): an ancestor on its rows.
    public static let container = PolicyEntity("container", leaf: false)
    /// A container's image (registry, tag, labels, history): an ancestor on its rows.
    public static let image = PolicyEntity("image", leaf: false)
    /// An installed package: a leaf, linked with its vulnerabilities.
    public static let component = PolicyEntity("component", leaf: true, branch: "component")
    /// A vulnerability finding of a component: a leaf, on its component's row.
    public static let vulnerability = PolicyEntity("vulnerability", leaf: true, branch: "component")
    /// A mounted volume: a leaf.
    public static let volume = PolicyEntity("volume", leaf: true)
    /// An exposed port: a leaf.
    public static let port = PolicyEntity("port", leaf: true)
    /// An environment variable: a leaf.
    public static let env = PolicyEntity("env", leaf: true)
    /// A process (run time): a leaf.
    public static let process = PolicyEntity("process", leaf: true)
    /// A network flow (run time): a leaf.
    public static let network = PolicyEntity("network", leaf: true)
    /// A Kubernetes API event (run time): a leaf.
    public static let kubeEvent = PolicyEntity("kubeEvent", leaf: true)
    /// A file access (run time): a leaf.
    public static let fileAccess = PolicyEntity("fileAccess", leaf: true)
}
