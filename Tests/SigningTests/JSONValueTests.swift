import Foundation
import Testing
@testable import Signing

struct JSONValueTests {
    @Test func parsesAndWritesCompactWithSortedKeys() throws {
        let value = try JSONValue(parsing: Data(#" { "b" : [1, 2.50, -0.1e+3, true, false, null], "a": {"z": "x", "y": {}} } "#.utf8))
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"a":{"y":{},"z":"x"},"b":[1,2.50,-0.1e+3,true,false,null]}"#)
    }

    @Test func escapesLikeGo() throws {
        let value = JSONValue.string("a\"b\\c\n\r\t\u{08}\u{0C}\u{01}<>&\u{2028}\u{2029}é😀/")
        #expect(String(decoding: value.encoded(), as: UTF8.self)
            == #""a\"b\\c\n\r\t\b\f\u0001\u003c\u003e\u0026\u2028\u2029é😀/""#)
    }

    @Test func keysSortBytewise() {
        let value = JSONValue.object(["b": .null, "B": .null, "é": .null, "a": .null, "_": .null])
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"B":null,"_":null,"a":null,"b":null,"é":null}"#)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONValue(parsing: Data(#"["\u00e9\ud83d\ude00\/\""]"#.utf8))
        #expect(value == .array([.string("é😀/\"")]))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul",
        "\"\\ud800\"", "\"\\udc00\"", "\"\\x\"", "\"a\u{01}b\"", "{\"a\":1,\"a\":2}", "[1] x", "\u{FEFF}{}",
        "'a'", "[1 2]", "{1:2}", "\"unterminated",
    ])
    func refusesMalformed(_ text: String) {
        let error = #expect(throws: SigningError.self) { try JSONValue(parsing: Data(text.utf8)) }
        #expect(error?.code == .malformedDocument)
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: SigningError.self) { try JSONValue(parsing: Data([0x22, 0xC3, 0x28, 0x22])) }
    }

    @Test func boundsDepth() throws {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let error = #expect(throws: SigningError.self) { try JSONValue(parsing: Data(deep.utf8)) }
        #expect(error?.message.contains("nested deeper") == true)
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try JSONValue(parsing: Data(ok.utf8))
    }

    @Test func strictBase64() {
        #expect(StrictBase64.decode("aGVsbG8=") == Data("hello".utf8))
        #expect(StrictBase64.decode("aGVsbG8") == nil)          // padding required
        #expect(StrictBase64.decode("aGVsbG9=") == nil)         // non-zero unused bits
        #expect(StrictBase64.decode("aGVs bG8=") == nil)        // whitespace
        #expect(StrictBase64.decode("aGVsbG8=\n") == nil)
        #expect(StrictBase64.decode("aGV-bG8=") == nil)         // URL alphabet
        #expect(StrictBase64.decode("") == Data())
        #expect(StrictBase64.decodeDSSE("aGVsbG8") == Data("hello".utf8))
        #expect(StrictBase64.decodeDSSE("-_8=") == Data([0xFB, 0xFF]))
        #expect(StrictBase64.decodeDSSE("+/8") == Data([0xFB, 0xFF]))
        #expect(StrictBase64.decodeDSSE("a") == nil)
    }

    @Test func constantTimeEquality() {
        #expect(constantTimeEqual([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!constantTimeEqual([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!constantTimeEqual([1, 2] as [UInt8], [1, 2, 3] as [UInt8]))
    }
}
