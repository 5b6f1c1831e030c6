import ArgumentParser

/// `palisade image ...`
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Open images from layouts, archives, root filesystems and registries.",
        subcommands: [InspectCommand.self, FilesCommand.self, CatCommand.self, SBOMCommand.self, ImageScanCommand.self, ImageRescanCommand.self, BaseImageCommand.self,
                      ImageSignCommand.self, ImageVerifyCommand.self, ImageAttestCommand.self, ImageVerifyAttestationCommand.self,
                      ImageChecksCommand.self]
    )
}
