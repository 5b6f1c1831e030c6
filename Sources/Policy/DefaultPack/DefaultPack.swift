/// The built-in default pack: Palisade equivalents of StackRox's default policies for the build and
/// deploy stages, converted by ``ACSImporter`` and embedded as YAML (DefaultPolicies.swift,
/// generated; see docs/policy-format.md, "Default pack"). Users override a default by reusing its
/// id, or disable it with a document holding only `id:` and `enabled: false`.
public enum DefaultPolicies {
    /// The default policies, in pack order.
    public static var policies: [Policy] { loaded.policies }

    /// Problems loading the pack (a test keeps this empty).
    public static var problems: [PolicyProblem] { loaded.problems }

    /// The embedded YAML, one document per policy, with the file name each came from.
    public static var documents: [(name: String, yaml: String)] { files }

    private static let loaded: PolicyLoadResult = {
        var result = PolicyLoadResult()
        for file in files {
            let one = PolicyLoader.load(text: file.yaml, file: "default-pack/\(file.name)")
            result.policies += one.policies
            result.problems += one.problems
        }
        return result
    }()
}
