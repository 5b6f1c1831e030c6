/// "Did you mean" by edit distance (case-insensitive, ignoring `_`, `-` and spaces).
enum Suggestions {
    /// The candidates closest to `word`, best first; empty when nothing is close.
    static func closest(to word: String, in candidates: [String], limit: Int = 1) -> [String] {
        let key = Array(normalizedKeyword(word))
        guard !key.isEmpty else { return [] }
        var scored: [(distance: Int, prefix: Int, candidate: String)] = []
        for candidate in candidates {
            let other = Array(normalizedKeyword(candidate))
            let distance = editDistance(key, other)
            let budget = max(2, min(key.count, other.count) / 3)
            let prefix = zip(key, other).prefix { $0 == $1 }.count
            if distance <= budget {
                scored.append((distance, prefix, candidate))
            } else if other.count > key.count, key.count >= 4, String(other).hasPrefix(String(key)) {
                scored.append((budget + 1, prefix, candidate))
            }
        }
        // Closest first; on a tie, the candidate sharing the longer prefix, then alphabetical.
        return scored.sorted {
            if $0.distance != $1.distance { return $0.distance < $1.distance }
            if $0.prefix != $1.prefix { return $0.prefix > $1.prefix }
            return $0.candidate < $1.candidate
        }.prefix(limit).map(\.candidate)
    }

    /// The best suggestion, if any.
    static func best(for word: String, in candidates: [String]) -> String? {
        closest(to: word, in: candidates).first
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
