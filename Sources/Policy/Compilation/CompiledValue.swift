import Foundation

/// A comparison operator of number, days, severity and grade values.
enum Comparator: String, Sendable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "="

    @inline(__always)
    func holds(_ fact: Double, _ threshold: Double) -> Bool {
        switch self {
        case .less: return fact < threshold
        case .lessOrEqual: return fact <= threshold
        case .greater: return fact > threshold
        case .greaterOrEqual: return fact >= threshold
        case .equal: return fact == threshold
        }
    }

    /// Splits a leading comparator off `text`: `>= 7` → (>=, "7"); `7` → (nil, "7").
    static func split(_ text: String) -> (Comparator?, String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (prefix, comparator) in [("<=", Comparator.lessOrEqual), (">=", .greaterOrEqual), ("==", .equal),
                                     ("<", .less), (">", .greater), ("=", .equal)] where trimmed.hasPrefix(prefix) {
            return (comparator, String(trimmed.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces))
        }
        return (nil, trimmed)
    }
}

/// One criterion value, parsed for its field's type.
enum CompiledValue: Sendable {
    case string(StringMatcher)
    case boolean(Bool)
    /// Numbers, days, severity ranks, grade ranks, RBAC ranks against the fact's prepared number.
    case compare(Comparator, Double)
    /// Normalised enumeration value against the fact's normalised form.
    case enumeration(String)
    /// `key=value`, `name=version`, `INSTRUCTION=regex`, `SOURCE=NAME=VALUE`: each part nil = any.
    case parts([StringMatcher?])
}

/// How a field's facts are prepared for matching (number and normalised key per value).
enum FactPreparation {
    /// The number a fact stands for (NaN when none).
    static func number(_ fact: String, kind: EngineColumns.Preparation) -> Double {
        switch kind {
        case .number:
            return Double(fact) ?? Double(fact.trimmingCharacters(in: .whitespaces)) ?? .nan
        case .boolean:
            if fact == "true" { return 1 }
            if fact == "false" { return 0 }
            switch fact.lowercased() {
            case "true": return 1
            case "false": return 0
            default: return .nan
            }
        case .severity: return VulnerabilitySeverityRank.rank(fact) ?? .nan
        case .freshness: return FreshnessGradeRank.rank(fact) ?? .nan
        case .rbac: return RBACLevel.rank(fact) ?? .nan
        case .none, .key: return .nan
        }
    }

    /// The normalised key of an enumeration fact (capabilities lose `CAP_`).
    static func enumerationKey(_ text: String) -> String {
        var key = normalizedKeyword(text)
        if key.hasPrefix("cap"), key.count > 3, !capabilityKeys.contains(key) {
            key.removeFirst(3)
        }
        return key
    }

    private static let capabilityKeys = Set(PolicyFieldCatalog.capabilities.map(normalizedKeyword))
}
