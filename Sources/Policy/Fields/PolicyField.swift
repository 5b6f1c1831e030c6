/// A policy criteria field: StackRox's display name (`"CVE"`, `"Privileged Container"`, …) or a
/// Palisade extra (`"Freshness Grade"`, `"Secret Found"`, …). Subjects carry facts under the same
/// fields (``FactRow``). Every field is in ``PolicyField/catalog``; look one up with
/// ``init(named:)`` (case-insensitive) or use the static members.
public struct PolicyField: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The canonical name.
    public let name: String
    /// Position in the catalog: the engine's column index.
    let index: Int

    init(index: Int, name: String) {
        self.index = index
        self.name = name
    }

    /// The catalog field named `name`, ignoring case and surrounding spaces; nil when unknown.
    public init?(named name: String) {
        guard let index = PolicyFieldCatalog.index(of: name) else { return nil }
        self = PolicyFieldCatalog.entries[index].field
    }

    /// A catalog field that must exist (the static members).
    init(known name: String) {
        guard let field = PolicyField(named: name) else { preconditionFailure("'\(name)' is not in the field catalog") }
        self = field
    }

    /// The field's metadata: value type, entity, applicability, options.
    public var metadata: PolicyFieldMetadata { PolicyFieldCatalog.entries[index] }

    /// Every field, in catalog order (StackRox fields first, then Palisade's).
    public static var catalog: [PolicyField] { PolicyFieldCatalog.entries.map(\.field) }

    /// The closest catalog names to a misspelt one, for "did you mean".
    public static func suggestions(for name: String) -> [String] {
        Suggestions.closest(to: name, in: PolicyFieldCatalog.entries.map(\.field.name))
    }

    public static func == (lhs: PolicyField, rhs: PolicyField) -> Bool { lhs.index == rhs.index }
    public func hash(into hasher: inout Hasher) { hasher.combine(index) }
    public static func < (lhs: PolicyField, rhs: PolicyField) -> Bool { lhs.index < rhs.index }
    public var description: String { name }
}

/// Where a field comes from.
public struct PolicyFieldOrigin: Hashable, Sendable, CustomStringConvertible {
    /// `stackrox` or `palisade`.
    public let name: String
    /// One of StackRox's 79 policy fields.
    public static let stackRox = PolicyFieldOrigin(name: "stackrox")
    /// A Palisade extra.
    public static let palisade = PolicyFieldOrigin(name: "palisade")
    public var description: String { name }
}

/// What the evaluator knows about a field.
public struct PolicyFieldMetadata: Sendable {
    /// The field.
    public let field: PolicyField
    /// Value syntax and meaning.
    public let valueType: PolicyValueType
    /// The entity it describes (for linking criteria within a section).
    public let entity: PolicyEntity
    /// The subject kinds that carry it: an image subject carries image fields only; deployment
    /// subjects add deployment fields; runtime subjects add process, network and Kubernetes-event
    /// fields.
    public let subjectKinds: Set<PolicySubject.Kind>
    /// Whether `negate: true` is allowed.
    public let negationAllowed: Bool
    /// Whether `operator: and` is allowed.
    public let andAllowed: Bool
    /// StackRox or Palisade.
    public let origin: PolicyFieldOrigin
    /// The fact field the criterion reads when different from itself (`Required Label` reads
    /// `Deployment Label`).
    public let source: PolicyField
    /// The criterion matches when the facts do *not* match its values (`Required Label`,
    /// `Drop Capabilities`, `Image Signature Verified By`, `Attestation Verified`).
    public let matchesWhenAbsent: Bool
    /// String values match anywhere in the fact (`Process Arguments`), not the whole fact.
    public let containsMatch: Bool
    /// String values are compared as literals, not regular expressions (`Drop Capabilities`).
    public let literalMatch: Bool
    /// What fills the fact in Palisade, and any caveat.
    public let summary: String

    /// Lifecycle stages at which the field can be evaluated.
    public var stages: [LifecycleStage] {
        var stages: [LifecycleStage] = []
        if subjectKinds.contains(.image) { stages.append(.build) }
        if subjectKinds.contains(.deployment) { stages.append(.deploy) }
        if subjectKinds.contains(.runtime) { stages.append(.runtime) }
        return stages
    }
}
