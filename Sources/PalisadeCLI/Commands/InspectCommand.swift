import ArgumentParser
import ImageAccess

/// `palisade image inspect REF`
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an image's digest, platform, configuration, history and layers."
    )

    @OptionGroup var image: ImageOptions

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    func run() async throws {
        try await runReportingErrors {
            let opener = image.opener()
            let opened = try await opener.open(try image.parsedReference())
            let listings = try await opener.listLayers(of: opened, digests: false)
            let report = InspectReport(image: opened, listings: listings)
            switch format {
            case .json: emit(try encodeJSON(report))
            case .table: emit(report.table())
            }
        }
    }
}
