import Foundation

/// One accepted regex match, before rendering. Holds ranges only, never text.
struct RawMatch {
    let rule: Int
    /// The secret, in UTF-16 offsets of the scanned text.
    let secret: NSRange
}

/// Runs the applicable rules over one text and applies allow patterns,
/// entropy thresholds and rule precedence.
struct MatchCollector {
    let rules: [SecretRule]
    let allowRules: [SecretAllowRule]

    /// - Parameters:
    ///   - text: The whole content.
    ///   - candidates: Indices of rules that passed the path and keyword checks, in precedence order.
    ///   - scopes: For some rules, the only ranges (lines) to search; others search the whole text.
    func collect(in text: String, candidates: [Int], scopes: [Int: [NSRange]] = [:]) -> [RawMatch] {
        let whole = NSRange(location: 0, length: (text as NSString).length)
        let nsText = text as NSString
        var accepted: [RawMatch] = []
        for index in candidates {
            let rule = rules[index]
            let globalAllows = allowRules.filter { $0.patternRegex != nil && $0.applies(to: rule.id) }
            let results = scopes[index].map { ranges in ranges.flatMap { rule.regex.matches(in: text, range: $0) } }
                ?? rule.regex.matches(in: text, range: whole)
            for result in results {
                let matchRange = result.range
                guard matchRange.location != NSNotFound, matchRange.length > 0 else { continue }
                var secret = matchRange
                if let group = rule.secretGroup {
                    secret = result.range(withName: group)
                    guard secret.location != NSNotFound, secret.length > 0 else { continue }
                }
                if isAllowed(nsText.substring(with: matchRange), rule: rule, globalAllows: globalAllows) { continue }
                if let threshold = rule.minimumEntropy,
                   Entropy.bitsPerCharacter(nsText.substring(with: secret)) < threshold {
                    continue
                }
                // An earlier (more specific) rule already reported this secret.
                if accepted.contains(where: { $0.rule != index && NSIntersectionRange($0.secret, secret).length > 0 }) {
                    continue
                }
                accepted.append(RawMatch(rule: index, secret: secret))
            }
        }
        return accepted
    }

    private func isAllowed(_ match: String, rule: SecretRule, globalAllows: [SecretAllowRule]) -> Bool {
        let range = NSRange(location: 0, length: (match as NSString).length)
        for regex in rule.allowRegexes where regex.firstMatch(in: match, range: range) != nil {
            return true
        }
        for allow in globalAllows {
            if let regex = allow.patternRegex, regex.firstMatch(in: match, range: range) != nil { return true }
        }
        return false
    }
}
