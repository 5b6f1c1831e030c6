import Foundation

/// Names the algorithm of a DER SubjectPublicKeyInfo, so that a key of the wrong kind gets a clear
/// error ("key is not ECDSA P-256 (it is RSA)") instead of a parse failure.
enum SPKIInspector {
    private static let ecPublicKey: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
    private static let rsaEncryption: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
    private static let ed25519: [UInt8] = [0x2B, 0x65, 0x70]
    private static let curves: [([UInt8], String)] = [
        ([0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07], "ECDSA P-256"),
        ([0x2B, 0x81, 0x04, 0x00, 0x22], "ECDSA P-384"),
        ([0x2B, 0x81, 0x04, 0x00, 0x23], "ECDSA P-521"),
        ([0x2B, 0x81, 0x04, 0x00, 0x0A], "ECDSA secp256k1"),
    ]

    /// "ECDSA P-256", "ECDSA P-384", "RSA", "Ed25519", … or nil when the DER cannot be read.
    static func algorithmName(_ der: Data) -> String? {
        var reader = DERReader(bytes: [UInt8](der))
        guard let spki = reader.read(tag: 0x30) else { return nil }
        var inner = DERReader(bytes: spki)
        guard let algorithm = inner.read(tag: 0x30) else { return nil }
        var algorithmReader = DERReader(bytes: algorithm)
        guard let oid = algorithmReader.read(tag: 0x06) else { return nil }
        if oid == rsaEncryption { return "RSA" }
        if oid == ed25519 { return "Ed25519" }
        if oid == ecPublicKey {
            guard let curve = algorithmReader.read(tag: 0x06) else { return "ECDSA (unnamed curve)" }
            return curves.first { $0.0 == curve }?.1 ?? "ECDSA (another curve)"
        }
        return "an unknown algorithm"
    }

    /// Just enough DER: definite lengths up to four bytes.
    private struct DERReader {
        let bytes: [UInt8]
        var index = 0

        mutating func read(tag: UInt8) -> [UInt8]? {
            guard index + 2 <= bytes.count, bytes[index] == tag else { return nil }
            index += 1
            var length = Int(bytes[index])
            index += 1
            if length & 0x80 != 0 {
                let count = length & 0x7F
                guard (1...4).contains(count), index + count <= bytes.count else { return nil }
                length = 0
                for _ in 0..<count {
                    length = length << 8 | Int(bytes[index])
                    index += 1
                }
            }
            guard length <= bytes.count - index else { return nil }
            defer { index += length }
            return Array(bytes[index..<(index + length)])
        }
    }
}
