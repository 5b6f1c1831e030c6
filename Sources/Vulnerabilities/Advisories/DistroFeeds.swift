import Foundation

// Converters from the distributions' own security data to the OSV-shaped ``Advisory``:
//
// - ``DebianSecurityList``: the security tracker's `data/DSA/list` and `data/DLA/list` text files.
// - ``DebianTrackerJSON``: the tracker's full JSON dump (`/tracker/data/json`), one record per CVE.
// - ``AlpineSecDB``: Alpine's secdb YAML (`v3.x/main.yaml`, `community.yaml`), as already decoded.
// - ``FeedDetector``: tells these apart (and from OSV) from a file name and its first bytes.
//
// None of these parsers decodes YAML or JSON itself: they take the tree `JSONSerialization` or
// `Yams.load` produce (`[String: Any]`, `[AnyHashable: Any]`, `[Any]`, `String`, `Int`, `Double`,
// `Bool`, `Date`, `NSNull`), so that this file stays free of a YAML dependency.
//
// Every affected package becomes one `ECOSYSTEM` range `introduced "0"` → `fixed <version>` (or no
// `fixed` when the distribution has not fixed it): the distributions only ever say "fixed in X".

// MARK: - Result

/// What one distribution feed converted into, and what had to be left out of it.
public struct DistroImport: Sendable, Hashable {
    /// Sorted by ``Advisory/id``.
    public var advisories: [Advisory]
    /// How many entries or lines were left out: malformed ones, and those for releases Palisade does not
    /// map to a version (`sid`, unknown codenames). Not-affected statements are not counted: they are data.
    public var skipped: Int
    /// Why things were skipped, for a log: at most ``DistroImport/maxWarnings`` lines, then a line
    /// saying how many more there were. Skips for unknown releases are summarised one line per codename.
    public var warnings: [String]

    public static let maxWarnings = 50

    public init(advisories: [Advisory] = [], skipped: Int = 0, warnings: [String] = []) {
        self.advisories = advisories
        self.skipped = skipped
        self.warnings = warnings
    }
}

/// Counts skips and keeps a bounded number of warnings.
struct ImportLog {
    private(set) var skipped = 0
    private var warnings: [String] = []
    private var suppressed = 0
    private var unknownReleases: [String: Int] = [:]

    /// Something was left out.
    mutating func skip(_ message: String) {
        skipped += 1
        warn(message)
    }

    /// A note that does not change the count (something odd that was still used).
    mutating func warn(_ message: String) {
        if warnings.count < DistroImport.maxWarnings {
            warnings.append(message)
        } else {
            suppressed += 1
        }
    }

    /// An entry for a release with no version number (`sid`, `experimental`, a codename not in the table).
    mutating func skipRelease(_ codename: String) {
        skipped += 1
        unknownReleases[codename, default: 0] += 1
    }

    func result(_ advisories: [Advisory]) -> DistroImport {
        var lines = warnings
        for (codename, count) in unknownReleases.sorted(by: { $0.key < $1.key }) {
            lines.append("skipped \(count) entr\(count == 1 ? "y" : "ies") for release '\(codename)' (no Debian version number)")
        }
        if suppressed > 0 { lines.append("… and \(suppressed) more warnings") }
        return DistroImport(advisories: advisories.sorted { $0.id < $1.id }, skipped: skipped, warnings: lines)
    }
}

// MARK: - Debian releases

/// Debian codenames and the release numbers OSV uses in `Debian:<n>` ecosystems.
public enum DebianReleases {
    /// In release order. `sid` (unstable) and `experimental` are deliberately absent: they have no
    /// number, and an image is never built on them in a way a fixed version could describe.
    public static let ordered: [(codename: String, version: String)] = [
        ("buzz", "1.1"), ("rex", "1.2"), ("bo", "1.3"), ("hamm", "2.0"), ("slink", "2.1"),
        ("potato", "2.2"), ("woody", "3.0"), ("sarge", "3.1"), ("etch", "4"), ("lenny", "5"),
        ("squeeze", "6"), ("wheezy", "7"), ("jessie", "8"), ("stretch", "9"), ("buster", "10"),
        ("bullseye", "11"), ("bookworm", "12"), ("trixie", "13"), ("forky", "14"),
    ]

    private static let index: [String: (version: String, order: Int)] = {
        var map: [String: (version: String, order: Int)] = [:]
        for (order, entry) in ordered.enumerated() { map[entry.codename] = (entry.version, order) }
        return map
    }()

    /// `bullseye` → `11`; nil for `sid` and unknown codenames. Case-insensitive.
    public static func version(codename: String) -> String? {
        index[codename.lowercased()]?.version
    }

    /// `bullseye` → `Debian:11`.
    public static func ecosystem(codename: String) -> String? {
        version(codename: codename).map { "Debian:\($0)" }
    }

    static func order(_ codename: String) -> Int { index[codename.lowercased()]?.order ?? Int.max }
}

