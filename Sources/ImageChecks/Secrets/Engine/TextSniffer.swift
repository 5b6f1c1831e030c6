/// Decides whether bytes can hold text worth scanning.
enum TextSniffer {
    /// How many leading bytes are inspected.
    static let sampleLength = 8192
    /// The share of invalid UTF-8 sequences above which a file is binary.
    static let maximumInvalidRatio = 0.10

    /// True for content with a NUL byte in the first 8 KiB, or more than 10%
    /// invalid UTF-8 there. Latin-1 text with a few high bytes stays text.
    static func isBinary(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let sample = UnsafeRawBufferPointer(rebasing: bytes.prefix(sampleLength))
        if sample.isEmpty { return false }
        if sample.contains(0) { return true }
        var invalid = 0
        var iterator = sample.makeIterator()
        var decoder = UTF8()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
            case .error:
                invalid += 1
                consumed += 1
            case .emptyInput:
                break loop
            }
        }
        // A multi-byte character cut at the sample's end is not an error.
        if bytes.count > sample.count, invalid > 0 { invalid -= 1 }
        return Double(invalid) > Double(sample.count) * maximumInvalidRatio
    }
}
