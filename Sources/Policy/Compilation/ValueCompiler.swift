import Foundation

/// Parses one criterion value for its field's type (docs/policy-format.md, "Values").
enum ValueCompiler {
    struct Failure: Error {
        var message: String
        var suggestion: String?
    }

    static func compile(_ raw: String, for metadata: PolicyFieldMetadata) -> Result<CompiledValue, Failure> {
        let value = raw.trimmingCharacters(in: .whitespaces)
        let type = metadata.valueType
        if value.isEmpty { return .failure(Failure(message: "empty value (\(type.name) expected)")) }
        switch type.kind {
        case .string:
            // StackRox treats `Fixed By: .*` as "has a fix" (`.+`).
            let pattern = metadata.field == .fixedBy && value == ".*" ? ".+" : raw
            return matcher(pattern, contains: metadata.containsMatch, literal: metadata.literalMatch).map { .string($0) }
        case .boolean:
            switch value.lowercased() {
            case "true": return .success(.boolean(true))
            case "false": return .success(.boolean(false))
            case "yes", "on", "1": return .failure(Failure(message: "'\(value)' is not a boolean", suggestion: "true"))
            case "no", "off", "0": return .failure(Failure(message: "'\(value)' is not a boolean", suggestion: "false"))
            default: return .failure(Failure(message: "'\(value)' is not a boolean (true or false)"))
            }
        case .number:
            let (comparator, number) = Comparator.split(value)
            guard let parsed = Double(number), parsed.isFinite else {
                return .failure(Failure(message: "'\(value)' is not a number with an optional comparator (<, <=, >, >=, =), e.g. '>= 7'"))
            }
            return .success(.compare(comparator ?? .equal, parsed))
        case .days:
            let (comparator, number) = Comparator.split(value)
            guard let parsed = Int(number), parsed >= 0 else {
                return .failure(Failure(message: "'\(value)' is not a number of days (e.g. '90', meaning at least 90 days)"))
            }
            return .success(.compare(comparator ?? .greaterOrEqual, Double(parsed)))
        case .severity, .freshnessGrade:
            let (comparator, name) = Comparator.split(value)
            let rank = type.kind == .severity ? VulnerabilitySeverityRank.rank(name) : FreshnessGradeRank.rank(name)
            guard let rank else {
                let suggestion = Suggestions.best(for: name, in: type.allowedValues + (type.kind == .severity ? ["MEDIUM", "HIGH"] : []))
                return .failure(Failure(
                    message: "'\(value)' is not a \(type.name) (\(type.allowedValues.joined(separator: ", ")) with an optional comparator)",
                    suggestion: suggestion.map { (comparator.map { $0.rawValue + " " } ?? "") + $0 }))
            }
            return .success(.compare(comparator ?? .equal, rank))
        case .rbacLevel:
            let (comparator, name) = Comparator.split(value)
            if comparator != nil {
                return .failure(Failure(message: "'\(value)': \(metadata.field.name) takes a level without a comparator (it matches that level or higher)",
                                        suggestion: name))
            }
            guard let rank = RBACLevel.rank(name) else {
                return .failure(Failure(message: "'\(value)' is not an RBAC level (\(type.allowedValues.joined(separator: ", ")))",
                                        suggestion: Suggestions.best(for: name, in: type.allowedValues)))
            }
            return .success(.compare(.greaterOrEqual, rank))
        case .enumeration:
            let key = FactPreparation.enumerationKey(value)
            guard type.allowedValues.contains(where: { FactPreparation.enumerationKey($0) == key }) else {
                return .failure(Failure(message: "'\(value)' is not one of \(type.allowedValues.joined(separator: ", "))",
                                        suggestion: Suggestions.best(for: value, in: type.allowedValues)))
            }
            return .success(.enumeration(key))
        case .keyValue:
            guard let equals = raw.firstIndex(of: "=") else {
                return .failure(Failure(message: "'\(value)' is not 'key=value' (either side may be empty, both are regular expressions)",
                                        suggestion: "\(value)="))
            }
            return parts([String(raw[..<equals]), String(raw[raw.index(after: equals)...])])
        case .dockerfileLine:
            guard let equals = raw.firstIndex(of: "=") else {
                return .failure(Failure(message: "'\(value)' is not 'INSTRUCTION=regex' (e.g. 'RUN=.*curl.*')",
                                        suggestion: "RUN=\(value)"))
            }
            let instruction = raw[..<equals].trimmingCharacters(in: .whitespaces)
            if !instruction.isEmpty, !DockerfileInstruction.names.contains(instruction.uppercased()) {
                return .failure(Failure(message: "'\(instruction)' is not a Dockerfile instruction",
                                        suggestion: Suggestions.best(for: instruction, in: DockerfileInstruction.names)
                                            .map { "\($0)=\(raw[raw.index(after: equals)...])" }))
            }
            return parts([instruction, String(raw[raw.index(after: equals)...])])
        case .environmentVariable:
            let split = raw.split(separator: "=", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard split.count == 3 else {
                return .failure(Failure(message: "'\(value)' is not 'SOURCE=NAME=VALUE' (each part optional, e.g. 'RAW=.*SECRET.*=')",
                                        suggestion: split.count == 2 ? "RAW=\(raw)" : "RAW=\(raw)="))
            }
            let source = split[0].trimmingCharacters(in: .whitespaces)
            if !source.isEmpty, !EnvironmentSource.names.contains(source.uppercased()) {
                return .failure(Failure(message: "'\(source)' is not an environment variable source (\(EnvironmentSource.names.joined(separator: ", ")))",
                                        suggestion: Suggestions.best(for: source, in: EnvironmentSource.names)
                                            .map { "\($0)=\(split[1])=\(split[2])" }))
            }
            return parts([source, split[1], split[2]])
        }
    }

    private static func matcher(_ pattern: String, contains: Bool = false, literal: Bool = false) -> Result<StringMatcher, Failure> {
        do {
            return .success(try StringMatcher(pattern, contains: contains, literal: literal))
        } catch {
            return .failure(Failure(message: "regular expression '\(error.pattern)' does not compile: \(error.reason)"))
        }
    }

    private static func parts(_ texts: [String]) -> Result<CompiledValue, Failure> {
        var matchers: [StringMatcher?] = []
        for text in texts {
            if text.isEmpty {
                matchers.append(nil)
                continue
            }
            switch matcher(text) {
            case .success(let compiled): matchers.append(compiled)
            case .failure(let failure): return .failure(failure)
            }
        }
        return .success(.parts(matchers))
    }
}
