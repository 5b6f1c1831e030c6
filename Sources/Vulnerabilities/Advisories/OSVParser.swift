public import Foundation
import Yams

/// An advisory file that could not be read as what it claims to be.
public struct AdvisoryFormatError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var reason: String
    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }
    public var description: String { "\(source): \(reason)" }
}

/// Reads OSV records (JSON or YAML) into ``Advisory``. Tolerant of unknown fields, strict about the
/// ones matching depends on: a record without `id`, or with malformed `affected`, is an error.
public enum OSVParser {
    /// Largest single advisory file accepted (the largest real OSV record is well under 1 MiB).
    public static let maxRecordBytes = 8 << 20

    public static func parse(json data: Data, source: String) throws(AdvisoryFormatError) -> Advisory {
        guard data.count <= maxRecordBytes else {
            throw AdvisoryFormatError(source: source, reason: "record is \(data.count) bytes, more than the \(maxRecordBytes) allowed")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw AdvisoryFormatError(source: source, reason: "not valid JSON")
        }
        return try parse(object: object, source: source)
    }

    public static func parse(yaml data: Data, source: String) throws(AdvisoryFormatError) -> Advisory {
        guard data.count <= maxRecordBytes else {
            throw AdvisoryFormatError(source: source, reason: "record is \(data.count) bytes, more than the \(maxRecordBytes) allowed")
        }
        let object: Any?
        do {
            object = try YAMLLimits.load(data, source: source)
        } catch let error as AdvisoryFormatError {
            throw error
        } catch {
            throw AdvisoryFormatError(source: source, reason: "not valid YAML")
        }
        guard let object else { throw AdvisoryFormatError(source: source, reason: "empty YAML document") }
        return try parse(object: object, source: source)
    }

    public static func parse(object: Any, source: String) throws(AdvisoryFormatError) -> Advisory {
        func fail(_ reason: String) -> AdvisoryFormatError { AdvisoryFormatError(source: source, reason: reason) }
        guard let dict = object as? [String: Any] else { throw fail("an OSV record must be an object") }
        guard let id = dict["id"] as? String, !id.isEmpty else { throw fail("missing \"id\"") }
        var advisory = Advisory(id: id)
        advisory.aliases = strings(dict["aliases"]).filter { $0 != id }
        // OSV's `upstream` (DEBIAN-CVE-…, UBUNTU-CVE-… records): one upstream id is the same vulnerability.
        let upstream = strings(dict["upstream"])
        if upstream.count == 1, upstream[0] != id, !advisory.aliases.contains(upstream[0]) { advisory.aliases.append(upstream[0]) }
        advisory.summary = dict["summary"] as? String
        if let details = dict["details"] as? String {
            // Keep the database small: matching never needs the full prose.
            advisory.details = details.count > 2000 ? String(details.prefix(2000)) + "…" : details
        }
        advisory.published = date(dict["published"])
        advisory.modified = date(dict["modified"])
        advisory.withdrawn = date(dict["withdrawn"])
        advisory.severity = severities(dict["severity"])
        if let refs = dict["references"] as? [Any] {
            advisory.references = refs.compactMap { item in
                guard let r = item as? [String: Any], let url = r["url"] as? String else { return nil }
                return Reference(type: (r["type"] as? String) ?? "WEB", url: url)
            }
        }
        if let db = dict["database_specific"] as? [String: Any], let rating = db["severity"] as? String {
            advisory.rating = rating
        }
        if let affected = dict["affected"] {
            guard let list = affected as? [Any] else { throw fail("\"affected\" must be a list") }
            for (index, item) in list.enumerated() {
                guard let a = item as? [String: Any] else { throw fail("affected[\(index)] must be an object") }
                guard let package = a["package"] as? [String: Any] else { continue }  // GIT-only entries
                guard let ecosystem = package["ecosystem"] as? String, let name = package["name"] as? String else {
                    throw fail("affected[\(index)].package needs \"ecosystem\" and \"name\"")
                }
                var entry = AffectedPackage(ecosystem: ecosystem, name: name, purl: package["purl"] as? String)
                entry.versions = strings(a["versions"])
                entry.severity = severities(a["severity"])
                if let eco = a["ecosystem_specific"] as? [String: Any] {
                    entry.rating = (eco["severity"] as? String) ?? (eco["urgency"] as? String)
                }
                if let db = a["database_specific"] as? [String: Any], entry.rating == nil {
                    entry.rating = db["severity"] as? String
                }
                if let ranges = a["ranges"] {
                    guard let rlist = ranges as? [Any] else { throw fail("affected[\(index)].ranges must be a list") }
                    for (ri, r) in rlist.enumerated() {
                        guard let range = r as? [String: Any], let type = range["type"] as? String,
                              let events = range["events"] as? [Any] else {
                            throw fail("affected[\(index)].ranges[\(ri)] needs \"type\" and \"events\"")
                        }
                        var parsed: [RangeEvent] = []
                        for e in events {
                            guard let event = e as? [String: Any], event.count >= 1 else {
                                throw fail("affected[\(index)].ranges[\(ri)] has a malformed event")
                            }
                            if let v = scalar(event["introduced"]) { parsed.append(RangeEvent(.introduced, v)) }
                            else if let v = scalar(event["fixed"]) { parsed.append(RangeEvent(.fixed, v)) }
                            else if let v = scalar(event["last_affected"]) { parsed.append(RangeEvent(.lastAffected, v)) }
                            else if let v = scalar(event["limit"]) { parsed.append(RangeEvent(.limit, v)) }
                            else { throw fail("affected[\(index)].ranges[\(ri)] has an event that is none of introduced, fixed, last_affected, limit") }
                        }
                        entry.ranges.append(VersionRange(type: type, events: parsed))
                    }
                }
                advisory.affected.append(entry)
            }
        }
        return advisory
    }

