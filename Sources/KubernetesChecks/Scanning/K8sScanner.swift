public import Foundation

/// Scans Kubernetes manifests (YAML or JSON files, directories, multi-document streams, `List`s) with the
/// checks of `K8sChecks.all`.
public struct K8sScanner: Sendable {
    public let options: K8sScanOptions

    /// - Parameter options: which checks run, their parameters, exceptions and input limits.
    public init(options: K8sScanOptions = .init()) {
        self.options = options
    }

    /// Scans files and directories (recursively: *.yaml, *.yml, *.json); "-" reads standard input.
    /// - Parameter paths: files, directories or "-".
    public func scan(paths: [String]) -> K8sScanResult {
        read(paths: paths).evaluate()
    }

    /// Reads and parses the inputs once.
    func read(paths: [String]) -> ScanInputs {
        var inputs = ScanInputs(options: options)
        for path in paths {
            if path == "-" {
                inputs.add(data: Self.readStandardInput(limit: options.maxFileBytes), name: "-")
                continue
            }
            for file in ManifestFiles.collect(path, errors: &inputs.errors) {
                inputs.add(file: file)
            }
        }
        return inputs
    }

    /// Reads standard input in chunks, stopping one byte past `limit` (the caller reports the overflow).
    static func readStandardInput(limit: Int) -> Data {
        var data = Data()
        let cap = min(limit, K8sScanOptions.maxFileBytesCeiling) + 1
        while data.count < cap {
            guard let chunk = try? FileHandle.standardInput.read(upToCount: min(1 << 20, cap - data.count)), !chunk.isEmpty else { break }
            data.append(chunk)
        }
        return data
    }

    /// Scans one in-memory stream (Helm or kustomize output).
    /// - Parameters:
    ///   - data: the manifest bytes.
    ///   - name: the name findings carry as their file.
    public func scan(data: Data, name: String) -> K8sScanResult {
        var inputs = ScanInputs(options: options)
        inputs.add(data: data, name: name)
        return inputs.evaluate()
    }
}

/// Finds manifest files under a path, in a stable order.
enum ManifestFiles {
    static let extensions: Set<String> = ["yaml", "yml", "json"]

    static func collect(_ path: String, errors: inout [K8sInputError]) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            errors.append(K8sInputError(file: path, line: 1, message: "no such file or directory"))
            return []
        }
        guard isDirectory.boolValue else { return [path] }
        var out: [String] = []
        var stack = [path]
        while let dir = stack.popLast() {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
                errors.append(K8sInputError(file: dir, line: 1, message: "cannot list directory"))
                continue
            }
            for entry in entries where !entry.hasPrefix(".") {
                let full = dir == "." ? entry : (dir.hasSuffix("/") ? dir + entry : dir + "/" + entry)
                guard let attrs = try? FileManager.default.attributesOfItem(atPath: full), let type = attrs[.type] as? FileAttributeType else { continue }
                if type == .typeDirectory { stack.append(full) }   // symlinked directories are not followed (no loops)
                else if type == .typeRegular || type == .typeSymbolicLink, extensions.contains((entry as NSString).pathExtension.lowercased()) {
                    out.append(full)
                }
            }
        }
        return out.sorted()
    }
}
