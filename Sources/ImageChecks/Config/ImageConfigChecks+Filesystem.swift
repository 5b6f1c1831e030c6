/// What the filesystem lets a process do: sudo, setuid/setgid, world-writable paths, an SSH server.
extension ImageConfigChecks {
    static let sshServerPackages: Set<String> = ["openssh-server", "openssh", "dropbear", "dropbear-bin", "openssh-server-pam", "ssh"]

    /// Port specs such as `22`, `22/tcp`, `20-25/tcp` that include 22.
    static func includesSSHPort(_ spec: String) -> Bool {
        let port = spec.split(separator: "/").first.map(String.init) ?? spec
        if let single = Int(port) { return single == 22 }
        let range = port.split(separator: "-").compactMap { Int($0) }
        return range.count == 2 && range[0] <= 22 && 22 <= range[1]
    }

    static func runsSSHD(_ words: [String]) -> Bool {
        let script = ShellScript(commands: [ShellScript.Command(words: words)])
        let commands = words.count == 3 && ["sh", "bash", "/bin/sh", "/bin/bash"].contains(words[0]) && words[1] == "-c"
            ? ShellScript(words[2]).commands : script.commands
        return commands.contains { ImageFactsBuilder.sshdNames.contains($0.unwrapped.baseName ?? "") }
    }

    /// Package-manager installs of `names` in a RUN.
    static func installs(_ run: DockerfileCheckInput.Run, anyOf names: Set<String>) -> [String] {
        run.commands.compactMap { PackageCommand($0.unwrapped) }.filter(\.isInstall)
            .flatMap { command in command.packages.filter { names.contains(String($0.prefix(while: { $0 != "=" && $0 != "~" }))) } }
    }

    /// COPY/ADD instructions with `--chmod`, as chmod commands on their destination.
    static func copyModes(_ input: DockerfileCheckInput) -> [(DockerfileInstruction, ChmodCommand)] {
        input.allInstructions.compactMap { _, instruction in
            guard let (_, destination) = input.sourcesAndDestination(instruction),
                  let chmod = ChmodCommand(copy: instruction, destination: destination) else { return nil }
            return (instruction, chmod)
        }
    }

