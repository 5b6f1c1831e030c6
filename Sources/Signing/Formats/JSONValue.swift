public import Foundation

/// A JSON document as read by the signing formats: parsed strictly (RFC 8259, valid UTF-8, no duplicate
/// keys, bounded depth) and written back the way Go's `encoding/json` writes a `map[string]any`
/// (compact, keys sorted bytewise, `<`, `>`, `&`, U+2028 and U+2029 escaped), which is how cosign
/// serialises the JSON it signs.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, kept as its literal text so that no precision is lost on the way through.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The default nesting limit for ``init(parsing:maxDepth:)``.
    public static let defaultMaxDepth = 128

    /// Parses a JSON document.
    /// - Parameters:
    ///   - data: the bytes; a UTF-8 byte-order mark, trailing garbage, duplicate object keys,
    ///     lone surrogates and invalid UTF-8 are refused.
    ///   - maxDepth: how deeply arrays and objects may nest.
    /// - Throws: ``SigningError/Code-swift.struct/malformedDocument`` naming the byte offset of the problem.
    public init(parsing data: Data, maxDepth: Int = JSONValue.defaultMaxDepth) throws {
        do {
            self = try JSONParser.parse([UInt8](data), maxDepth: maxDepth)
        } catch {
            throw SigningError(.malformedDocument, "not valid JSON: \(error.reason) at byte \(error.offset)")
        }
    }

    /// An integer number.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// The compact, Go-compatible encoding (keys sorted bytewise).
    public func encoded() -> Data { JSONEncoding.encode(.value(self)) }

    // MARK: - Accessors

    /// The member `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` when this is an array and the index is in range.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
