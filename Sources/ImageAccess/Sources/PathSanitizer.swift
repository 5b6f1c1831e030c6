/// Turns tar member names into clean relative paths, refusing any that leave the root.
package enum PathSanitizer {
    /// The longest path accepted (Linux's PATH_MAX).
    package static let maxPathBytes = 4096
    /// The most components a path may have.
    package static let maxComponents = 256

    /// `./usr//bin/../lib/` → `usr/lib`. Throws for absolute paths and for `..` that climbs above the root.
    package static func clean(_ raw: String) throws -> String {
        if raw.hasPrefix("/") {
            throw ImageAccessError(.unsafePath, "absolute path '\(raw.prefix(200))'")
        }
        if raw.utf8.count > maxPathBytes {
            throw ImageAccessError(.unsafePath, "path longer than \(maxPathBytes) bytes")
        }
        if raw.utf8.contains(0) {
            throw ImageAccessError(.unsafePath, "path with a NUL byte")
        }
        var parts: [Substring] = []
        for part in raw.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else {
                    throw ImageAccessError(.unsafePath, "path '\(raw.prefix(200))' escapes the root with '..'")
                }
                parts.removeLast()
                continue
            }
            parts.append(part)
            if parts.count > maxComponents {
                throw ImageAccessError(.unsafePath, "path deeper than \(maxComponents) components")
            }
        }
        return parts.joined(separator: "/")
    }

    /// The parent of a clean path ("" for top-level entries).
    package static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The last component of a clean path.
    package static func base(_ path: String) -> Substring {
        guard let slash = path.lastIndex(of: "/") else { return Substring(path) }
        return path[path.index(after: slash)...]
    }
}
