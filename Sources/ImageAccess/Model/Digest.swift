public import Foundation
import Crypto

/// A content digest, `algorithm:hex` (OCI image spec, descriptor digests).
public struct Digest: Hashable, Sendable, CustomStringConvertible, Codable, Comparable {
    /// A digest algorithm Palisade can verify.
    public struct Algorithm: Hashable, Sendable {
        /// `sha256`, 64 hex characters.
        public static let sha256 = Algorithm(name: "sha256", hexLength: 64)
        /// `sha512`, 128 hex characters.
        public static let sha512 = Algorithm(name: "sha512", hexLength: 128)
        /// The algorithm's name in a digest string.
        public let name: String
        /// The length of the encoded hash.
        public let hexLength: Int
    }

    /// The algorithm.
    public let algorithm: Algorithm
    /// The lower-case hex encoding of the hash.
    public let hex: String

    /// Parses `sha256:<64 hex>` or `sha512:<128 hex>`; anything else is `nil`.
    public init?(_ string: String) {
        guard let colon = string.firstIndex(of: ":") else { return nil }
        let name = string[..<colon]
        let hex = string[string.index(after: colon)...]
        let algorithm: Algorithm
        switch name {
        case "sha256": algorithm = .sha256
        case "sha512": algorithm = .sha512
        default: return nil
        }
        guard hex.utf8.count == algorithm.hexLength,
              hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { return nil }
        self.algorithm = algorithm
        self.hex = String(hex)
    }

    /// Creates a digest from a computed hash.
    public init(algorithm: Algorithm, hex: String) {
        self.algorithm = algorithm
        self.hex = hex
    }

    /// The SHA-256 digest of some bytes.
    public static func sha256(of data: some DataProtocol) -> Digest {
        Digest(algorithm: .sha256, hex: SHA256.hash(data: data).hexString)
    }

    /// The digest of some bytes under this digest's algorithm.
    public func matches(_ data: some DataProtocol) -> Bool {
        switch algorithm.name {
        case "sha512": return SHA512.hash(data: data).hexString == hex
        default: return SHA256.hash(data: data).hexString == hex
        }
    }

    public var description: String { "\(algorithm.name):\(hex)" }

    /// The first 12 hex characters, as `docker images` shows them.
    public var short: String { String(hex.prefix(12)) }

    public init(from decoder: any Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        guard let digest = Digest(string) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "'\(string.prefix(80))' is not a sha256 or sha512 digest"))
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex of these bytes.
    package var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A running hash for one of the supported algorithms.
package struct StreamingHasher {
    private var sha256: SHA256?
    private var sha512: SHA512?
    package let algorithm: Digest.Algorithm

    package init(_ algorithm: Digest.Algorithm) {
        self.algorithm = algorithm
        if algorithm == .sha512 { sha512 = SHA512() } else { sha256 = SHA256() }
    }

    package mutating func update(_ buffer: UnsafeRawBufferPointer) {
        if sha512 != nil { sha512!.update(bufferPointer: buffer) } else { sha256!.update(bufferPointer: buffer) }
    }

    package func finalize() -> Digest {
        if let sha512 { return Digest(algorithm: .sha512, hex: sha512.finalize().hexString) }
        return Digest(algorithm: .sha256, hex: sha256!.finalize().hexString)
    }
}