/// The one range shape every distribution feed produces.
func distroRange(fixed: String?) -> VersionRange {
    var events = [RangeEvent(.introduced, "0")]
    if let fixed { events.append(RangeEvent(.fixed, fixed)) }
    return VersionRange(type: "ECOSYSTEM", events: events)
}

/// Debian version syntax, loosely: `[epoch:]upstream[-revision]`, starting with a digit.
func isPlausibleDebianVersion<S: StringProtocol>(_ version: S) -> Bool {
    guard let first = version.unicodeScalars.first, ("0"..."9").contains(first) else { return false }
    return version.unicodeScalars.allSatisfy { c in
        ("0"..."9").contains(c) || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ".+~:-".unicodeScalars.contains(c)
    }
}

private func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\r" }

private extension Substring {
    var trimmedBlanks: Substring {
        var s = self
        while let c = s.first, isBlank(c) { s.removeFirst() }
        while let c = s.last, isBlank(c) { s.removeLast() }
        return s
    }

    /// The first whitespace-separated word and what follows it (trimmed).
    var firstWord: (word: Substring, rest: Substring) {
        let s = trimmedBlanks
        guard let end = s.firstIndex(where: isBlank) else { return (s, s[s.endIndex...]) }
        return (s[..<end], s[end...].trimmedBlanks)
    }
}

// MARK: - Debian DSA / DLA lists

/// The Debian security tracker's advisory lists, `data/DSA/list` and `data/DLA/list`:
///
/// ```
/// [29 Mar 2023] DSA-5380-1 xorg-server - security update
/// 	{CVE-2023-1393}
/// 	[bullseye] - xorg-server 2:1.20.11-1+deb11u6
/// ```
///
/// One ``Advisory`` per header (id `DSA-5380-1`, `published` the date, `summary` the rest of the line,
/// aliases from `{…}`), one ``AffectedPackage`` per `[release] - package version` line, named after the
/// SOURCE package, in ecosystem `Debian:<n>`. Every advisory with a well-formed header is kept, even
/// one without package lines (announcements such as `DSA-3281-1 … PGP/GPG key change notice`): it never
/// matches anything, but its id resolves.
///
/// The format as found in the tracker (2023 snapshot), which this parser accepts:
/// - headers start in column 0; the rest of an entry is indented with tabs, spaces, or both;
/// - old ids have no revision (`DSA-307`, `DSA-1260`); old summaries have no ` - ` (`DSA-1599-1 dbus`);
/// - versions may be followed by an annotation in parentheses: `(medium)`, `(bug #326976; medium)`;
///   an urgency there becomes ``AffectedPackage/rating``;
/// - markers instead of versions: `<not-affected> (reason)`, `<unfixed>`, `<end-of-life>`, see below;
/// - `NOTE:` lines are comments, even when they look like package lines (`NOTE: [etch] - clamav <end-of-life>`).
public enum DebianSecurityList {
    /// - Parameters:
    ///   - text: the whole list file.
    ///   - source: names the file in warnings and errors.
    ///   - kind: the id prefix the file holds, `DSA` or `DLA`: an entry with another prefix is skipped
    ///     (pass "" to accept any `LETTERS-digits[-digits]` id).
    /// - Throws: when the text has content but not one entry header: it is not such a list.
    public static func parse(_ text: String, source: String, kind: String) throws(AdvisoryFormatError) -> DistroImport {
        var log = ImportLog()
        var advisories: [Advisory] = []
        var current: Advisory?
        var inBadEntry = false
        var sawContent = false
        var headers = 0

        func flush() {
            if let advisory = current { advisories.append(advisory) }
            current = nil
        }

        // Split on `isNewline`, not on "\n": in Swift "\r\n" is ONE Character, which "\n" does not match.
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmedBlanks
            if line.isEmpty { continue }
            sawContent = true
            let at = "\(source):\(lineNumber)"

            // An entry header: `[dd Mon yyyy] ID summary`, in column 0.
            if rawLine.first == "[", let close = rawLine.firstIndex(of: "]"),
               let date = headerDate(rawLine[rawLine.index(after: rawLine.startIndex)..<close]) {
                flush()
                inBadEntry = false
                headers += 1
                let (id, rest) = rawLine[rawLine.index(after: close)...].firstWord
                guard isAdvisoryID(id, kind: kind) else {
                    log.skip("\(at): entry '\(id)' is not a \(kind.isEmpty ? "DSA/DLA" : kind) id; entry skipped")
                    inBadEntry = true
                    continue
                }
                var advisory = Advisory(id: String(id), summary: rest.isEmpty ? nil : String(rest), published: date)
                advisory.references = [Reference(type: "ADVISORY", url: "https://security-tracker.debian.org/tracker/\(id)")]
                current = advisory
                continue
            }

            if line.hasPrefix("NOTE:") { continue }
            if inBadEntry { continue }  // the rest of an entry already counted as skipped
            guard current != nil else {
                log.skip("\(at): line outside any entry: \(line.prefix(80))")
                continue
            }

            if line.first == "{" {
                guard line.last == "}" else {
                    log.skip("\(at): unterminated '{…}' alias list")
                    continue
                }
                for alias in line.dropFirst().dropLast().split(whereSeparator: isBlank) where !alias.isEmpty {
                    let alias = String(alias)
                    if alias != current?.id, current?.aliases.contains(alias) == false { current?.aliases.append(alias) }
                }
                continue
            }

            if line.first == "[" {
                switch parsePackageLine(line) {
                case .malformed(let why):
                    log.skip("\(at): \(why): \(line.prefix(100))")
                case .unknownRelease(let codename):
                    log.skipRelease(codename)
                case .notAffected:
                    break
                case .unknownMarker(let marker):
                    log.skip("\(at): unknown marker \(marker); line skipped")
                case .affected(let ecosystem, let name, let fixed, let rating, let oddTail):
                    if let oddTail { log.warn("\(at): ignored text after the version: \(oddTail)") }
                    current?.affected.append(AffectedPackage(ecosystem: ecosystem, name: name,
                                                             ranges: [distroRange(fixed: fixed)], rating: rating))
                }
                continue
            }

            log.skip("\(at): unrecognised line: \(line.prefix(80))")
        }
        flush()

