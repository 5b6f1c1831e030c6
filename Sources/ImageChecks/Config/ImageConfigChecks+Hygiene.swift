/// Source-level build hygiene, the useful hadolint rules: reproducibility and surprises.
extension ImageConfigChecks {
    static func list(_ items: [String], limit: Int = 5) -> String {
        items.count <= limit ? items.joined(separator: " ") : items.prefix(limit).joined(separator: " ") + " (and \(items.count - limit) more)"
    }

    static let hygiene: [ImageConfigCheck] = [
        ImageConfigCheck(
            id: "PAL-IMG-015", title: "apt-get install without --no-install-recommends", category: "Hygiene", severity: .low,
            description: "apt-get install also installs every recommended package unless told not to, typically doubling what lands in the image (more size, more CVEs to patch).",
            remediation: "Use apt-get install -y --no-install-recommends <packages>.",
            cis: ["4.3"], hadolint: ["DL3015"], other: ["trivy:DS029"],
            dockerfile: { input in
                input.runs.compactMap { run in
                    let offending = run.commands.compactMap { PackageCommand($0.unwrapped) }.filter {
                        $0.manager == "apt-get" && $0.isInstall && !$0.has("--no-install-recommends")
                            && !$0.arguments.contains { $0.contains("Install-Recommends=false") || $0.contains("Install-Recommends=0") }
                    }
                    guard let first = offending.first else { return nil }
                    return ImageConfigViolation(input.location(run.instruction), "apt-get install \(list(first.packages)) without --no-install-recommends",
                                                equivalents: ["DL3015"])
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-016", title: "Unpinned package versions", category: "Hygiene", severity: .low,
            description: "apt-get install, apk add or pip install names packages without versions, so each build may install different versions: builds are not reproducible and a compromised or broken release is picked up silently.",
            remediation: "Pin versions (apt-get install pkg=1.2-3, apk add pkg=1.2-r0, pip install pkg==1.2) or install from a lock/requirements file with hashes.",
            hadolint: ["DL3008", "DL3013", "DL3018"],
            dockerfile: { input in
                input.runs.flatMap { run -> [ImageConfigViolation] in
                    var byManager: [(String, [String])] = []
                    for command in run.commands.compactMap({ PackageCommand($0.unwrapped) }) {
                        let unpinned = command.unpinnedPackages
                        guard !unpinned.isEmpty else { continue }
                        let key = command.manager == "apt" ? "apt-get" : command.manager
                        if let i = byManager.firstIndex(where: { $0.0 == key }) { byManager[i].1 += unpinned } else { byManager.append((key, unpinned)) }
                    }
                    return byManager.compactMap { manager, packages in
                        guard let code = ["apt-get": "DL3008", "pip": "DL3013", "apk": "DL3018"][manager] else { return nil }
                        return ImageConfigViolation(input.location(run.instruction), "\(manager) installs unpinned \(list(packages))", equivalents: [code])
                    }
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-017", title: "cd in RUN instead of WORKDIR", category: "Hygiene", severity: .low,
            description: "RUN cd … changes directory for that one shell only; later instructions silently run elsewhere. WORKDIR is explicit and persists.",
            remediation: "Use WORKDIR /path (or a subshell, or the tool's -C/--prefix option) instead of cd.",
            hadolint: ["DL3003"], other: ["trivy:DS013"],
            dockerfile: { input in
                input.runs.compactMap { run in
                    guard run.commands.contains(where: { $0.baseName == "cd" }) else { return nil }
                    return ImageConfigViolation(input.location(run.instruction), "RUN uses cd; use WORKDIR", equivalents: ["DL3003"])
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-018", title: "Pipe without pipefail", category: "Hygiene", severity: .low,
            description: "A RUN pipes commands (a | b) under a shell without -o pipefail: the step succeeds when any command but the last fails, so a failed download piped to a shell or to tar still builds an image.",
            remediation: "Set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before the RUN (or start the RUN with set -o pipefail under bash/ash).",
            hadolint: ["DL4006"],
            dockerfile: { input in
                input.runs.compactMap { run in
                    guard !run.isTrigger, !run.shellHasPipefail, let script = run.script, script.hasPipe,
                          !script.commands.contains(where: { $0.baseName == "set" && $0.arguments.contains("pipefail") }) else { return nil }
                    return ImageConfigViolation(input.location(run.instruction), "RUN pipes commands without -o pipefail", equivalents: ["DL4006"])
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-019", title: "MAINTAINER is deprecated", category: "Hygiene", severity: .low,
            description: "MAINTAINER has been deprecated since Docker 1.13; tools read the org.opencontainers.image.authors label instead.",
            remediation: "Replace MAINTAINER with LABEL org.opencontainers.image.authors=\"…\".",
            hadolint: ["DL4000"], other: ["trivy:DS022"],
            dockerfile: { input in
                input.allInstructions.filter { $0.instruction.keyword == "MAINTAINER" }.map {
                    ImageConfigViolation(input.location($0.instruction), "MAINTAINER is deprecated", equivalents: ["DL4000"])
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-020", title: "Several CMD or ENTRYPOINT in a stage", category: "Hygiene", severity: .low,
            description: "Only the last CMD and the last ENTRYPOINT of a stage take effect; earlier ones are dead code that misleads readers.",
            remediation: "Keep one CMD and one ENTRYPOINT per stage.",
            hadolint: ["DL4003", "DL4004"], other: ["trivy:DS016", "trivy:DS007"],
            dockerfile: { input in
                var out: [ImageConfigViolation] = []
                for stage in input.dockerfile.stages {
                    for (keyword, code) in [("CMD", "DL4003"), ("ENTRYPOINT", "DL4004")] {
                        let all = stage.instructions.filter { $0.keyword == keyword }
                        for extra in all.dropFirst() {
                            out.append(ImageConfigViolation(input.location(extra), "\(keyword) overrides the \(keyword) at line \(all[0].line) in the same stage",
                                                            equivalents: [code]))
                        }
                    }
                }
                return out
            }),
    ]
}
