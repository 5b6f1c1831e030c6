package import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file atomically: a temporary file beside it, then rename(2) over the target (Foundation's
/// `replaceItemAt` fails on Linux when the target exists). A failed write never leaves a partial file.
package enum AtomicFile {
    /// - Throws: `ImageAccessError(.io)` naming the path.
    package static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ImageAccessError(.io, "cannot write \(path): \(error.localizedDescription)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ImageAccessError(.io, "cannot write \(path): \(reason)")
        }
    }
}
