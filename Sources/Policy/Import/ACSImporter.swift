public import Foundation

/// Converts StackRox / Red Hat ACS policy JSON into Palisade policies.
///
/// Everything that has a Palisade meaning is carried over (id, texts, severity, categories,
/// stages, event source, scope, exclusions with expiry, enforcement per stage, disabled, MITRE
/// vectors, every criterion with its values, operator and negation). Values keep StackRox's syntax,
/// which is Palisade's (`>= 7`, `ADD=.*`, `owner=.*`, `RAW=NAME=`), with two normalisations:
/// StackRox's `r/` regex prefix is dropped (Palisade values are always regular expressions) and
/// decimals lose trailing zeros (`7.000000` → `7`). A criterion Palisade cannot evaluate is kept,
/// marked `unsupported` (its section never matches), and reported in an ``ImportNote``.
public enum ACSImporter {
    /// Converts one StackRox policy.
    /// - Parameters:
    ///   - json: the policy JSON (one policy, or a `{"policies": [...]}` export holding exactly one).
    ///   - fileName: the file name for notes.
    /// - Returns: the policy and the notes.
    /// - Throws: ``PolicyError`` `.invalidImport` when the JSON is not a StackRox policy.
    public static func convert(json: Data, fileName: String) throws(PolicyError) -> (Policy, [ImportNote]) {
        let all = try convertAll(json: json, fileName: fileName)
        guard all.count == 1, let first = all.first else {
            throw PolicyError(.invalidImport, "\(fileName): expected one policy, found \(all.count)")
        }
        return first
    }

    /// Converts every policy of a StackRox JSON document (one policy, or a `roxctl` export
    /// `{"policies": [...]}`).
    /// - Parameters:
    ///   - json: the JSON.
    ///   - fileName: the file name for notes.
    /// - Returns: each policy with its notes.
    /// - Throws: ``PolicyError`` `.invalidImport` when the JSON is not StackRox policy JSON.
    public static func convertAll(json: Data, fileName: String) throws(PolicyError) -> [(Policy, [ImportNote])] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json)
        } catch {
            throw PolicyError(.invalidImport, "\(fileName): not JSON: \(error.localizedDescription)")
        }
        let items: [[String: Any]]
        if let dictionary = object as? [String: Any], let policies = dictionary["policies"] as? [[String: Any]] {
            items = policies
        } else if let dictionary = object as? [String: Any] {
            items = [dictionary]
        } else if let array = object as? [[String: Any]] {
            items = array
        } else {
            throw PolicyError(.invalidImport, "\(fileName): expected a StackRox policy object")
        }
        var results: [(Policy, [ImportNote])] = []
        for item in items {
            let decoded: ACSPolicyJSON
            do {
                let data = try JSONSerialization.data(withJSONObject: item)
                decoded = try JSONDecoder().decode(ACSPolicyJSON.self, from: data)
            } catch {
                throw PolicyError(.invalidImport, "\(fileName): not a StackRox policy: \(error)")
            }
            if decoded.policySections == nil, item["fields"] != nil {
                throw PolicyError(.invalidImport,
                                  "\(fileName): policy '\(decoded.name ?? "?")' uses StackRox's pre-3.66 `fields` format; re-export it from a current StackRox")
            }
            var converter = Converter(file: fileName, source: decoded)
            for key in item.keys.sorted() where !ACSPolicyJSON.knownKeys.contains(key) {
                converter.note(.ignored, "StackRox key '\(key)' has no Palisade equivalent and is ignored")
            }
            results.append(converter.convert())
        }
        return results
    }

    /// Converts a StackRox JSON file, or every `*.json` file in a directory (sorted).
    /// - Parameter url: a file or directory.
    /// - Returns: per file: the converted policies with notes, or the error.
    public static func convert(contentsOf url: URL) -> [ACSImportResult] {
        var files: [URL] = []
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            files = names.filter { $0.lowercased().hasSuffix(".json") }.sorted().map { url.appendingPathComponent($0) }
        } else {
            files = [url]
        }
        return files.map { file in
            do {
                let data = try Data(contentsOf: file)
                let converted = try convertAll(json: data, fileName: file.lastPathComponent)
                return ACSImportResult(file: file.path, policies: converted.map(\.0), notes: converted.flatMap(\.1), error: nil)
            } catch let error as PolicyError {
                return ACSImportResult(file: file.path, policies: [], notes: [], error: error)
            } catch {
                return ACSImportResult(file: file.path, policies: [], notes: [],
                                       error: PolicyError(.io, "cannot read \(file.path): \(error.localizedDescription)"))
            }
        }
    }
}

/// The outcome of importing one StackRox file.
public struct ACSImportResult: Sendable {
    /// The file.
    public var file: String
    /// The converted policies.
    public var policies: [Policy]
    /// Notes for every policy of the file.
    public var notes: [ImportNote]
    /// Why the file could not be imported, if it could not.
    public var error: PolicyError?
}
