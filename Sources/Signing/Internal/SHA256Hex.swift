import Crypto
import Foundation

/// `sha256:<hex>` digests, the only algorithm cosign signs.
enum SHA256Hex {
    static let prefix = "sha256:"

    /// `sha256:<64 lowercase hex>` of `data`.
    static func digest(of data: Data) -> String { prefix + hex(SHA256.hash(data: data)) }

    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `string` is exactly `sha256:` followed by 64 lowercase hex digits.
    static func isValid(_ string: String) -> Bool {
        guard string.hasPrefix(prefix) else { return false }
        return isHex64(string.utf8.dropFirst(prefix.utf8.count))
    }

    static func isHex64<C: Collection>(_ utf8: C) -> Bool where C.Element == UInt8 {
        utf8.count == 64 && utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// The 64 hex digits of a valid digest.
    static func hexPart(_ digest: String) -> String { String(digest.dropFirst(prefix.count)) }

    /// The 32 raw bytes of a valid digest.
    static func rawBytes(_ digest: String) -> [UInt8] {
        let hex = Array(hexPart(digest).utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
        return stride(from: 0, to: hex.count, by: 2).map { nibble(hex[$0]) << 4 | nibble(hex[$0 + 1]) }
    }

    /// Checks a caller-supplied digest.
    static func require(_ digest: String, what: String) throws -> String {
        guard isValid(digest) else {
            throw SigningError(.invalidArgument, "\(what) '\(digest.prefix(80))' is not sha256:<64 lowercase hex digits>")
        }
        return digest
    }
}

/// A SHA-256 digest received from elsewhere (a bundle's `messageDigest`), so that a signature over
/// it can be checked with swift-crypto's prehashed verification.
struct PrehashedSHA256: Crypto.Digest {
    static var byteCount: Int { 32 }
    let bytes: [UInt8]

    init?(_ bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }
    var description: String { "SHA256 digest: " + SHA256Hex.hex(bytes) }
}

/// Equality in time independent of where the inputs differ (for anything that might be secret).
func constantTimeEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool where A.Element == UInt8, B.Element == UInt8 {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) { difference |= x ^ y }
    return difference == 0
}
