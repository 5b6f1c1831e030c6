public import Foundation

/// A standard evaluated control by control over one scan: pass, fail, manual or not applicable, with the
/// objects that are the evidence.
public struct ComplianceReport: Sendable, Codable {
    /// A control's verdict.
    public struct Status: RawRepresentable, Hashable, Codable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Every mapped check ran and found nothing on the objects it applies to.
        public static let pass = Status(rawValue: "pass")
        /// A mapped check found something.
        public static let fail = Status(rawValue: "fail")
        /// No check can judge the control from manifests (or its checks are disabled).
        public static let manual = Status(rawValue: "manual")
        /// The mapped checks apply to no object in the scan.
        public static let notApplicable = Status(rawValue: "not-applicable")
    }

    /// An object that supports a verdict; for failures, the finding.
    public struct Evidence: Sendable, Codable, Hashable {
        public var kind: String
        public var name: String
        public var namespace: String?
        public var file: String
        public var line: Int
        public var check: String?
        public var message: String?
    }

    public struct Control: Sendable, Codable {
        public var id: String
        public var title: String
        public var status: Status
        /// The Palisade checks mapped to the control.
        public var checks: [String]
        public var evidence: [Evidence]
        /// Findings suppressed by exceptions, which would otherwise fail the control.
        public var excepted: Int
        public var note: String?
    }

    public var standard: String
    public var title: String
    /// Controls per status.
    public var summary: [String: Int]
    public var controls: [Control]
    /// Files that could not be read fully; the verdicts do not cover what they hold.
    public var errors: [K8sInputError]

    /// Evaluates `standard` over a scan result.
    /// - Parameters:
    ///   - standard: the standard.
    ///   - result: a scan made with the checks to use (disabled checks make their controls manual).
    public init(standard: ComplianceStandard, result: K8sScanResult) {
        self.standard = standard.rawValue
        self.title = standard.title
        self.errors = result.errors
        let active = Set(result.checks)
        var findingsByControl: [String: [K8sFinding]] = [:]
        for f in result.findings {
            for c in f.controls where c.hasPrefix(standard.rawValue + ":") { findingsByControl[c, default: []].append(f) }
        }
        var controls: [Control] = []
        for def in standard.controls {
            let key = standard.key(def.id)
            let mapped = K8sChecks.all.filter { $0.controls().contains(key) }.map(\.id)
            let running = mapped.filter { active.contains($0) }
            var control = Control(id: def.id, title: def.title, status: .manual, checks: mapped, evidence: [], excepted: 0, note: nil)
            if mapped.isEmpty {
                control.note = "Not visible in manifests: review the cluster configuration or process."
            } else if running.isEmpty {
                control.note = "The mapped checks (\(mapped.joined(separator: ", "))) are disabled."
            } else {
                control.excepted = result.suppressed.filter { running.contains($0.check) }.count
                if let findings = findingsByControl[key], !findings.isEmpty {
                    control.status = .fail
                    control.evidence = findings.map { Evidence(kind: $0.kind, name: $0.name, namespace: $0.namespace, file: $0.file, line: $0.line, check: $0.check, message: $0.message) }
                } else {
                    var seen = Set<K8sObjectRef>()
                    for id in running {
                        for ref in result.coverage(of: id) where seen.insert(ref).inserted {
                            control.evidence.append(Evidence(kind: ref.kind, name: ref.name, namespace: ref.namespace, file: ref.file, line: ref.line, check: nil, message: nil))
                        }
                    }
                    control.status = control.evidence.isEmpty ? .notApplicable : .pass
                    if !result.evidenceRecorded {
                        control.status = .manual
                        control.note = "The scan did not record evidence (K8sScanOptions.recordEvidence)."
                    } else if control.status == .notApplicable {
                        control.note = "No scanned object is in scope of \(running.joined(separator: ", "))."
                    }
                }
                if running.count < mapped.count {
                    let off = mapped.filter { !active.contains($0) }.joined(separator: ", ")
                    control.note = [control.note, "Disabled: \(off)."].compactMap { $0 }.joined(separator: " ")
                }
            }
            controls.append(control)
        }
        self.controls = controls
        var summary: [String: Int] = [:]
        for c in controls { summary[c.status.rawValue, default: 0] += 1 }
        self.summary = summary
    }

    /// The report as indented JSON with sorted keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// A table for people: one line per control, failing evidence underneath.
    /// - Parameter evidenceLimit: how many failing objects to list per control.
    public func table(evidenceLimit: Int = 10) -> String {
        var out = "\(title)\n\n"
        for c in controls {
            let status = c.status.rawValue.uppercased().padding(toLength: 15, withPad: " ", startingAt: 0)
            out += "\(c.id.padding(toLength: 27, withPad: " ", startingAt: 0)) \(status) \(c.title)"
            if c.status == .pass { out += " (\(c.evidence.count) object\(c.evidence.count == 1 ? "" : "s"))" }
            if c.excepted > 0 { out += " [\(c.excepted) excepted]" }
            out += "\n"
            if c.status == .fail {
                for e in c.evidence.prefix(evidenceLimit) {
                    out += "      " + K8sReport.printable("\(e.file):\(e.line) \(e.kind)/\(e.name)\(e.namespace.map { " (\($0))" } ?? ""): \(e.check ?? "") \(e.message ?? "")") + "\n"
                }
                if c.evidence.count > evidenceLimit { out += "      … \(c.evidence.count - evidenceLimit) more\n" }
            }
            if let note = c.note, c.status != .fail { out += "      \(note)\n" }
        }
        let order = [Status.pass, .fail, .manual, .notApplicable]
        out += "\n" + order.map { "\(summary[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        if !errors.isEmpty { out += "; \(errors.count) input errors (objects in those files may be missing)" }
        return out + "\n"
    }
}