        if sawContent && headers == 0 {
            throw AdvisoryFormatError(source: source, reason: "no '[dd Mon yyyy] \(kind.isEmpty ? "DSA" : kind)-…' entry header: not a Debian advisory list")
        }
        return log.result(advisories)
    }

    enum PackageLine: Equatable {
        case affected(ecosystem: String, name: String, fixed: String?, rating: String?, oddTail: String?)
        case notAffected
        case unknownRelease(String)
        case unknownMarker(String)
        case malformed(String)
    }

    /// `[bullseye] - xorg-server 2:1.20.11-1+deb11u6 (medium)`, already trimmed.
    ///
    /// Markers, and what they become:
    /// - `<not-affected>`: the release never had the bug → no entry.
    /// - `<removed>`: the release no longer ships the package → no entry (a leftover installed from an
    ///   older release is covered by that release's entries).
    /// - `<unfixed>`: affected, no fix yet → `introduced 0` without `fixed`.
    /// - `<end-of-life>`: security support for the package ended in that release: every version is
    ///   vulnerable and no fix will come → `introduced 0` without `fixed`, rating `end-of-life` (the
    ///   tracker JSON writes the same as its urgency), so a report can say "unsupported" rather than "unfixed".
    /// - `<no-dsa>`, `<ignored>`, `<postponed>`, `<undetermined>`: the security team decided not to
    ///   (yet) issue a fix; the package is still vulnerable → `introduced 0` without `fixed`. Hiding them
    ///   would claim a fix that does not exist; their minor nature shows in the urgency, when given.
    ///   (None occurs in the DSA/DLA lists of 2023; they are the vocabulary of the tracker's CVE list.)
    /// - anything else in `<…>`: unknown → the line is skipped and counted, never guessed at.
    static func parsePackageLine(_ line: Substring) -> PackageLine {
        guard line.first == "[", let close = line.firstIndex(of: "]") else { return .malformed("no '[release]'") }
        let codename = line[line.index(after: line.startIndex)..<close].trimmedBlanks
        guard !codename.isEmpty, codename.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            return .malformed("bad release name")
        }
        var rest = line[line.index(after: close)...].trimmedBlanks
        guard rest.first == "-" else { return .malformed("no ' - ' after the release") }
        rest = rest.dropFirst().trimmedBlanks
        let (name, tail) = rest.firstWord
        guard !name.isEmpty, !tail.isEmpty else { return .malformed("needs a package and a version") }

        var version: Substring?
        var marker: Substring?
        let annotation: Substring
        if tail.first == "<" {
            guard let end = tail.firstIndex(of: ">") else { return .malformed("unterminated '<marker>'") }
            marker = tail[...end]
            annotation = tail[tail.index(after: end)...].trimmedBlanks
        } else {
            let (word, after) = tail.firstWord
            guard isPlausibleDebianVersion(word) else { return .malformed("not a Debian version '\(word)'") }
            version = word
            annotation = after
        }
        var oddTail: String?
        var rating: String?
        if annotation.first == "(" {
            rating = urgency(inAnnotation: annotation)
        } else if !annotation.isEmpty {
            oddTail = String(annotation)
        }

        let fixed: String?
        switch marker {
        case nil: fixed = String(version!)
        case "<not-affected>", "<removed>": return .notAffected
        case "<unfixed>", "<no-dsa>", "<ignored>", "<postponed>", "<undetermined>": fixed = nil
        case "<end-of-life>": fixed = nil; rating = "end-of-life"
        case let other?: return .unknownMarker(String(other))
        }
        guard let ecosystem = DebianReleases.ecosystem(codename: String(codename)) else { return .unknownRelease(String(codename)) }
        return .affected(ecosystem: ecosystem, name: String(name), fixed: fixed, rating: rating, oddTail: oddTail)
    }

    /// `(bug #326976; medium)` → `medium`.
    static func urgency(inAnnotation annotation: Substring) -> String? {
        let inner = annotation.dropFirst().prefix { $0 != ")" }
        for part in inner.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let word = part.trimmedBlanks.lowercased()
            if ["unimportant", "low", "medium", "high"].contains(word) { return word }
        }
        return nil
    }

    /// `29 Mar 2023` → midnight UTC that day.
    static func headerDate(_ text: Substring) -> Date? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0].count <= 2, let day = Int(parts[0]), (1...31).contains(day),
              let monthIndex = months.firstIndex(of: String(parts[1])), parts[2].count == 4,
              let year = Int(parts[2]) else { return nil }
        let month = monthIndex + 1
        let text = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        // RFC3339.parse only range-checks the day: `31 Feb` would roll over into March.
        guard let date = RFC3339.parse(text), RFC3339.format(date).hasPrefix(text) else { return nil }
        return date
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `DSA-5380-1`, `DSA-307`, `DLA-3193-2`.
    static func isAdvisoryID(_ id: Substring, kind: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty,
              parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }),
              parts.dropFirst().allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return false }
        return kind.isEmpty || parts[0] == kind
    }
}

