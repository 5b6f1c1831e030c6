/// One failed image-misconfiguration check at one place.
///
/// Findings are `Codable` for JSON reports and `Comparable` so a report can be sorted deterministically: by
/// location (Dockerfile line; or config field, then history entry, then image path), then seriousness (most
/// serious first), check id and message.
public struct ImageConfigFinding: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// Where a finding is: a Dockerfile line, a path in the image, a history entry or a config field.
    public struct Location: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
        /// The Dockerfile, for source-level findings.
        public var file: String?
        /// The 1-based line where the instruction starts.
        public var line: Int?
        /// An absolute path inside the image.
        public var imagePath: String?
        /// The layer holding ``imagePath`` (as numbered by the caller, 1 = base layer).
        public var layer: Int?
        /// A 0-based index into the image config's `history`.
        public var historyIndex: Int?
        /// An image-config field (`User`, `Env`, `ExposedPorts`, `Healthcheck`, `Cmd`).
        public var configField: String?

        /// Creates a location; every part is optional.
        /// - Parameters:
        ///   - file: The Dockerfile.
        ///   - line: The 1-based line in it.
        ///   - imagePath: A path inside the image.
        ///   - layer: The layer holding the path.
        ///   - historyIndex: An index into the config history.
        ///   - configField: An image-config field.
        public init(file: String? = nil, line: Int? = nil, imagePath: String? = nil, layer: Int? = nil,
                    historyIndex: Int? = nil, configField: String? = nil) {
            self.file = file
            self.line = line
            self.imagePath = imagePath
            self.layer = layer
            self.historyIndex = historyIndex
            self.configField = configField
        }

        /// A Dockerfile line.
        public static func dockerfile(_ file: String, line: Int) -> Location { Location(file: file, line: line) }
        /// A path in the image.
        public static func path(_ path: String, layer: Int?) -> Location { Location(imagePath: path, layer: layer) }
        /// An entry of the config history.
        public static func history(_ index: Int) -> Location { Location(historyIndex: index) }
        /// An image-config field.
        public static func config(_ field: String) -> Location { Location(configField: field) }

        public var description: String {
            var parts: [String] = []
            if let file { parts.append(line.map { "\(file):\($0)" } ?? file) }
            if let configField { parts.append("config \(configField)") }
            if let historyIndex { parts.append("history[\(historyIndex)]") }
            if let imagePath { parts.append(imagePath) }
            if let layer { parts.append("layer \(layer)") }
            return parts.isEmpty ? "image" : parts.joined(separator: ", ")
        }

        /// Dockerfile locations first, then config fields, history entries and paths.
        var rank: Int {
            if file != nil { return 0 }
            if configField != nil { return 1 }
            if historyIndex != nil { return 2 }
            return imagePath != nil ? 3 : 4
        }

        public static func < (lhs: Location, rhs: Location) -> Bool {
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            if lhs.file != rhs.file { return (lhs.file ?? "") < (rhs.file ?? "") }
            if lhs.line != rhs.line { return (lhs.line ?? 0) < (rhs.line ?? 0) }
            if lhs.configField != rhs.configField { return (lhs.configField ?? "") < (rhs.configField ?? "") }
            if lhs.historyIndex != rhs.historyIndex { return (lhs.historyIndex ?? -1) < (rhs.historyIndex ?? -1) }
            if lhs.imagePath != rhs.imagePath { return (lhs.imagePath ?? "") < (rhs.imagePath ?? "") }
            return (lhs.layer ?? -1) < (rhs.layer ?? -1)
        }
    }

    /// The check's id (`PAL-IMG-001`).
    public var checkID: String
    public var severity: ImageConfigSeverity
    /// The check's title.
    public var title: String
    /// What exactly is wrong here: the path, instruction or value involved (secret values are never included).
    public var message: String
    public var location: Location
    /// The check's remediation.
    public var remediation: String
    /// The other tools' rules this very finding corresponds to (a subset of the check's mappings, e.g.
    /// `["DL3007"]` for a `:latest` base image but `["DL3006"]` for an untagged one).
    public var equivalents: [String]

    /// Creates a finding.
    /// - Parameters:
    ///   - checkID: The check's id.
    ///   - severity: How serious this finding is.
    ///   - title: The check's title.
    ///   - message: What is wrong, specifically.
    ///   - location: Where.
    ///   - remediation: How to fix it.
    ///   - equivalents: Other tools' rules for the same thing.
    public init(checkID: String, severity: ImageConfigSeverity, title: String, message: String, location: Location,
                remediation: String, equivalents: [String] = []) {
        self.checkID = checkID
        self.severity = severity
        self.title = title
        self.message = message
        self.location = location
        self.remediation = remediation
        self.equivalents = equivalents
    }

    public static func < (lhs: ImageConfigFinding, rhs: ImageConfigFinding) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        if lhs.checkID != rhs.checkID { return lhs.checkID < rhs.checkID }
        return lhs.message < rhs.message
    }

    /// One line: `LOCATION CHECK SEVERITY: message`.
    public var description: String { "\(location) \(checkID) \(severity): \(message)" }
}
