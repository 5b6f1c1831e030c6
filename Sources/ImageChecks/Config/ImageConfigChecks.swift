/// The registry of image-misconfiguration checks: one explicit list (house style, rule 6), and the entry
/// points that run it on an image's facts or on a Dockerfile.
public enum ImageConfigChecks {
    /// Every check, in id order. A test asserts the ids are unique and stable.
    public static let all: [ImageConfigCheck] = (user + secrets + supplyChain + filesystem + size + hygiene).sorted { $0.id < $1.id }

    /// The check with this id.
    /// - Parameter id: A check id such as `PAL-IMG-001`.
    public static func check(id: String) -> ImageConfigCheck? { byID[id] }

    static let byID: [String: ImageConfigCheck] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    /// Runs every enabled image-scope check on an image's facts.
    /// - Parameters:
    ///   - facts: What the caller collected from the image.
    ///   - configuration: Thresholds and disabled checks.
    /// - Returns: The findings, sorted.
    public static func evaluate(_ facts: ImageFacts, configuration: Configuration = .init()) -> [ImageConfigFinding] {
        let input = ImageCheckInput(facts: facts, configuration: configuration)
        return all.filter { configuration.isEnabled($0) }
            .flatMap { check in check.imageEvaluator.map { $0(input).map(check.finding) } ?? [] }
            .filter { $0.severity >= configuration.minimumSeverity }
            .sorted()
    }

    /// Runs every enabled Dockerfile-scope check on a parsed Dockerfile, honouring `# palisade ignore=ID[,ID]`
    /// and `# hadolint ignore=DLxxxx[,…]` comments on the line(s) right above an instruction.
    /// - Parameters:
    ///   - dockerfile: The parsed file.
    ///   - configuration: Thresholds and disabled checks.
    /// - Returns: The findings, sorted (by line, then severity).
    public static func evaluate(_ dockerfile: Dockerfile, configuration: Configuration = .init()) -> [ImageConfigFinding] {
        let input = DockerfileCheckInput(dockerfile: dockerfile, configuration: configuration)
        var ignored: [Int: Set<String>] = [:]
        for instruction in dockerfile.instructions {
            for comment in instruction.comments {
                let ids = ignoredIDs(in: comment)
                if !ids.isEmpty { ignored[instruction.line, default: []].formUnion(ids) }
            }
        }
        return all.filter { configuration.isEnabled($0) }
            .flatMap { $0.evaluate(input) }
            .filter { finding in
                guard finding.severity >= configuration.minimumSeverity else { return false }
                guard let line = finding.location.line, let ids = ignored[line] else { return true }
                let byHadolintCode = !finding.equivalents.isEmpty && finding.equivalents.allSatisfy(ids.contains)
                return !ids.contains(finding.checkID) && !byHadolintCode
            }
            .sorted()
    }

    /// `palisade ignore=PAL-IMG-001,PAL-IMG-016` → the ids; `hadolint ignore=DL3008` → the hadolint codes, which
    /// suppress findings whose equivalents are all ignored (so existing hadolint pragmas keep working).
    static func ignoredIDs(in comment: String) -> Set<String> {
        let words = comment.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let tool = words.first, tool == "palisade" || tool == "hadolint", words.count >= 2, words[1].hasPrefix("ignore=") else { return [] }
        return Set(words[1].dropFirst("ignore=".count).split(separator: ",").map { String($0) })
    }
}