// MARK: - Debian tracker JSON

/// The Debian security tracker's full JSON (`https://security-tracker.debian.org/tracker/data/json`):
///
/// ```
/// { "<source package>": { "<CVE-… or TEMP-…>": { "description": "…", "scope": "…", "debianbug": 123,
///     "releases": { "bookworm": { "status": "resolved", "fixed_version": "1.2-3", "urgency": "low",
///                                 "repositories": { "bookworm": "1.2-3" } } } } } }
/// ```
///
/// Turned around to one ``Advisory`` per CVE (or `TEMP-…` id: the tracker's names for issues without a
/// CVE yet; they are unstable across tracker runs, but they are real open issues), with one
/// ``AffectedPackage`` per (package, release):
/// - `resolved` with `fixed_version` `"0"` → not affected, no entry;
/// - `resolved` with a version → fixed in it;
/// - `open` or `undetermined` → `introduced 0` without a fix (this includes `<no-dsa>`/`<ignored>`/
///   `<postponed>` issues, which the JSON marks with a `nodsa` key next to status `open`);
/// - the release's `urgency` → ``AffectedPackage/rating`` as written (`low`, `medium`, `high`,
///   `unimportant`, `not yet assigned`, `end-of-life`, occasionally with a trailing `*`).
///
/// `sid`/`experimental` and unknown codenames are skipped and counted. A CVE no release is affected by
/// yields no advisory. `summary` is the tracker's description (cut at 2000 characters); references
/// are the tracker page and the Debian bug, when there is one.
public enum DebianTrackerJSON {
    /// Largest document accepted by ``parse(json:source:)`` (the 2024 dump is about 70 MB).
    public static let maxBytes = 512 << 20

