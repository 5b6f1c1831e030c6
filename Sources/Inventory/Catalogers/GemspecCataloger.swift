import Foundation

/// Installed Ruby gems: the specifications RubyGems writes on install
/// (`.../specifications/NAME-VERSION.gemspec`, and `specifications/default/` for default gems).
///
/// These are generated Ruby, one assignment a line: `s.name = "rake".freeze`,
/// `s.version = "13.0.6"` (or `Gem::Version.new("13.0.6")`), `s.licenses = ["MIT".freeze]`
/// (or `s.license = "MIT"`); strings may also be `'...'` or `%q{...}` (old RubyGems). The file is
/// read, never evaluated.
public struct GemspecCataloger: Cataloger {
    public let id = "gem-installed"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        path.hasSuffix(".gemspec") && path.contains("/specifications/") && size < 4 << 20
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        var name: String?
        var version: String?
        var licenses: [String]?
        for line in LockFiles.lines(try LockFiles.text(file, format: "gemspec")) {
            guard let assigned = Self.assignment(line) else { continue }
            switch assigned.attribute {
            case "name" where name == nil: name = Self.strings(assigned.value).first
            case "version" where version == nil: version = Self.strings(assigned.value).first
            case "licenses" where licenses == nil, "license" where licenses == nil: licenses = Self.strings(assigned.value)
            default: break
            }
        }
        guard let name, !name.isEmpty else { throw CatalogError("gemspec has no name") }
        guard let version, !version.isEmpty else { throw CatalogError("gemspec of \(name) has no version") }
        let declared = (licenses ?? []).map(Licenses.normalize).filter { !$0.isEmpty }
        return CatalogOutput(packages: [Package(type: .gem, name: name, version: version, licenses: declared, path: file.path, foundBy: id)])
    }

    /// `VAR.ATTRIBUTE = VALUE` → `(ATTRIBUTE, VALUE)`; nil for other lines (comparisons included).
    static func assignment(_ line: Substring) -> (attribute: String, value: Substring)? {
        let t = line.drop { $0 == " " || $0 == "\t" }
        guard let dot = t.firstIndex(of: "."), !t[..<dot].isEmpty,
              t[..<dot].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        let rest = t[t.index(after: dot)...]
        guard let equals = rest.firstIndex(of: "=") else { return nil }
        let attribute = rest[..<equals].trimmingCharacters(in: .whitespaces)
        let value = rest[rest.index(after: equals)...]
        guard !attribute.isEmpty, attribute.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
              !value.hasPrefix("="), !value.hasPrefix("~") else { return nil }
        return (attribute: attribute, value: value)
    }

    /// The string literals in a Ruby expression: `"..."`, `'...'`, `%q{...}`, `%q<...>`, `%q(...)`, `%q[...]`.
    static func strings(_ expression: Substring) -> [String] {
        var out: [String] = []
        var i = expression.startIndex
        func read(until close: Character, from start: String.Index) -> String.Index {
            var j = start
            var text = ""
            while j < expression.endIndex, expression[j] != close {
                if expression[j] == "\\", expression.index(after: j) < expression.endIndex {
                    j = expression.index(after: j)
                }
                text.append(expression[j])
                j = expression.index(after: j)
            }
            out.append(text)
            return j < expression.endIndex ? expression.index(after: j) : j
        }
        while i < expression.endIndex {
            let c = expression[i]
            if c == "\"" || c == "'" {
                i = read(until: c, from: expression.index(after: i))
            } else if c == "%", expression[i...].hasPrefix("%q") || expression[i...].hasPrefix("%Q") {
                let open = expression.index(i, offsetBy: 2)
                guard open < expression.endIndex else { break }
                let pairs: [Character: Character] = ["{": "}", "<": ">", "(": ")", "[": "]"]
                let delimiter = expression[open]
                i = read(until: pairs[delimiter] ?? delimiter, from: expression.index(after: open))
            } else if c == "#" {
                break
            } else {
                i = expression.index(after: i)
            }
        }
        return out
    }
}
