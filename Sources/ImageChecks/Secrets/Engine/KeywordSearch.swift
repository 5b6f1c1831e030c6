#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CSystemShims

/// The keyword prefilter: a lower-cased copy of the content, searched with
/// glibc's `memmem` (through CSystemShims: it is a GNU extension the Glibc
/// module does not export).
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

    /// The byte ranges of the lines (each with its line break) that hold one
    /// of `keywords` (already lower-cased), in order, adjacent lines merged.
    func lines(containing keywords: [[UInt8]]) -> [Range<Int>] {
        var starts: [Int] = []
        lowered.withUnsafeBytes { haystack in
            for needle in keywords {
                needle.withUnsafeBytes { n in Self.forEach(n, in: haystack) { starts.append($0) } }
            }
        }
        if starts.isEmpty { return [] }
        starts.sort()
        var ranges: [Range<Int>] = []
        lowered.withUnsafeBytes { haystack in
            let base = haystack.baseAddress!
            for hit in starts {
                if let last = ranges.last, hit < last.upperBound { continue }
                var start = hit
                while start > 0, haystack[start - 1] != 0x0A { start -= 1 }
                let end: Int
                if let newline = memchr(base + hit, 0x0A, haystack.count - hit) {
                    end = base.distance(to: UnsafeRawPointer(newline)) + 1
                } else {
                    end = haystack.count
                }
                if let last = ranges.last, last.upperBound == start {
                    ranges[ranges.count - 1] = last.lowerBound..<end
                } else {
                    ranges.append(start..<end)
                }
            }
        }
        return ranges
    }

    private static func forEach(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
        guard !needle.isEmpty, let base = haystack.baseAddress else { return }
        var offset = 0
        while offset + needle.count <= haystack.count,
              let hit = palisade_memmem(base + offset, haystack.count - offset, needle.baseAddress, needle.count) {
            let position = base.distance(to: hit)
            body(position)
            offset = position + 1
        }
    }

    private static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        guard !needle.isEmpty else { return true }
        guard let base = haystack.baseAddress, needle.count <= haystack.count else { return false }
        return palisade_memmem(base, haystack.count, needle.baseAddress, needle.count) != nil
    }
}
