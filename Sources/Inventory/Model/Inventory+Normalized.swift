extension Inventory {
    /// `type<TAB>name<TAB>version` lines, sorted and unique: the form the expected inventories
    /// in the shared fixtures use (Maven as `group/artifact`, Go by module path, PyPI names per PEP 503).
    public var normalizedLines: [String] {
        Array(Set(packages.map { "\($0.type.rawValue)\t\($0.fullName)\t\($0.version)" })).sorted()
    }
}
