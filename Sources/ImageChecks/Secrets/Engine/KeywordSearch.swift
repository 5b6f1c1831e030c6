#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The keyword prefilter: a lower-cased copy of the content, searched with
/// `memchr` for the first byte and `memcmp` for the rest (`memmem` is a GNU
/// extension the Glibc module does not export).
struct KeywordSearch {
    private let lowered: [UInt8]

    init(_ bytes: UnsafeRawBufferPointer) {
        lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    /// True when one of `keywords` (already lower-cased) occurs; true for an
    /// empty list.
    func containsAny(_ keywords: [[UInt8]]) -> Bool {
        if keywords.isEmpty { return true }
        return lowered.withUnsafeBytes { haystack in
            keywords.contains { needle in
                needle.withUnsafeBytes { n in Self.find(n, in: haystack) }
            }
        }
    }

    private static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        guard let first = needle.first, let base = haystack.baseAddress, needle.count <= haystack.count else {
            return needle.isEmpty
        }
        let last = haystack.count - needle.count
        var offset = 0
        while offset <= last {
            guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
            let position = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + position, needle.baseAddress!, needle.count) == 0 { return true }
            offset = position + 1
        }
        return false
    }
}
