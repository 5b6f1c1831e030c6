import Foundation

/// Shannon entropy of a string.
enum Entropy {
    /// Bits per character over the string's Unicode scalars.
    static func bitsPerCharacter(_ text: String) -> Double {
        var counts: [Unicode.Scalar: Int] = [:]
        var total = 0
        for scalar in text.unicodeScalars {
            counts[scalar, default: 0] += 1
            total += 1
        }
        guard total > 0 else { return 0 }
        let n = Double(total)
        var bits = 0.0
        for count in counts.values {
            let p = Double(count) / n
            bits -= p * log2(p)
        }
        return bits
    }
}
