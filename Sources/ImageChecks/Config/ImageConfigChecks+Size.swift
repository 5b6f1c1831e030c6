/// What the image carries that it does not need: caches, too many layers, bytes hidden by later layers.
extension ImageConfigChecks {
    /// `12.3 MiB`.
    static func bytes(_ count: Int64) -> String {
        if count < 1024 { return "\(count) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(count) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    /// Whether a RUN removes something under `directory` (`rm -rf /var/lib/apt/lists/*`).
    static func removes(_ run: DockerfileCheckInput.Run, under directory: String) -> Bool {
        run.script?.removedPaths.contains { $0 == directory || $0.hasPrefix(directory + "/") || $0.hasPrefix(directory + "*") } ?? false
    }

    /// Whether the RUN mounts a cache (or tmpfs) over `directory` or a parent of it.
    static func mountsCache(_ run: DockerfileCheckInput.Run, over directory: String) -> Bool {
        run.instruction.flagValues("mount").contains { mount in
            let options = mount.split(separator: ",")
            guard options.contains(where: { $0 == "type=cache" || $0 == "type=tmpfs" }),
                  let target = options.first(where: { $0.hasPrefix("target=") || $0.hasPrefix("dst=") || $0.hasPrefix("destination=") }) else { return false }
            let path = String(target.split(separator: "=", maxSplits: 1).last ?? "")
            return directory == path || directory.hasPrefix(path.hasSuffix("/") ? path : path + "/") || path.hasPrefix(directory)
        }
    }

    /// `ENV PIP_NO_CACHE_DIR=1` (any truthy value) in the stage chain before the RUN.
    static func pipCacheDisabled(_ input: DockerfileCheckInput, before run: DockerfileCheckInput.Run) -> Bool {
        let truthy: Set<String> = ["1", "true", "on", "yes"]
        for stage in input.dockerfile.stages where stage.index <= run.stage {
            for instruction in stage.instructions where instruction.keyword == "ENV" && (stage.index < run.stage || instruction.line < run.instruction.line) {
                for pair in DockerfileWords.keyValuePairs(instruction.arguments, escape: input.escape, legacyForm: true)
                where pair.key == "PIP_NO_CACHE_DIR" && truthy.contains((pair.value ?? "").lowercased()) {
                    return true
                }
            }
        }
        return run.commands.contains { $0.assignments.contains { $0.hasPrefix("PIP_NO_CACHE_DIR=") && truthy.contains(String($0.dropFirst(17)).lowercased()) } }
    }

    /// Cache clean-ups missing from one RUN: (manager, hadolint code, what to do).
    static func cacheLeftovers(_ run: DockerfileCheckInput.Run, _ input: DockerfileCheckInput) -> [(String, String, String)] {
        let commands = run.commands.compactMap { PackageCommand($0.unwrapped) }
        var out: [(String, String, String)] = []
        if commands.contains(where: { ($0.manager == "apt-get" || $0.manager == "apt") && $0.subcommand == "update" }),
           !removes(run, under: "/var/lib/apt/lists"), !mountsCache(run, over: "/var/lib/apt/lists") {
            out.append(("apt", "DL3009", "apt-get update without rm -rf /var/lib/apt/lists/* in the same RUN leaves the package lists in the layer"))
        }
        if commands.contains(where: { $0.manager == "apk" && $0.isInstall && !$0.has("--no-cache") }),
           !removes(run, under: "/var/cache/apk"), !mountsCache(run, over: "/var/cache/apk") {
            out.append(("apk", "DL3019", "apk add without --no-cache leaves the package index in /var/cache/apk"))
        }
        if commands.contains(where: { $0.manager == "pip" && $0.isInstall && !$0.has("--no-cache-dir") }),
           !pipCacheDisabled(input, before: run), !removes(run, under: "/root/.cache"), !mountsCache(run, over: "/root/.cache/pip") {
            out.append(("pip", "DL3042", "pip install without --no-cache-dir leaves downloaded wheels in ~/.cache/pip"))
        }
        for (manager, code) in [("yum", "DL3032"), ("dnf", "DL3040"), ("microdnf", "DL3040"), ("zypper", "DL3036")] {
            guard commands.contains(where: { $0.manager == manager && $0.isInstall }) else { continue }
            let cleaned = commands.contains { $0.manager == manager && ($0.subcommand == "clean" || $0.subcommand == "cc") }
            if !cleaned && !removes(run, under: "/var/cache/\(manager == "microdnf" ? "dnf" : manager)") {
                out.append((manager, code, "\(manager) install without \(manager) clean all in the same RUN leaves its cache in the layer"))
            }
        }
        return out
    }

    static let size: [ImageConfigCheck] = [
        ImageConfigCheck(
            id: "PAL-IMG-010", title: "Package-manager caches left in the image", category: "Size", severity: .low,
            description: "Package lists and download caches (/var/lib/apt/lists, /var/cache/apt, /var/cache/apk, yum/dnf caches, ~/.cache/pip, ~/.npm, …) are left in the final filesystem. They add megabytes to every pull and stale package indexes confuse later installs and scanners.",
            remediation: "Clean in the same RUN that installs: apt-get update && apt-get install … && rm -rf /var/lib/apt/lists/*; apk add --no-cache; pip install --no-cache-dir; yum/dnf install … && yum/dnf clean all; or use RUN --mount=type=cache for the cache directories.",
            hadolint: ["DL3009", "DL3019", "DL3042", "DL3032", "DL3040", "DL3036"], dockle: ["DKL-DI-0004", "DKL-DI-0005"], other: ["trivy:DS015", "trivy:DS019", "trivy:DS020", "trivy:DS025"],
            image: { input in
                (input.facts.filesystem?.caches ?? []).filter { $0.bytes >= input.configuration.cacheBytesThreshold }.map { usage in
                    let layers = usage.layers.map(String.init).joined(separator: ", ")
                    return ImageConfigViolation(.path(usage.directory, layer: usage.layers.last),
                                                "\(usage.directory) (\(usage.manager)) holds \(bytes(usage.bytes)) in \(usage.files) files (layer\(usage.layers.count == 1 ? "" : "s") \(layers))")
                }
            },
            dockerfile: { input in
                input.runs.filter { input.isInFinalImage($0.stage) }.flatMap { run in
                    cacheLeftovers(run, input).map { _, code, text in
                        ImageConfigViolation(input.location(run.instruction), text, equivalents: [code])
                    }
                }
            }),
        ImageConfigCheck(
            id: "PAL-IMG-013", title: "Too many layers", category: "Size", severity: .low,
            description: "The image has more layers than the configured maximum (default 50). Every layer costs a download, an extraction and an overlay lookup; deep stacks approach the overlay filesystem's limit (~125) and usually mean many small RUN steps that could be combined or moved to a build stage.",
            remediation: "Combine related RUN steps, copy build output from a build stage (COPY --from=build) instead of building in the final stage, or squash.",
            image: { input in
                let count = input.facts.layerCount > 0 ? input.facts.layerCount : (input.facts.filesystem?.layersSeen ?? 0)
                guard count > input.configuration.maximumLayers else { return [] }
                return [ImageConfigViolation(.config("rootfs.diff_ids"), "the image has \(count) layers (maximum \(input.configuration.maximumLayers))")]
            },
            dockerfile: { input in
                let count = input.finalStageChain.flatMap(\.instructions).filter { ["RUN", "COPY", "ADD"].contains($0.keyword) }.count
                guard count > input.configuration.maximumLayers else { return [] }
                return [ImageConfigViolation(input.location(input.dockerfile.finalStage.from),
                                             "the final image adds \(count) layers (RUN/COPY/ADD) on top of its base (maximum \(input.configuration.maximumLayers))")]
            }),
        ImageConfigCheck(
            id: "PAL-IMG-014", title: "Deleted files still in lower layers", category: "Size", severity: .medium,
            description: "Files that a later layer deletes or overwrites are hidden from the running container but still stored, downloaded and extractable from the layer that added them: they waste space, and a key or credential \"removed\" this way is not removed. A key-like file (id_rsa, *.key, .npmrc, .netrc, .aws/credentials, …) hidden this way is HIGH.",
            remediation: "Never add secrets to a layer (use RUN --mount=type=secret); delete temporary files in the same RUN that creates them; use a multi-stage build and COPY --from only what the final image needs; rotate any exposed credential.",
            other: ["dive:highestWastedBytes", "trivy:DS031"],
            image: { input in
                guard let fs = input.facts.filesystem else { return [] }
                var out: [ImageConfigViolation] = []
                let keys = fs.files.filter { $0.inLayerHistory && $0.kind == .file && ImageFactsBuilder.isKeyLike($0.path) }
                out += PathListing.violations(keys, limit: input.configuration.maximumListedPaths,
                                              message: { "\($0.path) looks like a key or credential and is deleted by a later layer, but layer \($0.layer) still holds it" },
                                              summary: { "and \($0) more key-like files still in lower layers" })
                    .map { var v = $0; v.severity = .high; return v }
                let total = fs.wastedBytes
                if total >= input.configuration.wastedBytesThreshold, let worst = fs.layerWaste.max(by: { ($0.bytes, -$0.layer) < ($1.bytes, -$1.layer) }) {
                    let examples = worst.largest.prefix(3).map { "\($0.path) (\(bytes($0.size)))" }.joined(separator: ", ")
                    out.append(ImageConfigViolation(.path(worst.largest.first?.path ?? "/", layer: worst.layer),
                                                    "\(bytes(total)) in \(fs.layerWaste.reduce(0) { $0 + $1.files }) files are deleted or replaced by later layers; layer \(worst.layer) alone holds \(bytes(worst.bytes)) of them, e.g. \(examples)"))
                }
                return out
            },
            dockerfile: { input in deletedLater(input) }),
    ]

    /// Source-level PAL-IMG-014: an `rm` of something an earlier instruction of the final image added.
    static func deletedLater(_ input: DockerfileCheckInput) -> [ImageConfigViolation] {
        var out: [ImageConfigViolation] = []
        var added: [(path: String, isDirectory: Bool, line: Int, keyword: String)] = []
        var cacheMakers: [(directory: String, line: Int)] = []
        for stage in input.finalStageChain.reversed() {
            var workdir = "/"
            for instruction in stage.instructions {
                switch instruction.keyword {
                case "WORKDIR":
                    workdir = absolute(instruction.arguments, in: workdir)
                case "COPY", "ADD":
                    guard let (sources, destination) = input.sourcesAndDestination(instruction) else { continue }
                    let target = absolute(destination, in: workdir)
                    if destination.hasSuffix("/") || sources.count > 1 {
                        for source in sources {
                            let name = source.split(separator: "/").last.map(String.init) ?? source
                            let looksLikeFile = name.contains(".") && name != "." && name != ".." && !source.hasSuffix("/")
                            added.append(looksLikeFile ? (target + "/" + name, false, instruction.line, instruction.keyword)
                                                       : (target, true, instruction.line, instruction.keyword))
                        }
                    } else {
                        added.append((target, sources.first.map { $0 == "." || $0.hasSuffix("/") } ?? true, instruction.line, instruction.keyword))
                    }
                case "RUN":
                    guard let run = input.runs.first(where: { $0.instruction.line == instruction.line && !$0.isTrigger }) else { continue }
                    var reported: Set<String> = []
                    for removed in run.script?.removedPaths ?? [] {
                        let path = absolute(removed.replacingTrailingGlob(), in: workdir)
                        if let source = added.last(where: { $0.path == path || path.hasPrefix($0.path == "/" ? "/" : $0.path + "/") && $0.isDirectory || $0.path.hasPrefix(path + "/") }),
                           path != "/", reported.insert(path).inserted {
                            out.append(ImageConfigViolation(input.location(instruction),
                                                            "RUN deletes \(removed), which \(source.keyword) at line \(source.line) added: the bytes stay in that layer"))
                        }
                        if let maker = cacheMakers.last(where: { path == $0.directory || path.hasPrefix($0.directory + "/") || $0.directory.hasPrefix(path + "/") }),
                           reported.insert(path).inserted {
                            out.append(ImageConfigViolation(input.location(instruction),
                                                            "RUN deletes \(removed) in a separate layer from the RUN at line \(maker.line) that filled it: the bytes stay in that layer"))
                        }
                    }
                    for (manager, _, _) in cacheLeftovers(run, input) {
                        let directory = ["apt": "/var/lib/apt/lists", "apk": "/var/cache/apk", "pip": "/root/.cache/pip"][manager] ?? "/var/cache/\(manager)"
                        cacheMakers.append((directory, instruction.line))
                    }
                default:
                    break
                }
            }
        }
        return out
    }

    /// Joins a relative path to a working directory and normalises it.
    static func absolute(_ path: String, in workdir: String) -> String {
        let joined = path.hasPrefix("/") ? path : workdir + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
