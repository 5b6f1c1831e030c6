import ArgumentParser
import Foundation
import ImageAccess
import Inventory
import Signing
#if canImport(Glibc)
import Glibc
#endif

/// `palisade image sbom REF`
struct SBOMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbom",
        abstract: "List every OS and language package in an image, with the layer it came from.",
        discussion: "Formats: cyclonedx (CycloneDX 1.6 JSON), spdx (SPDX 2.3 JSON), json (Palisade's schema), table."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case cyclonedx, spdx, json, table
    }

    @OptionGroup var image: ImageOptions

    @Option(help: "Output format.")
    var format: Format = .table

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Fail when a file could not be cataloged (default: warn and go on).")
    var strict = false

    @Flag(name: .customLong("lock-files"), help: "Also catalog lock files and manifests (requirements*.txt, package-lock.json, go.mod, Cargo.lock, ...), as for a source tree.")
    var lockFiles = false

    @Flag(help: "Also sign the SBOM and attach it to the image in its registry as a cosign attestation (cyclonedx or spdx format; needs --key).")
    var attest = false

    @Option(help: ArgumentHelp("The private key for --attest.", valueName: "file"))
    var key: String?

    func validate() throws {
        if attest && key == nil { throw ValidationError("--attest needs --key PRIVATE_KEY_FILE") }
        if attest && format != .cyclonedx && format != .spdx { throw ValidationError("--attest needs --format cyclonedx or spdx") }
    }

    func run() async throws {
        try await runReportingSigningCommand {
            let opener = image.opener()
            let opened = try await opener.open(try image.parsedReference())
            var configuration = InventoryScanner.Configuration()
            if lockFiles { configuration.catalogers = Catalogers.all }
            let inventory = try await InventoryScanner(configuration: configuration, opener: opener).scan(opened)
            for warning in inventory.warnings {
                FileHandle.standardError.write(Data("palisade: warning: \(warning)\n".utf8))
            }
            if strict && !inventory.warnings.isEmpty {
                throw ImageAccessError(.malformed, "\(inventory.warnings.count) file(s) could not be cataloged (--strict)")
            }
            let data: Data
            switch format {
            case .cyclonedx: data = try CycloneDXWriter().encode(inventory, toolVersion: PalisadeVersion.current)
            case .spdx: data = try SPDXWriter().encode(inventory, toolVersion: PalisadeVersion.current)
            case .json: data = try InventoryJSONWriter().encode(inventory, toolVersion: PalisadeVersion.current)
            case .table: data = Data(TableWriter().render(inventory).utf8)
            }
            if attest, let key {
                let privateKey = try signingKey(key)
                let session = try await SigningSession.open(image)
                defer { Task { await session.close() } }
                try await pushAttestation(session: session, predicateType: format == .cyclonedx ? PredicateType.cycloneDX : PredicateType.spdxJSON,
                                         predicate: data, key: privateKey, replace: true)
                await session.close()
            }
            try writeOutput(data, to: output)
        }
    }
}

/// Writes to standard output, or to a file atomically (a temporary file beside it, then rename):
/// a failed run never leaves a partial file.
func writeOutput(_ data: Data, to path: String?) throws {
    guard let path, path != "-" else {
        FileHandle.standardOutput.write(data)
        return
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
       let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType,
       type != .typeRegular {
        // A device, pipe or terminal (/dev/null, /dev/stdout, a FIFO): write to it, never replace it.
        guard !isDirectory.boolValue, let handle = FileHandle(forWritingAtPath: path) else {
            throw ImageAccessError(.io, "cannot write \(path): not a file")
        }
        handle.write(data)
        try? handle.close()
        return
    }
    try AtomicFile.write(data, to: path)
}