    static func strings(_ value: Any?) -> [String] {
        guard let list = value as? [Any] else { return [] }
        return list.compactMap { scalar($0) }
    }

    /// YAML turns `1.0` into a number; OSV versions are strings.
    static func scalar(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let i as Int: return String(i)
        case let d as Double: return String(d)
        default: return nil
        }
    }

    static func severities(_ value: Any?) -> [SeverityEntry] {
        guard let list = value as? [Any] else { return [] }
        return list.compactMap { item in
            guard let s = item as? [String: Any], let type = s["type"] as? String, let score = scalar(s["score"]) else { return nil }
            return SeverityEntry(type: type, score: score)
        }
    }

    static func date(_ value: Any?) -> Date? {
        if let d = value as? Date { return d }
        guard let s = value as? String, let date = RFC3339.parse(s) else { return nil }
        // Go's zero time (0001-01-01) and the like mean "unknown".
        return date.timeIntervalSince1970 > 0 ? date : nil
    }
}

/// RFC 3339 timestamps as OSV writes them (`2021-04-14T20:04:52Z`, fractional seconds, offsets, or a bare date).
public enum RFC3339 {
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let year = num(0, 4), b.count >= 10, b[4] == 45, let month = num(5, 2), b[7] == 45, let day = num(8, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0, fraction = 0.0, offset = 0
        if b.count > 10 {
            guard b[10] == 84 || b[10] == 116 || b[10] == 32, let h = num(11, 2), b.count > 13, b[13] == 58,
                  let m = num(14, 2), b.count > 16, b[16] == 58, let s = num(17, 2) else { return nil }
            hour = h; minute = m; second = s
            var i = 19
            if i < b.count, b[i] == 46 {
                i += 1
                var scale = 0.1
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    fraction += Double(b[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
            }
            if i < b.count {
                if b[i] == 90 || b[i] == 122 {
                    i += 1
                } else if b[i] == 43 || b[i] == 45, let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = num(i + 4, 2) {
                    offset = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
                    i += 6
                } else {
                    return nil
                }
            }
            guard i == b.count else { return nil }
        }
        // Days from civil (Howard Hinnant's algorithm), no calendar objects needed.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    public static func format(_ date: Date) -> String {
        var seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        seconds -= days * 86400
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-\(two(month))-\(two(day))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))Z"
    }
}

/// YAML with the limits hostile input needs: bounded size, and a node budget while turning the composed
/// tree into values, so alias bombs ("billion laughs") stop early instead of expanding. Every scalar stays
/// a string (`1.10` is a version, not the number 1.1); mappings become `[String: Any]`.
enum YAMLLimits {
    static let maxNodes = 2_000_000

    static func load(_ data: Data, source: String) throws -> Any? {
        let text = String(decoding: data, as: UTF8.self)
        guard let node = try Yams.compose(yaml: text, .basic) else { return nil }
        var budget = maxNodes
        return try convert(node, budget: &budget, source: source)
    }

    static func convert(_ node: Node, budget: inout Int, source: String) throws -> Any {
        budget -= 1
        guard budget >= 0 else {
            throw AdvisoryFormatError(source: source, reason: "YAML expands to more than \(maxNodes) nodes (refusing a possible alias bomb)")
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && (scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty) { return NSNull() }
            return scalar.string
        case .mapping(let mapping):
            var out: [String: Any] = [:]
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    throw AdvisoryFormatError(source: source, reason: "line \((key.mark?.line).map(String.init) ?? "?"): mapping keys must be scalars")
                }
                out[name] = try convert(value, budget: &budget, source: source)
            }
            return out
        case .sequence(let sequence):
            var out: [Any] = []
            out.reserveCapacity(sequence.count)
            for item in sequence { out.append(try convert(item, budget: &budget, source: source)) }
            return out
        case .alias:
            throw AdvisoryFormatError(source: source, reason: "unresolved YAML alias")
        }
    }
}
