/// Something about a StackRox policy that Palisade could not carry over exactly. Notes never
/// accompany a silent change: an unsupported criterion stays in the policy, marked `unsupported`,
/// and its section never matches (the note says so).
public struct ImportNote: Sendable, Hashable, CustomStringConvertible {
    /// What kind of difference.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The criterion cannot be evaluated: it is kept, marked unsupported, and its section never matches.
        public static let unsupported = Kind(name: "unsupported")
        /// Imported, but evaluation differs from StackRox or needs configuration (see the message).
        public static let changed = Kind(name: "changed")
        /// A policy attribute Palisade does not use (notifiers, unknown keys).
        public static let ignored = Kind(name: "ignored")
        public var description: String { name }
    }

    /// The kind of difference.
    public var kind: Kind
    /// The StackRox file.
    public var file: String
    /// The policy's name.
    public var policy: String
    /// 1-based section number, for criteria.
    public var section: Int?
    /// The section's name, if any.
    public var sectionName: String?
    /// The criterion's field, for criteria.
    public var field: String?
    /// What and why.
    public var message: String

    /// - Parameters:
    ///   - kind: kind.
    ///   - file: file.
    ///   - policy: policy name.
    ///   - section: 1-based section.
    ///   - sectionName: section name.
    ///   - field: field.
    ///   - message: what and why.
    public init(kind: Kind, file: String, policy: String, section: Int? = nil, sectionName: String? = nil,
                field: String? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.policy = policy
        self.section = section
        self.sectionName = sectionName
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = "\(file): \(kind): policy '\(policy)'"
        if let section {
            text += " section \(section)"
            if let sectionName { text += " ('\(sectionName)')" }
        }
        if let field { text += " field '\(field)'" }
        return text + ": " + message
    }
}
