import ArgumentParser

/// The `palisade` command: a thin front end over the Palisade libraries.
@main
struct Palisade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palisade",
        abstract: "Container security: read, inventory and check images, workloads and clusters.",
        discussion: """
            Image references use skopeo's transport syntax: oci:DIR[:REF], oci-archive:FILE[:REF], \
            docker-archive:FILE[:NAME:TAG], rootfs:DIR, docker://HOST/REPO[:TAG|@DIGEST] or a bare REPO[:TAG].

            Shell completions: palisade --generate-completion-script bash|zsh|fish
            """,
        version: PalisadeVersion.current,
        subcommands: [ImageCommand.self, SBOMGroupCommand.self, DockerfileCommand.self, DBCommand.self, K8sCommand.self, KeyCommand.self,
                      PolicyCommand.self, CheckCommand.self]
    )
}

enum PalisadeVersion {
    static let current = "0.1.0"
}
