import Foundation

/// Base64 decoding without Foundation's leniency: no whitespace, no stray characters, and (for the
/// standard form) padding required and unused bits zero, so a truncated or altered string fails.
enum StrictBase64 {
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()

    /// Standard alphabet, `=` padding required (cosign's annotations, bundle fields).
    static func decode(_ string: String) -> Data? {
        decode(Array(string.utf8), urlSafe: false, paddingRequired: true)
    }

    /// What DSSE accepts: the standard or URL-safe alphabet, with or without padding.
    static func decodeDSSE(_ string: String) -> Data? {
        let bytes = Array(string.utf8)
        let urlSafe = bytes.contains(UInt8(ascii: "-")) || bytes.contains(UInt8(ascii: "_"))
        return decode(bytes, urlSafe: urlSafe, paddingRequired: false)
    }

    private static func decode(_ input: [UInt8], urlSafe: Bool, paddingRequired: Bool) -> Data? {
        var bytes = input
        if urlSafe {
            for i in bytes.indices {
                switch bytes[i] {
                case UInt8(ascii: "-"): bytes[i] = UInt8(ascii: "+")
                case UInt8(ascii: "_"): bytes[i] = UInt8(ascii: "/")
                case UInt8(ascii: "+"), UInt8(ascii: "/"): return nil
                default: break
                }
            }
        }
        var padding = 0
        while padding < 2, bytes.count > padding, bytes[bytes.count - 1 - padding] == UInt8(ascii: "=") { padding += 1 }
        if paddingRequired || padding > 0 {
            guard bytes.count % 4 == 0 else { return nil }
        }
        let body = bytes.prefix(bytes.count - padding)
        guard body.count % 4 != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(body.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in body {
            let value = table[Int(byte)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        // Leftover bits must be zero (canonical encoding).
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return Data(out)
    }
}
