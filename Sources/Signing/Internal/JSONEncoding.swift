import Foundation

/// What to write: a ``JSONValue`` (objects with sorted keys, like a Go map) or an object whose
/// members keep the given order (like a Go struct).
indirect enum JSONOut {
    case value(JSONValue)
    case fields([(String, JSONOut)])
    case list([JSONOut])

    static func string(_ value: String) -> JSONOut { .value(.string(value)) }
    static func int(_ value: Int) -> JSONOut { .value(.int(value)) }
    static let null = JSONOut.value(.null)
    static func strings(_ map: [String: String]) -> JSONOut { .value(.object(map.mapValues { .string($0) })) }
}

/// Compact JSON the way Go's `encoding/json.Marshal` writes it.
enum JSONEncoding {
    static func encode(_ out: JSONOut) -> Data {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        write(out, into: &buffer)
        return Data(buffer)
    }

    static func encode(_ value: JSONValue) -> Data { encode(.value(value)) }

    private static func write(_ out: JSONOut, into buffer: inout [UInt8]) {
        switch out {
        case .value(let value):
            write(value, into: &buffer)
        case .fields(let fields):
            buffer.append(UInt8(ascii: "{"))
            for (offset, field) in fields.enumerated() {
                if offset > 0 { buffer.append(UInt8(ascii: ",")) }
                writeString(field.0, into: &buffer)
                buffer.append(UInt8(ascii: ":"))
                write(field.1, into: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        case .list(let elements):
            buffer.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { buffer.append(UInt8(ascii: ",")) }
                write(element, into: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        }
    }

    private static func write(_ value: JSONValue, into buffer: inout [UInt8]) {
        switch value {
        case .null: buffer.append(contentsOf: Array("null".utf8))
        case .bool(let flag): buffer.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case .number(let literal): buffer.append(contentsOf: Array(literal.utf8))
        case .string(let string): writeString(string, into: &buffer)
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { buffer.append(UInt8(ascii: ",")) }
                write(element, into: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let members):
            buffer.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (offset, key) in keys.enumerated() {
                if offset > 0 { buffer.append(UInt8(ascii: ",")) }
                writeString(key, into: &buffer)
                buffer.append(UInt8(ascii: ":"))
                write(members[key]!, into: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Go's escaping: `"` and `\`, `\n \r \t \b \f`, other controls as `\u00XX`, and (HTML safety)
    /// `<`, `>`, `&`, U+2028, U+2029 as `\uXXXX`; everything else as raw UTF-8.
    private static func writeString(_ string: String, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar.value {
            case 0x22: buffer.append(contentsOf: [0x5C, 0x22])
            case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: buffer.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: buffer.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: buffer.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: buffer.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: buffer.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20, 0x3C, 0x3E, 0x26, 0x2028, 0x2029:
                let v = scalar.value
                buffer.append(contentsOf: [0x5C, UInt8(ascii: "u"),
                                           hex[Int((v >> 12) & 0xF)], hex[Int((v >> 8) & 0xF)],
                                           hex[Int((v >> 4) & 0xF)], hex[Int(v & 0xF)]])
            default:
                UTF8.encode(scalar) { buffer.append($0) }
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
