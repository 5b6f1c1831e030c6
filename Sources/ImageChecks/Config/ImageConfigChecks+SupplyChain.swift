/// Where the image's content comes from: remote ADD, mutable tags, piping downloads into a shell.
extension ImageConfigChecks {
    static let archiveExtensions = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tb2", ".tar.xz", ".txz", ".tar.lz",
                                    ".tlz", ".tar.lzma", ".tlzma", ".tar.z", ".tz", ".taz", ".tar.zst", ".tzst", ".gz", ".bz2",
                                    ".xz", ".lz", ".lzma", ".z", ".zst"]

    static func isRemoteSource(_ source: String) -> Bool {
        let s = source.lowercased()
        return s.hasPrefix("http://") || s.hasPrefix("https://") || s.hasPrefix("git@") || s.hasPrefix("git://")
    }

    static func isArchive(_ source: String) -> Bool {
        let s = source.lowercased()
        return archiveExtensions.contains { s.hasSuffix($0) }
    }

    /// The latest/untagged verdict for an image reference: ("DL3007", text) or ("DL3006", text), nil when pinned.
    static func mutableTag(_ reference: ImageFacts.Reference) -> (code: String, text: String)? {
        guard reference.digest == nil else { return nil }
        guard let tag = reference.tag else { return ("DL3006", "has no tag, so it means :latest") }
        return tag.lowercased() == "latest" ? ("DL3007", "uses the :latest tag") : nil
    }

    static let supplyChain: [ImageConfigCheck] = [
        ImageConfigCheck(
            id: "PAL-IMG-004", title: "ADD from a URL", category: "Supply chain", severity: .medium,
            description: "ADD downloads a remote URL or git repository at build time without verifying it (unless --checksum is given): the content can change or be tampered with between builds, and the download is not cached reproducibly.",
            remediation: "Download with RUN curl -fsSL … and verify a pinned checksum (sha256sum -c), or use ADD --checksum=sha256:… (BuildKit); for git, pin a commit.",
            cis: ["4.9"], dockle: ["CIS-DI-0009"], other: ["trivy:DS005"],
            image: { input in
                input.historyCommands.compactMap { index, command in
                    guard command.keyword == "ADD",
                          let url = command.arguments.split(whereSeparator: \.isShellBlank).first(where: { isRemoteSource(String($0)) }) else { return nil }
                    return ImageConfigViolation(.history(index), "history: ADD downloads \(url)")
                }
            },
            dockerfile: { input in
                input.allInstructions.compactMap { _, instruction in
                    guard instruction.keyword == "ADD", instruction.flag("checksum") == nil,
                          let (sources, _) = input.sourcesAndDestination(instruction),
                          let remote = sources.first(where: isRemoteSource) else { return nil }
                    return ImageConfigViolation(input.location(instruction), "ADD downloads \(remote) without --checksum")
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-005", title: "ADD where COPY would do", category: "Supply chain", severity: .low,
            description: "ADD copies a local file or directory that is not an archive. ADD also extracts archives and fetches URLs, so using it for plain copies hides those behaviours; COPY does only what it says.",
            remediation: "Use COPY for local files and directories; keep ADD for extracting local tar archives.",
            cis: ["4.9"], hadolint: ["DL3020"], dockle: ["CIS-DI-0009"], other: ["trivy:DS005"],
            dockerfile: { input in
                input.allInstructions.compactMap { _, instruction in
                    guard instruction.keyword == "ADD", let (sources, _) = input.sourcesAndDestination(instruction) else { return nil }
                    guard let plain = sources.first(where: { !isRemoteSource($0) && !isArchive($0) }) else { return nil }
                    let what = plain.hasPrefix("<<") ? "an inline heredoc file" : "\(plain), which is not an archive"
                    return ImageConfigViolation(input.location(instruction), "ADD copies \(what); use COPY", equivalents: ["DL3020"])
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-006", title: "Image :latest or untagged", category: "Supply chain", severity: .medium,
            description: "The image (or a FROM base image) is referenced as :latest or with no tag (which means :latest). The tag moves, so builds are not reproducible and a rebuild can silently pull a different, possibly broken or compromised, image.",
            remediation: "Pin a specific version tag, and better a digest: FROM python:3.12-slim@sha256:…",
            hadolint: ["DL3006", "DL3007"], dockle: ["DKL-DI-0006"], other: ["trivy:DS001"],
            image: { input in
                guard let reference = input.facts.reference, let verdict = mutableTag(reference) else { return [] }
                return [ImageConfigViolation(.config("reference"), "image \(reference) \(verdict.text)", equivalents: [verdict.code])]
            },
            dockerfile: { input in
                var stageNames: Set<String> = []
                var out: [ImageConfigViolation] = []
                for stage in input.dockerfile.stages {
                    defer { if let name = stage.name { stageNames.insert(name) } }
                    guard let image = stage.resolvedBaseImage, !image.isEmpty else { continue }
                    let lower = image.lowercased()
                    guard lower != "scratch", !stageNames.contains(lower), Int(lower) == nil else { continue }
                    guard let verdict = mutableTag(ImageFacts.Reference(parsing: image)) else { continue }
                    let shown = image == stage.baseImage ? image : "\(stage.baseImage) (= \(image))"
                    out.append(ImageConfigViolation(input.location(stage.from), "FROM \(shown) \(verdict.text)", equivalents: [verdict.code]))
                }
                return out
            }),
        ImageConfigCheck(
            id: "PAL-IMG-012", title: "Download piped to a shell", category: "Supply chain", severity: .medium,
            description: "A build step downloads a script and executes it directly (curl … | sh, wget -O- … | bash, sh -c \"$(curl …)\"). Nothing verifies what was downloaded, a partial download runs half a script, and the step's outcome depends on a remote server at build time.",
            remediation: "Download to a file, verify it against a pinned checksum or signature, then run it; or install the software from a package repository.",
            image: { input in
                input.historyCommands.compactMap { index, command in
                    guard let found = command.script?.downloadAndExecute, !found.isEmpty else { return nil }
                    return ImageConfigViolation(.history(index), "history: a RUN step runs \(found.joined(separator: ", "))")
                }
            },
            dockerfile: { input in
                input.runs.compactMap { run in
                    guard let found = run.script?.downloadAndExecute, !found.isEmpty else { return nil }
                    return ImageConfigViolation(input.location(run.instruction), "RUN executes a download: \(found.joined(separator: ", "))")
                }
            }),
    ]
}
