/// Renders an inventory as text for people: one block per package type, headed by the type and its
/// count (`deb (122)`), with columns NAME, VERSION, SOURCE (only when some package of the type has a
/// source package) and LOCATION (the first path and its layer, `/var/lib/dpkg/status L1`, with
/// `(+N)` when the package was found in more places).
public struct TableWriter: Sendable {
    public init() {}

    /// The table, ending with a newline.
    public func render(_ inventory: Inventory) -> String {
        var out = ""
        if let os = inventory.operatingSystem {
            let name = os.prettyName ?? ([os.id] + (os.versionID.map { [$0] } ?? [])).joined(separator: " ")
            out += "OS: \(name)\n\n"
        }
        guard !inventory.packages.isEmpty else {
            return out + "No packages found.\n"
        }

        // Group by type, keeping the scanner's order (sorted by type already, but do not rely on it).
        var order: [PackageType] = []
        var groups: [PackageType: [Package]] = [:]
        for package in inventory.packages {
            if groups[package.type] == nil { order.append(package.type) }
            groups[package.type, default: []].append(package)
        }

        var blocks: [String] = []
        for type in order {
            let packages = groups[type] ?? []
            let showSource = packages.contains { !($0.sourceName ?? "").isEmpty }
            var header = ["NAME", "VERSION"]
            if showSource { header.append("SOURCE") }
            header.append("LOCATION")
            var rows = [header]
            for package in packages {
                var row = [package.fullName, package.version]
                if showSource { row.append(Self.source(of: package)) }
                row.append(Self.location(of: package))
                rows.append(row)
            }
            blocks.append("\(type.rawValue) (\(packages.count))\n" + Self.align(rows))
        }
        out += blocks.joined(separator: "\n")
        out += "\n\(inventory.packages.count) package\(inventory.packages.count == 1 ? "" : "s")"
        if !inventory.warnings.isEmpty {
            out += ", \(inventory.warnings.count) warning\(inventory.warnings.count == 1 ? "" : "s")"
        }
        return out + "\n"
    }

    /// `glibc` or `glibc 2.36-9` (the source version only when it differs from the package's).
    static func source(of package: Package) -> String {
        guard let name = package.sourceName, !name.isEmpty else { return "" }
        if let version = package.sourceVersion, !version.isEmpty, version != package.version {
            return "\(name) \(version)"
        }
        return name
    }

    /// `/usr/lib/python3/dist-packages/x.dist-info/METADATA L3 (+1)`.
    static func location(of package: Package) -> String {
        guard let first = package.locations.first else { return "" }
        var text = "\(first.path) L\(first.layer)"
        if package.locations.count > 1 { text += " (+\(package.locations.count - 1))" }
        return text
    }

    /// Columns padded to their widest cell, two spaces apart; the last column is not padded.
    static func align(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max(), columns > 0 else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                if i == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[i] - cell.count + 2)
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