    static let filesystem: [ImageConfigCheck] = [
        ImageConfigCheck(
            id: "PAL-IMG-007", title: "sudo in the image", category: "Filesystem", severity: .medium,
            description: "sudo (or doas) is installed or used. In a container it is at best useless (switch users with USER instead) and at worst a privilege-escalation path with unpredictable TTY and signal behaviour.",
            remediation: "Remove sudo; run root-only build steps before USER, and use gosu/su-exec in entrypoints that must drop privileges.",
            hadolint: ["DL3004"], dockle: ["DKL-DI-0001"], other: ["trivy:DS010"],
            image: { input in
                let binaries = input.visibleFiles.filter { $0.kind != .directory && ImageFactsBuilder.isBinary($0.path, in: ImageFactsBuilder.sudoNames) }
                var out = binaries.map { ImageConfigViolation(.path($0.path, layer: $0.layer), "\($0.path) is installed\($0.isSetuid ? " (setuid)" : "")") }
                for (index, command) in input.historyCommands {
                    guard let script = command.script, script.commands.contains(where: { $0.baseName == "sudo" }) else { continue }
                    out.append(ImageConfigViolation(.history(index), "history: a RUN step uses sudo", equivalents: ["DL3004"]))
                }
                return out
            },
            dockerfile: { input in
                input.runs.flatMap { run -> [ImageConfigViolation] in
                    var out: [ImageConfigViolation] = []
                    if run.commands.contains(where: { $0.baseName == "sudo" }) {
                        out.append(ImageConfigViolation(input.location(run.instruction), "RUN uses sudo", equivalents: ["DL3004"]))
                    }
                    if !installs(run, anyOf: ["sudo", "doas"]).isEmpty {
                        out.append(ImageConfigViolation(input.location(run.instruction), "RUN installs the sudo package"))
                    }
                    return out
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-008", title: "setuid/setgid files", category: "Filesystem", severity: .low,
            description: "Executables with the setuid or setgid bit run with their owner's (usually root's) privileges whoever starts them: a vulnerability in any of them is a privilege escalation inside the container. Most services need none.",
            remediation: "Strip the bits in the final stage (RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true), remove the packages that need them, and run with allowPrivilegeEscalation: false / no-new-privileges.",
            cis: ["4.8"], dockle: ["CIS-DI-0008"],
            image: { input in
                let files = input.visibleFiles.filter { $0.kind == .file && ($0.isSetuid || $0.isSetgid) }
                return PathListing.violations(files, limit: input.configuration.maximumListedPaths,
                                              message: { "\($0.path) is \([$0.isSetuid ? "setuid" : nil, $0.isSetgid ? "setgid" : nil].compactMap { $0 }.joined(separator: " and ")) (mode \($0.octalMode))" },
                                              summary: { "and \($0) more setuid/setgid files" })
            },
            dockerfile: { input in
                input.runs.flatMap { run in
                    run.commands.compactMap(ChmodCommand.init).filter(\.grantsSetID).map {
                        ImageConfigViolation(input.location(run.instruction), "RUN chmod \($0.mode) sets setuid/setgid on \($0.paths.joined(separator: " "))")
                    }
                } + copyModes(input).filter { $0.1.grantsSetID }.map { instruction, chmod in
                    ImageConfigViolation(input.location(instruction), "\(instruction.keyword) --chmod=\(chmod.mode) sets setuid/setgid on \(chmod.paths[0])")
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-009", title: "World-writable files or directories", category: "Filesystem", severity: .medium,
            description: "A file or directory any user can write (mode o+w) lets any process in the container change code, configuration or data it does not own. Directories with the sticky bit (like /tmp, 1777) are fine: only owners can delete or rename inside them. Symlinks are ignored (their mode is always 777).",
            remediation: "Remove write permission for others (chmod o-w), give the path to the service's user instead (chown), or set the sticky bit on shared scratch directories.",
            image: { input in
                let paths = input.visibleFiles.filter { ($0.kind == .file || ($0.kind == .directory && !$0.isSticky)) && $0.isWorldWritable }
                return PathListing.violations(paths, limit: input.configuration.maximumListedPaths,
                                              message: { "\($0.path) is a world-writable \($0.kind == .directory ? "directory without the sticky bit" : "file") (mode \($0.octalMode))" },
                                              summary: { "and \($0) more world-writable paths" })
            },
            dockerfile: { input in
                input.runs.flatMap { run in
                    run.commands.compactMap(ChmodCommand.init).filter(\.grantsWorldWrite).map {
                        ImageConfigViolation(input.location(run.instruction), "RUN chmod \($0.mode) makes \($0.paths.joined(separator: " ")) world-writable")
                    }
                } + copyModes(input).filter { $0.1.grantsWorldWrite }.map { instruction, chmod in
                    ImageConfigViolation(input.location(instruction), "\(instruction.keyword) --chmod=\(chmod.mode) makes \(chmod.paths[0]) world-writable")
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-011", title: "SSH server or port 22", category: "Filesystem", severity: .medium,
            description: "The image exposes port 22, ships or installs an SSH daemon (sshd, dropbear) or starts one. An SSH server in a container is another service to patch and another way in; use docker exec / kubectl exec for access.",
            remediation: "Remove the SSH server package and EXPOSE 22; use docker exec or kubectl exec (or an ephemeral debug container) for interactive access.",
            cis: ["5.6"], other: ["trivy:DS004"],
            image: { input in
                var out: [ImageConfigViolation] = []
                for port in input.facts.exposedPorts where includesSSHPort(port) {
                    out.append(ImageConfigViolation(.config("ExposedPorts"), "the image exposes \(port)"))
                }
                for file in input.visibleFiles where file.kind != .directory && ImageFactsBuilder.isBinary(file.path, in: ImageFactsBuilder.sshdNames) {
                    out.append(ImageConfigViolation(.path(file.path, layer: file.layer), "\(file.path) (an SSH server) is installed"))
                }
                if runsSSHD(input.facts.entrypoint + input.facts.cmd) {
                    out.append(ImageConfigViolation(.config(input.facts.entrypoint.isEmpty ? "Cmd" : "Entrypoint"), "the image starts an SSH server"))
                }
                return out
            },
            dockerfile: { input in
                var out: [ImageConfigViolation] = []
                for stage in input.finalStageChain {
                    for instruction in stage.instructions where instruction.keyword == "EXPOSE" {
                        for spec in DockerfileWords.split(instruction.arguments, escape: input.escape) where includesSSHPort(spec) {
                            out.append(ImageConfigViolation(input.location(instruction), "EXPOSE \(spec) exposes the SSH port"))
                        }
                    }
                }
                for run in input.runs where input.isInFinalImage(run.stage) {
                    let packages = installs(run, anyOf: sshServerPackages)
                    if !packages.isEmpty {
                        out.append(ImageConfigViolation(input.location(run.instruction), "RUN installs an SSH server (\(packages.joined(separator: ", ")))"))
                    }
                }
                for keyword in ["ENTRYPOINT", "CMD"] {
                    guard let instruction = input.effective(keyword) else { continue }
                    let words = instruction.execForm ?? ["/bin/sh", "-c", instruction.arguments]
                    if runsSSHD(words) { out.append(ImageConfigViolation(input.location(instruction), "\(keyword) starts an SSH server")) }
                }
                return out
            }),
    ]
}
