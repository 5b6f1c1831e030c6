public import Foundation

/// An OCI content descriptor as the signing formats use it. Members Palisade does not model
/// (`urls`, `data`, `platform`, …) are kept and written back unchanged.
public struct OCIDescriptor: Sendable, Hashable {
    /// The media type of the referenced content.
    public var mediaType: String
    /// `algorithm:encoded` digest of the content.
    public var digest: String
    /// The content's size in bytes.
    public var size: Int
    /// The descriptor's annotations.
    public var annotations: [String: String]?
    /// OCI 1.1 `artifactType` (referrers).
    public var artifactType: String?
    /// Members not modelled above, written back as they came.
    public var otherMembers: [String: JSONValue]

    /// - Parameters: see the properties.
    public init(mediaType: String, digest: String, size: Int, annotations: [String: String]? = nil,
                artifactType: String? = nil, otherMembers: [String: JSONValue] = [:]) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.artifactType = artifactType
        self.otherMembers = otherMembers
    }

    /// The descriptor of `data` (sha256).
    /// - Parameters:
    ///   - data: the content.
    ///   - mediaType: its media type.
    ///   - annotations: annotations to attach.
    public static func describing(_ data: Data, mediaType: String, annotations: [String: String]? = nil) -> OCIDescriptor {
        OCIDescriptor(mediaType: mediaType, digest: SHA256Hex.digest(of: data), size: data.count, annotations: annotations)
    }

    private static let modelled: Set<String> = ["mediaType", "digest", "size", "annotations", "artifactType"]

    /// Reads a descriptor: `mediaType` string, `digest` `algorithm:encoded`, non-negative integer `size`,
    /// `annotations` a string map.
    init(json: JSONValue, what: String) throws {
        func bad(_ problem: String) -> SigningError { SigningError(.malformedDocument, "\(what): \(problem)") }
        guard let members = json.objectValue else { throw bad("not an object") }
        guard let mediaType = members["mediaType"]?.stringValue, !mediaType.isEmpty, mediaType.utf8.count <= 255 else {
            throw bad("no valid 'mediaType'")
        }
        guard let digest = members["digest"]?.stringValue, Self.isDigest(digest) else {
            throw bad("no valid 'digest'")
        }
        guard case .number(let literal)? = members["size"], let size = Int(literal), size >= 0 else {
            throw bad("'size' is not a non-negative integer")
        }
        var annotations: [String: String]?
        switch members["annotations"] {
        case nil, .null?: annotations = nil
        case .object(let map)?:
            annotations = try map.mapValues { value in
                guard let string = value.stringValue else { throw bad("annotation values must be strings") }
                return string
            }
        default: throw bad("'annotations' is not an object")
        }
        var artifactType: String?
        switch members["artifactType"] {
        case nil, .null?: artifactType = nil
        case .string(let type)?: artifactType = type
        default: throw bad("'artifactType' is not a string")
        }
        self.init(mediaType: mediaType, digest: digest, size: size, annotations: annotations, artifactType: artifactType,
                  otherMembers: members.filter { !Self.modelled.contains($0.key) })
    }

    /// The OCI digest grammar: `algorithm:encoded`, with sha256 held to 64 lowercase hex digits.
    static func isDigest(_ digest: String) -> Bool {
        guard let colon = digest.firstIndex(of: ":"), digest.utf8.count <= 200 else { return false }
        let algorithm = digest[..<colon], encoded = digest[digest.index(after: colon)...]
        if algorithm == "sha256" { return SHA256Hex.isHex64(encoded.utf8) }
        let algorithmOK = !algorithm.isEmpty && algorithm.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
        }
        let encodedOK = !encoded.isEmpty && encoded.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x3D || $0 == 0x5F || $0 == 0x2D
        }
        return algorithmOK && encodedOK
    }

    /// go-containerregistry's member order: mediaType, size, digest, data, urls, annotations, platform, artifactType.
    var jsonOut: JSONOut {
        var fields: [(String, JSONOut)] = [("mediaType", .string(mediaType)), ("size", .int(size)), ("digest", .string(digest))]
        for key in ["data", "urls"] { if let value = otherMembers[key] { fields.append((key, .value(value))) } }
        if let annotations, !annotations.isEmpty { fields.append(("annotations", .strings(annotations))) }
        if let platform = otherMembers["platform"] { fields.append(("platform", .value(platform))) }
        if let artifactType { fields.append(("artifactType", .string(artifactType))) }
        for key in otherMembers.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        where !["data", "urls", "platform"].contains(key) {
            fields.append((key, .value(otherMembers[key]!)))
        }
        return .fields(fields)
    }

    /// The JSON of this descriptor alone.
    public func encoded() -> Data { JSONEncoding.encode(jsonOut) }
}

/// A blob to upload: its digest, media type and bytes.
public struct OCIBlob: Sendable, Hashable {
    /// `sha256:<hex>` of ``data``.
    public var digest: String
    /// The media type it is referenced with.
    public var mediaType: String
    /// The bytes.
    public var data: Data

    /// - Parameters:
    ///   - data: the bytes.
    ///   - mediaType: the media type it is referenced with.
    public init(_ data: Data, mediaType: String) {
        self.data = data
        self.mediaType = mediaType
        digest = SHA256Hex.digest(of: data)
    }
}