    /// Decodes with `JSONSerialization` and converts.
    public static func parse(json data: some Collection<UInt8>, source: String) throws(AdvisoryFormatError) -> DistroImport {
        guard data.count <= maxBytes else {
            throw AdvisoryFormatError(source: source, reason: "document is \(data.count) bytes, more than the \(maxBytes) allowed")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(data))
        } catch {
            throw AdvisoryFormatError(source: source, reason: "not valid JSON")
        }
        return try parse(object, source: source)
    }

    /// Converts an already decoded document.
    /// - Throws: when the top level is not an object of objects (it is then not the tracker's JSON).
    public static func parse(_ object: Any, source: String) throws(AdvisoryFormatError) -> DistroImport {
        guard let packages = stringKeyed(object) else {
            throw AdvisoryFormatError(source: source, reason: "the tracker JSON must be an object keyed by source package")
        }
        if let (key, _) = packages.first, !packages.contains(where: { stringKeyed($0.value) != nil }) {
            throw AdvisoryFormatError(source: source, reason: "'\(key)' is not an object of issues: not the tracker JSON")
        }
        var log = ImportLog()

        struct Accumulated {
            var summary: String?
            var affected: [AffectedPackage] = []
            var bugs: [Int] = []
        }
        var byID: [String: Accumulated] = [:]

        for (package, issuesValue) in packages.sorted(by: { $0.key < $1.key }) {
            guard let issues = stringKeyed(issuesValue) else {
                log.skip("\(source): package '\(package)' is not an object of issues")
                continue
            }
            for (id, issueValue) in issues.sorted(by: { $0.key < $1.key }) {
                guard let issue = stringKeyed(issueValue) else {
                    log.skip("\(source): \(package)/\(id) is not an object")
                    continue
                }
                guard !id.isEmpty, !id.contains(where: { $0.isWhitespace }) else {
                    log.skip("\(source): \(package): bad issue id '\(id)'")
                    continue
                }
                var entry = byID[id] ?? Accumulated()
                if entry.summary == nil, let description = issue["description"] as? String, !description.isEmpty {
                    entry.summary = description.count > 2000 ? String(description.prefix(2000)) + "…" : description
                }
                if let bug = issue["debianbug"] as? Int, bug > 0, !entry.bugs.contains(bug) { entry.bugs.append(bug) }

                guard let releases = stringKeyed(issue["releases"]) else {
                    if issue["releases"] != nil { log.skip("\(source): \(package)/\(id): 'releases' is not an object") }
                    byID[id] = entry
                    continue
                }
                for (codename, releaseValue) in releases.sorted(by: { DebianReleases.order($0.key) < DebianReleases.order($1.key) || (DebianReleases.order($0.key) == DebianReleases.order($1.key) && $0.key < $1.key) }) {
                    guard let ecosystem = DebianReleases.ecosystem(codename: codename) else {
                        log.skipRelease(codename)
                        continue
                    }
                    guard let release = stringKeyed(releaseValue), let status = release["status"] as? String else {
                        log.skip("\(source): \(package)/\(id)/\(codename): no 'status'")
                        continue
                    }
                    let rating = (release["urgency"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                    let fixed: String?
                    switch status {
                    case "resolved":
                        guard let version = scalarString(release["fixed_version"]), !version.isEmpty else {
                            log.skip("\(source): \(package)/\(id)/\(codename): resolved without 'fixed_version'")
                            continue
                        }
                        if version == "0" { continue }  // never affected
                        guard isPlausibleDebianVersion(version) else {
                            log.skip("\(source): \(package)/\(id)/\(codename): not a Debian version '\(version)'")
                            continue
                        }
                        fixed = version
                    case "open", "undetermined":
                        fixed = nil
                    default:
                        log.skip("\(source): \(package)/\(id)/\(codename): unknown status '\(status)'")
                        continue
                    }
                    entry.affected.append(AffectedPackage(ecosystem: ecosystem, name: package,
                                                          ranges: [distroRange(fixed: fixed)], rating: rating))
                }
                byID[id] = entry
            }
        }

        var advisories: [Advisory] = []
        advisories.reserveCapacity(byID.count)
        for (id, entry) in byID where !entry.affected.isEmpty {
            var references = [Reference(type: "ADVISORY", url: "https://security-tracker.debian.org/tracker/\(id)")]
            for bug in entry.bugs { references.append(Reference(type: "REPORT", url: "https://bugs.debian.org/\(bug)")) }
            advisories.append(Advisory(id: id, summary: entry.summary, affected: entry.affected, references: references))
        }
        return log.result(advisories)
    }
}

// MARK: - Alpine secdb

/// Alpine's secdb (`https://secdb.alpinelinux.org/v3.10/main.yaml`), as decoded by `Yams.load` or
/// `JSONSerialization` (the `.json` twins have the same shape):
///
/// ```
/// distroversion: v3.10
/// packages:
///   - pkg:
///       name: ansible
///       secfixes:
///         2.8.4-r0:
///           - CVE-2019-10206
/// ```
///
/// One ``Advisory`` per id per file, with one ``AffectedPackage`` per package (the ORIGIN package, as
/// secdb names it; binary subpackages are matched through their origin) in ecosystem `Alpine:v3.10`.
/// Each fixed version becomes its own range `introduced 0` → `fixed`: when an id is listed under two
/// versions of one package (a partial fix, then the rest), the union of the ranges is "vulnerable below
/// the later one", which is right without needing an apk version comparison here.
///
/// Subtleties of the real files:
/// - version key `0` means "never affected" → no entry;
/// - Yams (6.x) hands mapping keys over as the strings written (`0`, `2.8`, `1.10` stay text); a decoder
///   that turns keys into numbers is handled too (`Int` → its digits; `Double` → used but warned about,
///   since `1.10` would have become `1.1`);
/// - `packages:` may be empty (null);
/// - entries are not always one CVE: `CVE-2017-8904 XSA-214`, `CVE-2018-3620 CVE-2018-3646 XSA-273`,
///   `CVE-2018-14462 (ICMP)`, `CVE-2017-17434-1`, `CVE-2017-8073.patch`, `CVE_2019-2426`,
///   `CVE 2018-16859`, ` CVE-2016-6263`, `CVE-????-?????  XSA-295`, `XSA-207`, `ZBX-11023`,
///   `wnpa-sec-2017-21`. See ``ids(inEntry:)``.
public enum AlpineSecDB {
    /// - Throws: when the object is not a secdb document (no `distroversion`, `packages` not a list).
    public static func parse(_ object: Any, source: String) throws(AdvisoryFormatError) -> DistroImport {
        guard let document = stringKeyed(object) else {
            throw AdvisoryFormatError(source: source, reason: "a secdb document must be a mapping")
        }
        guard let distroversion = scalarString(document["distroversion"]), !distroversion.isEmpty else {
            throw AdvisoryFormatError(source: source, reason: "missing 'distroversion': not an Alpine secdb document")
        }
        let ecosystem = "Alpine:" + (distroversion.hasPrefix("v") || distroversion == "edge" ? distroversion : "v" + distroversion)
        var log = ImportLog()
        if document["distroversion"] is Double {
            log.warn("\(source): distroversion \(distroversion) was decoded as a number; it may have lost a trailing zero")
        }
        let packageList: [Any]
        switch document["packages"] {
        case nil, is NSNull: packageList = []
        case let list as [Any]: packageList = list
        default: throw AdvisoryFormatError(source: source, reason: "'packages' must be a list")
        }

        struct Accumulated {
            var aliases: [String] = []
            /// package name → fixed versions, in file order.
            var fixes: [String: [String]] = [:]
        }
        var byID: [String: Accumulated] = [:]

        for (index, item) in packageList.enumerated() {
            guard let wrapper = stringKeyed(item), let pkg = stringKeyed(wrapper["pkg"]),
                  let name = pkg["name"] as? String, !name.isEmpty else {
                log.skip("\(source): packages[\(index)] has no pkg.name")
                continue
            }
            let secfixes: [MappingEntry]
            switch pkg["secfixes"] {
            case nil, is NSNull: continue
            case let value:
                guard let pairs = pairsOf(value) else {
                    log.skip("\(source): \(name): 'secfixes' is not a mapping")
                    continue
                }
                secfixes = pairs
            }
            for (version, entriesValue, fromDouble) in secfixes {
                if fromDouble {
                    log.warn("\(source): \(name): version \(version) was decoded as a number; it may have lost a trailing zero")
                }
                let entries: [Any]
                switch entriesValue {
                case is NSNull: continue
                case let list as [Any]: entries = list
                case let single as String: entries = [single]
                default:
                    log.skip("\(source): \(name) \(version): fixes are not a list")
                    continue
                }
                guard version != "0" else { continue }  // "never affected"
                guard !version.isEmpty, !version.contains(where: { $0.isWhitespace }) else {
                    log.skip("\(source): \(name): bad version '\(version)'")
                    continue
                }
                for entry in entries {
                    guard let text = entry as? String else {
                        log.skip("\(source): \(name) \(version): entry \(entry) is not a string")
                        continue
                    }
                    let (primary, aliases) = ids(inEntry: text)
                    if primary.isEmpty {
                        log.skip("\(source): \(name) \(version): no advisory id in '\(text)'")
                        continue
                    }
                    for id in primary {
                        var accumulated = byID[id] ?? Accumulated()
                        for alias in aliases where alias != id && !accumulated.aliases.contains(alias) {
                            accumulated.aliases.append(alias)
                        }
                        if accumulated.fixes[name]?.contains(version) != true {
                            accumulated.fixes[name, default: []].append(version)
                        }
                        byID[id] = accumulated
                    }
                }
            }
        }

        let advisories = byID.map { id, accumulated in
            Advisory(id: id, aliases: accumulated.aliases,
                     affected: accumulated.fixes.sorted { $0.key < $1.key }.map { name, versions in
                         AffectedPackage(ecosystem: ecosystem, name: name, ranges: versions.map { distroRange(fixed: $0) })
                     })
        }
        return log.result(advisories)
    }

    /// The ids one secfixes entry names: every CVE on the line is an advisory of its own (`primary`);
    /// other ids (`XSA-214`, `TALOS-2017-0499`, `ZBX-11023`, `GHSA-…`) are aliases of those CVEs, or,
    /// on a line without a CVE, advisories of their own. Parenthesised text is a comment; words
    /// without digits (`XPTI`) and placeholders (`CVE-????-?????`) are not ids. CVE spellings are
    /// normalised (`CVE_2019-2426`, `CVE 2018-16859`, `cve-…` → `CVE-…`) and suffixes dropped
    /// (`CVE-2017-17434-1`, `CVE-2017-8073.patch` → the CVE).
    public static func ids(inEntry entry: String) -> (primary: [String], aliases: [String]) {
        // Drop `( … )` comments.
        var text = ""
        var depth = 0
        for c in entry {
            if c == "(" { depth += 1; text.append(" ") } else if c == ")" { depth = max(0, depth - 1); text.append(" ") } else if depth == 0 { text.append(c) }
        }
        let words = text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" })
        var cves: [String] = []
        var others: [String] = []
        var index = 0
        while index < words.count {
            var word = String(words[index])
            index += 1
            // `CVE 2018-16859`: the id split by a space.
            if word.uppercased() == "CVE", index < words.count, words[index].first?.isNumber == true {
                word = "CVE-" + words[index]
                index += 1
            }
            if word.count >= 4, word.prefix(3).uppercased() == "CVE", let sep = word.dropFirst(3).first, sep == "-" || sep == "_" {
                if let cve = cvePrefix(word.dropFirst(4)), !cves.contains(cve) { cves.append(cve) }
                continue
            }
            while let last = word.last, last == "." || last == ":" { word.removeLast() }
            if isOtherID(word), !others.contains(word) { others.append(word) }
        }
        return cves.isEmpty ? (others, []) : (cves, others)
    }

    /// `2017-17434-1` → `CVE-2017-17434`; nil for `????-?????`.
    private static func cvePrefix(_ rest: Substring) -> String? {
        let scalars = Array(rest.unicodeScalars)
        func digit(_ i: Int) -> Bool { i < scalars.count && ("0"..."9").contains(scalars[i]) }
        guard (0..<4).allSatisfy(digit), scalars.count > 4, scalars[4] == "-" else { return nil }
        var end = 5
        while digit(end) { end += 1 }
        guard end - 5 >= 4 else { return nil }
        return "CVE-" + String(String.UnicodeScalarView(scalars[0..<end]))
    }

    /// `XSA-214`, `TALOS-2017-0499`, `wnpa-sec-2017-21`, `GHSA-xxxx-xxxx-xxxx`: a letter, then letters,
    /// digits and dashes, at least one dash and one digit.
    private static func isOtherID(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII,
              word.contains("-"), word.last != "-", word.contains(where: { $0.isNumber }) else { return false }
        return word.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
    }
}

// MARK: - Decoded-tree helpers

/// A mapping as either decoder produces it (`[String: Any]` from JSONSerialization, `[AnyHashable: Any]`
/// from Yams), when every key is a string. Yams' `[AnyHashable: Any]` does not cast to `[String: Any]`
/// when a key decoded as a number; use ``pairsOf(_:)`` where that can happen.
func stringKeyed(_ value: Any?) -> [String: Any]? {
    if let dict = value as? [String: Any] { return dict }
    guard let any = value as? [AnyHashable: Any] else { return nil }
    var out: [String: Any] = [:]
    for (key, v) in any {
        guard let k = key.base as? String else { return nil }
        out[k] = v
    }
    return out
}

typealias MappingEntry = (key: String, value: Any, fromDouble: Bool)

/// A mapping's entries with keys made strings (numbers as YAML wrote them, as far as that can be
/// known), sorted by key. `fromDouble` marks a key that decoded as `Double`, which may have lost
/// digits (`1.10` → `1.1`).
func pairsOf(_ value: Any?) -> [MappingEntry]? {
    var out: [MappingEntry] = []
    if let dict = value as? [String: Any] {
        out = dict.map { ($0.key, $0.value, false) }
    } else if let dict = value as? [AnyHashable: Any] {
        for (key, v) in dict {
            guard let k = scalarString(key.base) else { return nil }
            out.append((k, v, key.base is Double))
        }
    } else {
        return nil
    }
    return out.sorted { $0.key < $1.key }
}

/// A scalar as text: YAML turns `1.0` into a number; versions and ids are strings. Whole doubles print
/// without `.0` only when they came from an integer (`Int`); a `Double` prints as Swift does (`2.8`).
func scalarString(_ value: Any?) -> String? {
    switch value {
    case let s as String: return s
    case let i as Int: return String(i)
    case let d as Double: return String(d)
    case let b as Bool: return b ? "true" : "false"
    default: return nil
    }
}

// MARK: - Feed detection

/// Which reader a file needs.
public enum FeedKind: String, Sendable, Hashable, CaseIterable {
    /// One OSV record as JSON (`{"id": …, "affected": …}`).
    case osvJSON
    /// One OSV record as YAML.
    case osvYAML
    /// The Debian tracker's `DSA/list` or `DLA/list` text.
    case debianList
    /// The Debian tracker's full JSON dump.
    case debianTrackerJSON
    /// An Alpine secdb document (YAML; the `.json` twins are reported as JSON, see ``FeedDetector``).
    case alpineSecDB
    /// None of the above.
    case unknown
}

/// Tells feed formats apart from a file name and the file's first bytes, without parsing the file.
///
/// Rules, in order:
/// 1. Name `DSA-list`, `DLA-list`, `DTSA-list` (any case), or a path ending in `DSA/list` or `DLA/list`
///    → ``FeedKind/debianList``.
/// 2. Content whose first non-blank line is an entry header `[dd Mon yyyy] XXX-` → ``FeedKind/debianList``.
/// 3. `.json`, or any name with content starting with `{`: a small scan of the JSON's first keys.
///    A top-level key `id` with a string value, or an OSV field (`schema_version`, `modified`,
///    `affected`, …) → ``FeedKind/osvJSON``; a top-level `distroversion` → ``FeedKind/alpineSecDB``
///    (secdb's JSON twin: its tree is the same, feed it to ``AlpineSecDB`` after `JSONSerialization`);
///    a top-level key whose value is an object whose first key is `CVE-…` or `TEMP-…` →
///    ``FeedKind/debianTrackerJSON``. Not starting with `{` → ``FeedKind/unknown``.
/// 4. `.yaml`/`.yml`: a line starting `distroversion:` → ``FeedKind/alpineSecDB``, else ``FeedKind/osvYAML``.
/// 5. Other names: a line starting `distroversion:` → secdb; one starting `id:` → OSV YAML; else unknown.
///
/// Returns nil when the prefix ends before the JSON scan could decide (pass more bytes: 4 KiB settles
/// every real file, since both kinds of JSON show their shape in the first few hundred bytes).
public enum FeedDetector {
    /// How many bytes a caller should pass.
    public static let suggestedPrefixLength = 4096

    public static func kind(fileName: String, prefix: some Collection<UInt8>) -> FeedKind? {
        let bytes = Array(prefix.prefix(64 << 10))
        let name = fileName.split(separator: "/").last.map(String.init) ?? fileName
        let lowerName = name.lowercased()
        if ["dsa-list", "dla-list", "dtsa-list"].contains(lowerName) || fileName.hasSuffix("DSA/list") || fileName.hasSuffix("DLA/list") {
            return .debianList
        }
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }  // UTF-8 BOM
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let body = bytes[start...]
        if looksLikeDebianListHeader(body) { return .debianList }

        let isJSONName = lowerName.hasSuffix(".json")
        let isYAMLName = lowerName.hasSuffix(".yaml") || lowerName.hasSuffix(".yml")
        if isJSONName || (!isYAMLName && body.first == UInt8(ascii: "{")) {
            guard !body.isEmpty else { return nil }
            guard body.first == UInt8(ascii: "{") else { return .unknown }
            return sniffJSON(body)
        }
        let text = String(decoding: body, as: UTF8.self)
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        if lines.contains(where: { $0.hasPrefix("distroversion:") }) { return .alpineSecDB }
        if isYAMLName { return .osvYAML }
        if lines.contains(where: { $0.hasPrefix("id:") }) { return .osvYAML }
        return .unknown
    }

    /// `[29 Mar 2023] DSA-` (one- or two-digit day, two to five capital letters before the dash).
    static func looksLikeDebianListHeader(_ b: ArraySlice<UInt8>) -> Bool {
        let line = Array(b.prefix(40))
        guard line.first == UInt8(ascii: "["), let close = line.firstIndex(of: UInt8(ascii: "]")) else { return false }
        let date = String(decoding: line[1..<close], as: UTF8.self)
        guard DebianSecurityList.headerDate(Substring(date)) != nil, close + 1 < line.count, line[close + 1] == UInt8(ascii: " ") else { return false }
        var i = close + 2
        var letters = 0
        while i < line.count, line[i] >= UInt8(ascii: "A"), line[i] <= UInt8(ascii: "Z") { letters += 1; i += 1 }
        return (2...5).contains(letters) && i < line.count && line[i] == UInt8(ascii: "-")
    }

    private static let osvFields: Set<String> = [
        "schema_version", "id", "modified", "published", "withdrawn", "aliases", "related", "upstream",
        "summary", "details", "severity", "affected", "references", "credits", "database_specific",
    ]

    /// Walks the first keys of a JSON object (strings with escapes, nesting), deciding as soon as it can.
    static func sniffJSON(_ b: ArraySlice<UInt8>) -> FeedKind? {
        var i = b.startIndex
        let end = b.endIndex
        func skipBlanks() { while i < end, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 } }
        /// Reads a string at `i` (which is on `"`); nil if the prefix ends inside it.
        func readString() -> String? {
            guard i < end, b[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < end {
                let c = b[i]
                if c == UInt8(ascii: "\\") { i += 2; out.append(0x3F); continue }
                if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                out.append(c)
                i += 1
            }
            return nil
        }
        /// Skips one value of any kind; false if the prefix ends first.
        func skipValue() -> Bool {
            skipBlanks()
            guard i < end else { return false }
            if b[i] == UInt8(ascii: "\"") { return readString() != nil }
            if b[i] == UInt8(ascii: "{") || b[i] == UInt8(ascii: "[") {
                var depth = 0
                while i < end {
                    let c = b[i]
                    if c == UInt8(ascii: "\"") { guard readString() != nil else { return false }; continue }
                    if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
                    if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") { depth -= 1; if depth == 0 { i += 1; return true } }
                    i += 1
                }
                return false
            }
            while i < end, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(b[i]) { i += 1 }
            return i < end
        }

        guard i < end, b[i] == UInt8(ascii: "{") else { return .unknown }
        i += 1
        while true {
            skipBlanks()
            guard i < end else { return nil }
            if b[i] == UInt8(ascii: "}") { return .unknown }  // all keys seen, none decided
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            guard b[i] == UInt8(ascii: "\"") else { return .unknown }
            guard let key = readString() else { return nil }
            skipBlanks()
            guard i < end else { return nil }
            guard b[i] == UInt8(ascii: ":") else { return .unknown }
            i += 1
            skipBlanks()
            guard i < end else { return nil }
            if key == "distroversion" { return .alpineSecDB }
            if key == "id" && b[i] == UInt8(ascii: "\"") { return .osvJSON }
            if osvFields.contains(key) && key != "id" { return .osvJSON }
            if b[i] == UInt8(ascii: "{") {
                // A package name → { "CVE-…": … }? Look at the inner object's first key.
                let save = i
                i += 1
                skipBlanks()
                guard i < end else { return nil }
                if b[i] == UInt8(ascii: "\"") {
                    guard let inner = readString() else { return nil }
                    if inner.hasPrefix("CVE-") || inner.hasPrefix("TEMP-") { return .debianTrackerJSON }
                }
                i = save
            }
            guard skipValue() else { return nil }
        }
    }
}
