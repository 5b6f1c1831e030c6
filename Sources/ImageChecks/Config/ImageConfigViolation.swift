/// One failed check at one place, before the check's metadata is attached.
struct ImageConfigViolation: Sendable {
    var location: ImageConfigFinding.Location
    var message: String
    /// The other tools' rules this finding corresponds to.
    var equivalents: [String]
    /// Overrides the check's severity for this finding.
    var severity: ImageConfigSeverity?

    init(_ location: ImageConfigFinding.Location, _ message: String, equivalents: [String] = [], severity: ImageConfigSeverity? = nil) {
        self.location = location
        self.message = message
        self.equivalents = equivalents
        self.severity = severity
    }
}
