import Foundation
import ZIPFoundation

/// zlib streams (RFC 1950: a two-byte header, raw deflate, an Adler-32 trailer), through
/// ZIPFoundation's raw-deflate codec: the system zlib on Linux, the Compression framework on
/// Apple platforms. (ZIPFoundation already owns a clang module named `CZlib` on Linux, so a
/// second system-library target for zlib would clash with it.)
enum Zlib {
    static let bufferSize = 64 << 10

    /// Inflates a zlib stream whose trailer ends `data`, refusing more than `limit` bytes of output.
    /// Errors are ``CatalogError``s saying what was wrong.
    static func decompress(_ data: Data, limit: Int) throws -> Data {
        guard data.count >= 6 else { throw CatalogError("zlib stream too short") }
        let cmf = data[data.startIndex], flg = data[data.startIndex + 1]
        guard cmf & 0x0f == 8, cmf >> 4 <= 7, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0, flg & 0x20 == 0 else {
            throw CatalogError("not a zlib stream")
        }
        let body = data.subdata(in: (data.startIndex + 2)..<data.endIndex)
        var produced = 0
        let output = try inflateRaw(body, limit: limit, produced: &produced, what: "zlib stream")
        let trailer = data.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard trailer == adler32(output) else { throw CatalogError("zlib stream checksum mismatch") }
        return output
    }

    /// Inflates raw deflate data (zip entries, zlib bodies), refusing more than `limit` bytes of output
    /// whatever the input declares. `produced` grows by the bytes inflated, also when this throws.
    /// - Parameter what: how the stream is named in errors.
    static func inflateRaw(_ body: Data, limit: Int, produced: inout Int, what: String) throws -> Data {
        let body = body.startIndex == 0 ? body : Data(body)
        var output = Data()
        defer { produced += output.count }
        do {
            _ = try Data.decompress(size: Int64(body.count), bufferSize: bufferSize, skipCRC32: true, provider: { position, size in
                if size == 0 { return Data() }
                let start = Int(position)
                // Asked beyond the end: the deflate stream did not finish inside the data.
                guard start >= 0, start < body.count else { throw CatalogError("\(what) is truncated") }
                var chunk = body.subdata(in: start..<min(body.count, start + size))
                // The Linux codec may read a whole buffer whatever the chunk's length: pad with zeros.
                if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                return chunk
            }, consumer: { chunk in
                guard chunk.count <= limit - output.count else {
                    throw CatalogError("\(what) inflates to more than \(limit) bytes")
                }
                output.append(chunk)
            })
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError("\(what): corrupt deflate data")
        }
        return output
    }

    /// Compresses `data` into a zlib stream (fixtures and tests).
    static func compress(_ data: Data) throws -> Data {
        var out = Data([0x78, 0x9c])
        _ = try Data.compress(size: Int64(data.count), bufferSize: bufferSize, provider: { position, size in
            let start = data.startIndex + Int(position)
            return data.subdata(in: start..<min(data.endIndex, start + size))
        }, consumer: { out.append($0) })
        let checksum = adler32(data)
        out.append(contentsOf: [UInt8(checksum >> 24), UInt8(checksum >> 16 & 0xff), UInt8(checksum >> 8 & 0xff), UInt8(checksum & 0xff)])
        return out
    }

    /// Adler-32 (RFC 1950).
    static func adler32(_ data: Data) -> UInt32 {
        var a: UInt64 = 1, b: UInt64 = 0
        var pending = 0
        for byte in data {
            a += UInt64(byte)
            b += a
            pending += 1
            if pending == 1 << 16 {
                a %= 65521
                b %= 65521
                pending = 0
            }
        }
        return UInt32((b % 65521) << 16 | (a % 65521))
    }
}
