import ArgumentParser
import ImageAccess

/// `palisade image files REF`
struct FilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "List an image's merged filesystem, each file with the layer that wrote it.",
        discussion: "With --layer N, list what layer N (1 = the base layer) itself holds, including files later layers delete, and its whiteouts."
    )

    @OptionGroup var image: ImageOptions

    @Option(help: ArgumentHelp("List only this layer's own entries (1-based).", valueName: "n"))
    var layer: Int?

    @Flag(help: "Compute the SHA-256 of every regular file.")
    var digests = false

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    func run() async throws {
        try await runReportingErrors {
            let opener = image.opener()
            let opened = try await opener.open(try image.parsedReference())
            let report: FilesReport
            if let layer {
                guard let chosen = opened.layers.first(where: { $0.index == layer }) else {
                    throw ImageAccessError(.notFound, "\(opened.reference): no layer \(layer) (the image has \(opened.layers.count), numbered from 1)")
                }
                let single = Image(copying: opened, layers: [chosen])
                let listing = try await opener.listLayers(of: single, digests: digests)[0]
                report = FilesReport(image: opened, layer: chosen, files: listing.entries,
                                     whiteouts: listing.whiteouts, opaqueDirectories: listing.opaqueDirectories)
            } else {
                let filesystem = try await opener.filesystem(of: opened, digests: digests)
                report = FilesReport(image: opened, layer: nil, files: filesystem.entries, whiteouts: nil, opaqueDirectories: nil)
            }
            switch format {
            case .json: try report.writeJSON()
            case .table: emit(report.table(digests: digests))
            }
        }
    }
}

/// `palisade image cat REF PATH`
struct CatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Print a file of the image's merged filesystem (symbolic links are followed inside the image)."
    )

    @OptionGroup var image: ImageOptions

    @Argument(help: ArgumentHelp("Absolute path inside the image.", valueName: "path"))
    var path: String

    func run() async throws {
        try await runReportingErrors {
            let opener = image.opener()
            let opened = try await opener.open(try image.parsedReference())
            let filesystem = try await opener.filesystem(of: opened, digests: false)
            let data = try opener.readFile(path.hasPrefix("/") ? path : "/" + path, in: opened, filesystem: filesystem)
            FileHandleOutput.write(data)
        }
    }
}
