import ArgumentParser
import Foundation
import ImageAccess
import Logging

/// Options every image command shares.
struct ImageOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The image: oci:DIR[:REF], oci-archive:FILE[:REF], docker-archive:FILE[:NAME:TAG], rootfs:DIR, docker://HOST/REPO[:TAG|@DIGEST] or REPO[:TAG].", valueName: "image"))
    var reference: String

    @Option(help: ArgumentHelp("Platform to select from a multi-platform image, os/arch[/variant] (default: this host's).", valueName: "os/arch[/variant]"))
    var platform: String?

    @Option(help: ArgumentHelp("Registry credentials, USER:PASSWORD.", valueName: "user:password"))
    var creds: String?

    @Option(help: ArgumentHelp("Auth file to read registry credentials from (default: $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json, ~/.docker/config.json).", valueName: "path"))
    var authfile: String?

    @Flag(help: "Allow plain HTTP and unverified TLS for registries.")
    var insecure = false

    @Option(name: .customLong("tls-verify"), help: ArgumentHelp("Require HTTPS and verify certificates (skopeo's spelling; --tls-verify=false is --insecure).", valueName: "bool"))
    var tlsVerify: Bool?

    @Option(help: ArgumentHelp("Largest uncompressed layer accepted, in bytes (default 16 GiB).", valueName: "bytes"))
    var maxLayerSize: Int64?

    @Option(help: ArgumentHelp("Largest compression ratio accepted (default 200).", valueName: "ratio"))
    var maxRatio: Int64?

    @Option(help: ArgumentHelp("Most entries accepted in one layer (default 500000).", valueName: "count"))
    var maxEntries: Int?

    @Flag(name: .shortAndLong, help: "Print progress and retries to standard error.")
    var verbose = false

    func validate() throws {
        if let platform, Platform(parsing: platform) == nil {
            throw ValidationError("--platform '\(platform)' is not os/arch[/variant]")
        }
        if let creds, Credentials(parsing: creds) == nil {
            throw ValidationError("--creds must be USER:PASSWORD")
        }
        if let maxRatio, maxRatio < 1 { throw ValidationError("--max-ratio must be at least 1") }
        if let maxLayerSize, maxLayerSize < 1 { throw ValidationError("--max-layer-size must be positive") }
        if let maxEntries, maxEntries < 1 { throw ValidationError("--max-entries must be positive") }
    }

    var logger: Logger {
        var logger = Logger(label: "palisade") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }

    func opener() -> ImageOpener {
        var configuration = ImageOpener.Configuration()
        configuration.platform = platform.flatMap(Platform.init(parsing:))
        configuration.registry.credentials = creds.flatMap(Credentials.init(parsing:))
        configuration.registry.authFile = authfile
        configuration.registry.insecure = insecure || tlsVerify == false
        if let maxLayerSize { configuration.limits.maxLayerBytes = maxLayerSize }
        if let maxRatio { configuration.limits.maxCompressionRatio = maxRatio }
        if let maxEntries { configuration.limits.maxEntriesPerLayer = maxEntries }
        return ImageOpener(configuration: configuration, logger: logger)
    }

    func parsedReference() throws -> ImageReference {
        try ImageReference(parsing: reference)
    }
}

/// Output formats of the image commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Runs a command body, turning Palisade errors into a message on standard error and exit code 1.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ImageAccessError {
        FileHandle.standardError.write(Data("palisade: error: \(error.message)\n".utf8))
        throw ExitCode(1)
    }
}

/// Writes text to standard output in one piece.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// JSON as users read it: sorted keys, indented, no escaped slashes.
func encodeJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}
