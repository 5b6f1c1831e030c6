public import Foundation

/// Helpers that format composite fact values the way the evaluator reads them.
public enum PolicyFacts {
    /// `key=value` (labels, annotations, image labels, `Image Component`).
    public static func keyValue(_ key: String, _ value: String) -> String { "\(key)=\(value)" }

    /// `name=version` for `Image Component`.
    public static func component(name: String, version: String) -> String { "\(name)=\(version)" }

    /// `SOURCE=NAME=VALUE` for `Environment Variable`; `source` is one of RAW, SECRET_KEY,
    /// CONFIG_MAP_KEY, FIELD, RESOURCE_FIELD, UNKNOWN.
    public static func environmentVariable(source: String = "RAW", name: String, value: String = "") -> String {
        "\(source.uppercased())=\(name)=\(value)"
    }

    /// Each label of a map as `key=value`, sorted by key.
    public static func keyValues(_ map: [String: String]) -> [String] {
        map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    /// `true` / `false`.
    public static func bool(_ value: Bool) -> String { value ? "true" : "false" }

    /// Whole days from `date` to `now` (never negative), for the `days` fields.
    public static func days(since date: Date, now: Date) -> String {
        String(max(0, Int(now.timeIntervalSince(date) / 86_400)))
    }

    /// A number without trailing zeros (`9.8`, `7`).
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `INSTRUCTION=arguments` for `Dockerfile Line`, from an image history entry's `created_by`:
    /// `/bin/sh -c #(nop) ADD file:… in /` → `ADD=file:… in /`;
    /// `/bin/sh -c apt-get update` → `RUN=/bin/sh -c apt-get update`;
    /// BuildKit's `RUN /bin/sh -c apt-get update # buildkit` → `RUN=/bin/sh -c apt-get update`.
    public static func dockerfileLine(fromHistory createdBy: String) -> String {
        var text = createdBy.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasSuffix("# buildkit") {
            text = String(text.dropLast("# buildkit".count)).trimmingCharacters(in: .whitespaces)
        }
        if let range = text.range(of: "#(nop)") {
            text = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            return split(instructionLine: text) ?? "RUN=\(text)"
        }
        if let split = split(instructionLine: text) { return split }
        return "RUN=\(text)"
    }

    /// `RUN apt-get update` → `RUN=apt-get update` when the first word is an instruction.
    static func split(instructionLine text: String) -> String? {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let first = parts.first, DockerfileInstruction.names.contains(first.uppercased()) else { return nil }
        let rest = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        return "\(first.uppercased())=\(rest)"
    }
}
