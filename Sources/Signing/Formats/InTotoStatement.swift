public import Foundation

/// An in-toto attestation statement: what an attestation says about which artifacts.
public struct InTotoStatement: Sendable, Hashable {
    /// The statement type cosign's `attest` writes.
    public static let typeV01 = "https://in-toto.io/Statement/v0.1"
    /// The current statement type (cosign 3's bundles).
    public static let typeV1 = "https://in-toto.io/Statement/v1"

    /// One artifact the statement is about.
    public struct Subject: Sendable, Hashable {
        /// The artifact's name (cosign: the repository, `REGISTRY/REPO`; may be empty in v1).
        public var name: String
        /// Algorithm → lowercase hex (`["sha256": "…"]`).
        public var digest: [String: String]
        /// v1 resource-descriptor annotations (cosign 3 puts `-a k=v` here).
        public var annotations: [String: JSONValue]?

        /// - Parameters: see the properties.
        public init(name: String, digest: [String: String], annotations: [String: JSONValue]? = nil) {
            self.name = name
            self.digest = digest
            self.annotations = annotations
        }
    }

    /// `_type`.
    public var type: String
    /// `subject`.
    public var subjects: [Subject]
    /// `predicateType`.
    public var predicateType: String
    /// `predicate`.
    public var predicate: JSONValue

    /// - Parameters: see the properties.
    public init(type: String = InTotoStatement.typeV01, subjects: [Subject], predicateType: String, predicate: JSONValue) {
        self.type = type
        self.subjects = subjects
        self.predicateType = predicateType
        self.predicate = predicate
    }

    /// The statement `cosign attest --type T --predicate FILE` writes for an image.
    ///
    /// As cosign: statement type v0.1; one subject named `REGISTRY/REPO` with the `sha256` hex; for
    /// ``PredicateType/cosignCustom`` the predicate is `{"Data": <file text>, "Timestamp": <RFC 3339 UTC>}`;
    /// for ``PredicateType/spdx`` it is the file text as a string; otherwise the file's JSON (an object for
    /// a URI cosign does not know; SLSA provenance must have `builder`+`buildType` (v0.2) or
    /// `buildDefinition`+`runDetails` (v1)).
    /// - Parameters:
    ///   - predicateType: the type.
    ///   - predicate: the predicate file's bytes.
    ///   - subjectName: `REGISTRY/REPO`.
    ///   - imageDigest: `sha256:<hex>` of the image manifest.
    ///   - timestamp: for the custom predicate (inject it for reproducible output).
    ///   - limits: ``SigningLimits/maxJSONDepth`` applies.
    /// - Throws: ``SigningError/Code-swift.struct/invalidArgument`` when the predicate does not fit the type.
    public static func cosign(predicateType: PredicateType, predicate: Data, subjectName: String, imageDigest: String,
                              timestamp: Date = Date(), limits: SigningLimits = .default) throws -> InTotoStatement {
        let digest = try SHA256Hex.require(imageDigest, what: "image digest")
        let value: JSONValue
        switch predicateType.encoding {
        case .cosignCustom:
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            formatter.timeZone = TimeZone(identifier: "UTC")
            value = .object(["Data": .string(String(decoding: predicate, as: UTF8.self)),
                             "Timestamp": .string(formatter.string(from: timestamp))])
        case .text:
            value = .string(String(decoding: predicate, as: UTF8.self))
        case .json:
            do {
                value = try JSONValue(parsing: predicate, maxDepth: limits.maxJSONDepth)
            } catch let error as SigningError {
                throw SigningError(.invalidArgument, "the \(predicateType) predicate: \(error.message)")
            }
            let required: [String]
            switch predicateType {
            case .slsaProvenanceV02: required = ["builder", "buildType"]
            case .slsaProvenanceV1: required = ["buildDefinition", "runDetails"]
            case .cycloneDX, .spdxJSON: required = []
            default:
                guard value.objectValue != nil else {
                    throw SigningError(.invalidArgument, "the \(predicateType) predicate is not a JSON object")
                }
                required = []
            }
            for field in required where value[field] == nil {
                throw SigningError(.invalidArgument, "the \(predicateType) predicate lacks the required field '\(field)'")
            }
        }
        return InTotoStatement(subjects: [Subject(name: subjectName, digest: ["sha256": SHA256Hex.hexPart(digest)])],
                               predicateType: predicateType.uri, predicate: value)
    }

    /// Reads a statement (v0.1 or v1). Requires `_type`, `predicateType`, a non-empty `subject` list with
    /// string digests; `predicate` may be absent (read as null).
    /// - Parameters:
    ///   - data: the statement bytes (a DSSE payload).
    ///   - limits: ``SigningLimits/maxJSONDepth`` applies.
    public init(parsing data: Data, limits: SigningLimits = .default) throws {
        func bad(_ problem: String) -> SigningError { SigningError(.malformedDocument, "in-toto statement: \(problem)") }
        let json = try JSONValue(parsing: data, maxDepth: limits.maxJSONDepth)
        guard let type = json["_type"]?.stringValue else { throw bad("'_type' is not a string") }
        guard type == Self.typeV01 || type == Self.typeV1 else { throw bad("unknown statement type '\(type.prefix(80))'") }
        guard let predicateType = json["predicateType"]?.stringValue else { throw bad("'predicateType' is not a string") }
        guard let subjects = json["subject"]?.arrayValue, !subjects.isEmpty else { throw bad("'subject' is not a non-empty array") }
        guard subjects.count <= limits.maxLayers else { throw SigningError(.tooLarge, "in-toto statement lists \(subjects.count) subjects") }
        self.type = type
        self.predicateType = predicateType
        self.predicate = json["predicate"] ?? .null
        self.subjects = try subjects.map { subject in
            guard let digests = subject["digest"]?.objectValue else { throw bad("a subject has no 'digest' object") }
            let digest = try digests.mapValues { value in
                guard let hex = value.stringValue else { throw bad("a subject digest is not a string") }
                return hex
            }
            return Subject(name: subject["name"]?.stringValue ?? "", digest: digest, annotations: subject["annotations"]?.objectValue)
        }
    }

    /// Compact JSON in Go struct order: `_type`, `predicateType`, `subject`, `predicate`. A subject's empty
    /// name is left out of a v1 statement (as protobuf JSON does), never out of a v0.1 one.
    public func encoded() -> Data {
        JSONEncoding.encode(.fields([
            ("_type", .string(type)),
            ("predicateType", .string(predicateType)),
            ("subject", .list(subjects.map { subject in
                var fields: [(String, JSONOut)] = []
                if !subject.name.isEmpty || type == Self.typeV01 { fields.append(("name", .string(subject.name))) }
                fields.append(("digest", .strings(subject.digest)))
                if let annotations = subject.annotations { fields.append(("annotations", .value(.object(annotations)))) }
                return .fields(fields)
            })),
            ("predicate", .value(predicate)),
        ]))
    }

    /// Whether a subject carries `sha256` equal to the image digest's hex.
    /// - Parameter imageDigest: `sha256:<hex>`.
    public func hasSubject(digest imageDigest: String) -> Bool {
        guard SHA256Hex.isValid(imageDigest) else { return false }
        let hex = SHA256Hex.hexPart(imageDigest)
        return subjects.contains { $0.digest["sha256"] == hex }
    }
}
