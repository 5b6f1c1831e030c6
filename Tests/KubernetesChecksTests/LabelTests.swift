import Foundation
import KubernetesChecks
import Testing

/// The nine labelled checks of peer-results/object-labels-dev.tsv: Palisade's verdict per object equals `ref`.
struct LabelTests {
    static let checkNames = ["host-network": "host-network", "host-pid": "host-pid", "host-ipc": "host-ipc", "host-port": "host-port",
                             "host-path": "host-path", "docker-sock": "runtime-socket-mount", "privileged": "privileged",
                             "allow-priv-esc-not-false": "allow-priv-escalation", "ro-rootfs-not-true": "read-only-rootfs"]

    @Test func verdictsMatchReferenceLabels() throws {
        let result = Fixtures.corpusScan
        var flagged = Set<String>()
        for f in result.findings { flagged.insert("\(Fixtures.relative(f.file))\t\(f.kind)\t\(f.name)\t\(f.check)") }
        var objects = Set<String>()
        for ref in result.coverage(of: "privileged") { objects.insert("\(Fixtures.relative(ref.file))\t\(ref.kind)\t\(ref.name)") }

        let text = try String(contentsOfFile: Fixtures.labels, encoding: .utf8)
        var rows = 0
        var mismatches: [String] = []
        for line in text.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 5 else { continue }
            rows += 1
            let object = "\(cols[0])\t\(cols[1])\t\(cols[2])"
            guard let check = Self.checkNames[cols[3]] else {
                mismatches.append("unknown label check \(cols[3])")
                continue
            }
            guard objects.contains(object) else {
                mismatches.append("object not found: \(object)")
                continue
            }
            let ours = flagged.contains("\(object)\t\(check)")
            let ref = cols[4] == "1"
            if ours != ref { mismatches.append("\(object)\t\(cols[3]): palisade \(ours ? 1 : 0), ref \(ref ? 1 : 0)") }
        }
        #expect(rows == 3807)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(200).joined(separator: "\n"))")
    }
}
