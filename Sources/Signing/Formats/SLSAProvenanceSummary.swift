public import Foundation

/// The facts a policy or a report wants from SLSA provenance (v0.2 or v1): who built it, how, and from
/// which source revision.
public struct SLSAProvenanceSummary: Sendable, Hashable {
    /// A material / resolved dependency.
    public struct Material: Sendable, Hashable {
        /// Its URI (`git+https://github.com/o/r@refs/heads/main`, `pkg:…`).
        public var uri: String
        /// Algorithm → hex.
        public var digest: [String: String]

        /// - Parameters: see the properties.
        public init(uri: String, digest: [String: String]) {
            self.uri = uri
            self.digest = digest
        }
    }

    /// The predicate type read.
    public var predicateType: String
    /// v0.2 `builder.id`, v1 `runDetails.builder.id`.
    public var builderID: String?
    /// v0.2 `buildType`, v1 `buildDefinition.buildType`.
    public var buildType: String?
    /// The source repository (`git+https://github.com/o/r`), without the `@ref` suffix.
    public var sourceRepository: String?
    /// The source revision (commit: `sha1` / `gitCommit` digest).
    public var sourceRevision: String?
    /// The git ref built (`refs/heads/main`), when recorded.
    public var sourceReference: String?
    /// The entry point: v0.2 `invocation.configSource.entryPoint`, v1 the workflow path.
    public var entryPoint: String?
    /// v0.2 `materials`, v1 `buildDefinition.resolvedDependencies`.
    public var materials: [Material]

    /// Summarises a provenance predicate.
    /// - Parameters:
    ///   - predicateType: `https://slsa.dev/provenance/v0.2` or `https://slsa.dev/provenance/v1`.
    ///   - predicate: the predicate.
    /// - Throws: ``SigningError/Code-swift.struct/invalidArgument`` for another predicate type,
    ///   ``SigningError/Code-swift.struct/malformedDocument`` when the predicate is not an object.
    public init(predicateType: String, predicate: JSONValue) throws {
        guard predicate.objectValue != nil else {
            throw SigningError(.malformedDocument, "SLSA provenance: the predicate is not an object")
        }
        self.predicateType = predicateType
        materials = []
        if predicateType == PredicateType.slsaProvenanceV02.uri {
            readV02(predicate)
        } else if predicateType == PredicateType.slsaProvenanceV1.uri || predicateType.hasPrefix(PredicateType.slsaProvenanceV1.uri + "?")
                    || predicateType == "https://slsa.dev/provenance/v1.0" {
            readV1(predicate)
        } else {
            throw SigningError(.invalidArgument, "predicate type '\(predicateType.prefix(120))' is not SLSA provenance v0.2 or v1")
        }
    }

    /// Summarises the predicate of a verified statement.
    /// - Parameter statement: the statement (``AttestationCheck/statement``).
    public init(statement: InTotoStatement) throws {
        try self.init(predicateType: statement.predicateType, predicate: statement.predicate)
    }

    /// Summarises predicate JSON bytes (``AttestationCheck/predicate``).
    /// - Parameters:
    ///   - predicateType: the statement's predicate type.
    ///   - predicate: the predicate's JSON.
    public init(predicateType: String, predicate: Data) throws {
        try self.init(predicateType: predicateType, predicate: JSONValue(parsing: predicate))
    }

    // MARK: - v0.2

    private mutating func readV02(_ predicate: JSONValue) {
        builderID = predicate["builder"]?["id"]?.stringValue
        buildType = predicate["buildType"]?.stringValue
        materials = Self.materials(predicate["materials"])
        if let source = predicate["invocation"]?["configSource"], let uri = source["uri"]?.stringValue {
            (sourceRepository, sourceReference) = Self.splitReference(uri)
            sourceRevision = Self.commit(source["digest"]?.objectValue?.compactMapValues(\.stringValue) ?? [:])
            entryPoint = source["entryPoint"]?.stringValue
        } else if let git = materials.first(where: { $0.uri.hasPrefix("git+") }) {
            (sourceRepository, sourceReference) = Self.splitReference(git.uri)
            sourceRevision = Self.commit(git.digest)
        }
    }

    // MARK: - v1

    private mutating func readV1(_ predicate: JSONValue) {
        let definition = predicate["buildDefinition"]
        builderID = predicate["runDetails"]?["builder"]?["id"]?.stringValue
        buildType = definition?["buildType"]?.stringValue
        materials = Self.materials(definition?["resolvedDependencies"])
        let external = definition?["externalParameters"]
        // GitHub Actions: externalParameters.workflow {repository, ref, path}; others: source / repository / buildConfigSource.
        let workflow = external?["workflow"]
        var repository = workflow?["repository"]?.stringValue
            ?? external?["source"]?.stringValue
            ?? external?["source"]?["uri"]?.stringValue
            ?? external?["repository"]?.stringValue
            ?? external?["buildConfigSource"]?["repository"]?.stringValue
        var reference = workflow?["ref"]?.stringValue ?? external?["ref"]?.stringValue
            ?? external?["buildConfigSource"]?["ref"]?.stringValue
        entryPoint = workflow?["path"]?.stringValue ?? external?["entryPoint"]?.stringValue
            ?? external?["buildConfigSource"]?["path"]?.stringValue
        if repository == nil, let git = materials.first(where: { $0.uri.hasPrefix("git+") }) {
            repository = git.uri
        }
        if let uri = repository {
            let (base, ref) = Self.splitReference(uri)
            repository = base
            reference = reference ?? ref
        }
        sourceRepository = repository
        sourceReference = reference
        if let repository {
            let wanted = Self.normalized(repository)
            let match = materials.first { Self.normalized(Self.splitReference($0.uri).repository ?? "") == wanted }
                ?? materials.first { $0.uri.hasPrefix("git+") }
            sourceRevision = match.flatMap { Self.commit($0.digest) }
        }
    }

    // MARK: - Helpers

    private static func materials(_ value: JSONValue?) -> [Material] {
        (value?.arrayValue ?? []).compactMap { entry in
            guard let uri = entry["uri"]?.stringValue ?? entry["name"]?.stringValue else { return nil }
            return Material(uri: uri, digest: entry["digest"]?.objectValue?.compactMapValues(\.stringValue) ?? [:])
        }
    }

    private static func commit(_ digest: [String: String]) -> String? {
        digest["gitCommit"] ?? digest["sha1"] ?? digest["sha256"] ?? digest.values.sorted().first
    }

    /// `git+https://github.com/o/r@refs/heads/main` → (`git+https://github.com/o/r`, `refs/heads/main`).
    /// An `@` before the path (user info) is not a reference separator.
    static func splitReference(_ uri: String) -> (repository: String?, reference: String?) {
        guard let scheme = uri.range(of: "://") else { return (uri, nil) }
        let afterScheme = uri[scheme.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/"), let at = afterScheme[slash...].lastIndex(of: "@") else { return (uri, nil) }
        let reference = String(uri[uri.index(after: at)...])
        return (String(uri[..<at]), reference.isEmpty ? nil : reference)
    }

    /// For matching a repository against dependency URIs: no `git+`, no `.git`, no trailing `/`, lowercased host part.
    private static func normalized(_ uri: String) -> String {
        var value = uri.lowercased()
        if value.hasPrefix("git+") { value.removeFirst(4) }
        while value.hasSuffix("/") { value.removeLast() }
        if value.hasSuffix(".git") { value.removeLast(4) }
        return value
    }
}
