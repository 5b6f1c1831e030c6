/// Credentials in ENV and ARG, which end up in the image config and history for anyone who can pull.
extension ImageConfigChecks {
    /// Name fragments that mark a credential.
    static let secretMarkers = ["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "API_KEY", "PRIVATE_KEY",
                                "PRIVATEKEY", "ACCESS_KEY", "ACCESSKEY", "CREDENTIAL", "AUTH_KEY", "CLIENT_SECRET"]
    /// Suffixes that mark a reference to a secret rather than the secret (`PASSWORD_FILE=/run/secrets/db`).
    static let secretReferenceSuffixes = ["_FILE", "_PATH", "_DIR", "_URL", "_HOST", "_PORT", "_USER", "_USERNAME", "_NAME",
                                          "_ENABLED", "_LENGTH", "_TTL", "_TIMEOUT", "_TYPE", "_VERSION", "_ENDPOINT", "_HEADER"]
    static let notSecretNames: Set<String> = ["PWD", "GPG_KEY", "GPG_KEYS"]
    static let booleanWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "none", "null"]

    /// Whether an ENV/ARG name says it holds a credential.
    static func isSecretName(_ name: String) -> Bool {
        let upper = String(name.uppercased().map { $0 == "-" || $0 == "." ? "_" : $0 })
        guard !notSecretNames.contains(upper), !secretReferenceSuffixes.contains(where: { upper.hasSuffix($0) }) else { return false }
        return secretMarkers.contains { upper.contains($0) } || upper.hasSuffix("_PASS") || upper.hasSuffix("_PWD")
    }

    /// Whether a value is a literal worth reporting: non-empty, not only `$VAR`, not a boolean word.
    static func isLiteralSecretValue(_ value: String) -> Bool {
        let v = value.trimmingBlanks()
        return !v.isEmpty && !DockerfileWords.isOnlyVariableReference(String(v)) && !booleanWords.contains(v.lowercased())
    }

    /// "N characters", never the value.
    static func masked(_ value: String) -> String { "a literal value (\(value.count) characters, not shown)" }

    static let secrets: [ImageConfigCheck] = [
        ImageConfigCheck(
            id: "PAL-IMG-003", title: "Secret in ENV or ARG", category: "Secrets", severity: .high,
            description: "An environment variable or build argument whose name marks a credential (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, …) is given a literal value. ENV values are in the image config; ARG values used by a RUN are recorded in the history (\"|1 TOKEN=… /bin/sh -c …\"); anyone who can pull the image can read both.",
            remediation: "Pass secrets at run time (orchestrator secrets, mounted files) and at build time with RUN --mount=type=secret; never as ENV or ARG defaults. Rotate any credential that was committed.",
            cis: ["4.10"], hadolint: ["DL3064"], dockle: ["CIS-DI-0010"], other: ["trivy:DS031", "buildkit:SecretsUsedInArgOrEnv"],
            image: { input in
                var out: [ImageConfigViolation] = []
                var reported: Set<String> = []
                for entry in input.facts.environment {
                    let (name, value) = splitAssignment(entry)
                    guard isSecretName(name), isLiteralSecretValue(value) else { continue }
                    reported.insert("\(name)=\(value)")
                    out.append(ImageConfigViolation(.config("Env"), "config Env sets \(name) to \(masked(value))"))
                }
                for (index, command) in input.historyCommands {
                    var pairs: [(String, String)] = command.buildArguments.map { ($0.name, $0.value) }
                    if command.keyword == "ENV" || command.keyword == "ARG" {
                        pairs += DockerfileWords.keyValuePairs(command.arguments, escape: "\\", legacyForm: command.keyword == "ENV")
                            .compactMap { pair in pair.value.map { (pair.key, $0) } }
                    }
                    for (name, value) in pairs where isSecretName(name) && isLiteralSecretValue(value) {
                        guard reported.insert("\(name)=\(value)").inserted else { continue }
                        let what = command.keyword == "RUN" ? "a RUN step records build argument" : "\(command.keyword ?? "a step") sets"
                        out.append(ImageConfigViolation(.history(index), "history: \(what) \(name) to \(masked(value))"))
                    }
                }
                return out
            },
            dockerfile: { input in
                input.allInstructions.flatMap { _, instruction -> [ImageConfigViolation] in
                    guard instruction.keyword == "ENV" || instruction.keyword == "ARG" else { return [] }
                    let pairs = DockerfileWords.keyValuePairs(instruction.arguments, escape: input.escape, legacyForm: instruction.keyword == "ENV")
                    return pairs.compactMap { pair in
                        guard let value = pair.value, isSecretName(pair.key), isLiteralSecretValue(value) else { return nil }
                        return ImageConfigViolation(input.location(instruction), "\(instruction.keyword) sets \(pair.key) to \(masked(value))",
                                                    equivalents: ["DL3064"])
                    }
                }
            }),
    ]

    /// `NAME=value` → (NAME, value); no `=` → (text, "").
    static func splitAssignment(_ entry: String) -> (String, String) {
        guard let equals = entry.firstIndex(of: "=") else { return (entry, "") }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }
}
