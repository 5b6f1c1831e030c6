/// A package-manager command: `apt-get install`, `apk add`, `pip install`, `yum install` …
struct PackageCommand: Sendable {
    /// `apt-get`, `apt`, `apk`, `pip`, `yum`, `dnf`, `microdnf`, `zypper`, `npm`, `gem`.
    var manager: String
    /// `install`, `add`, `update`, …
    var subcommand: String
    /// Operands after the subcommand (package names, paths, requirement specs).
    var packages: [String]
    /// Every argument after the manager name (for option checks).
    var arguments: [String]

    static let aptValueOptions: Set<String> = ["-o", "-c", "-t", "--target-release", "--option", "--config-file"]
    static let apkValueOptions: Set<String> = ["-t", "--virtual", "-X", "--repository", "--repositories-file", "-p", "--root",
                                               "--arch", "--cache-dir", "--keys-dir"]
    static let pipValueOptions: Set<String> = ["-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
                                               "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root",
                                               "--trusted-host", "--platform", "--python-version", "--implementation", "--abi",
                                               "--progress-bar", "--src", "--upgrade-strategy", "--cache-dir", "--log", "--proxy",
                                               "--no-binary", "--only-binary", "-b", "--build", "--config-settings", "-C",
                                               "--python", "--retries", "--timeout", "--exists-action", "--cert", "--client-cert"]
    static let yumValueOptions: Set<String> = ["--setopt", "--enablerepo", "--disablerepo", "-c", "--config", "--installroot",
                                               "--releasever", "-x", "--exclude"]

    /// Reads a command (already unwrapped) as a package-manager command.
    init?(_ command: ShellScript.Command) {
        guard let base = command.baseName else { return nil }
        var words = Array(command.arguments)
        var manager = base
        var valueOptions: Set<String>
        switch base {
        case "apt-get", "apt":
            valueOptions = Self.aptValueOptions
        case "apk":
            valueOptions = Self.apkValueOptions
        case "yum", "dnf", "microdnf", "zypper", "tdnf":
            valueOptions = Self.yumValueOptions
        case "npm", "gem", "yarn":
            valueOptions = []
        default:
            if Self.isPip(base) {
                manager = "pip"
                valueOptions = Self.pipValueOptions
            } else if base.hasPrefix("python"), let m = words.firstIndex(of: "-m"), m + 1 < words.count, Self.isPip(words[m + 1]) {
                manager = "pip"
                words = Array(words[(m + 2)...])
                valueOptions = Self.pipValueOptions
            } else {
                return nil
            }
        }
        var skipNext = false
        var subcommand: String?
        var packages: [String] = []
        for word in words {
            if skipNext { skipNext = false; continue }
            if word.hasPrefix("-") && word != "-" {
                if valueOptions.contains(word) { skipNext = true }
                continue
            }
            if subcommand == nil { subcommand = word } else { packages.append(word) }
        }
        guard let subcommand else { return nil }
        self.manager = manager
        self.subcommand = subcommand
        self.packages = packages
        self.arguments = words
    }

    /// `pip`, `pip3`, `pip3.12`.
    static func isPip(_ name: String) -> Bool {
        name.hasPrefix("pip") && name.dropFirst(3).allSatisfy { $0.isNumber || $0 == "." }
    }

    var isInstall: Bool {
        switch manager {
        case "apk": subcommand == "add"
        case "zypper": subcommand == "install" || subcommand == "in"
        default: subcommand == "install"
        }
    }

    func has(_ option: String) -> Bool { arguments.contains(option) || arguments.contains { $0.hasPrefix(option + "=") } }

    /// Packages the install names without a version (hadolint's DL3008/DL3013/DL3018 reading); empty when
    /// everything is pinned or the install reads a requirements or constraints file.
    var unpinnedPackages: [String] {
        guard isInstall else { return [] }
        switch manager {
        case "apt-get", "apt":
            return packages.filter { !$0.contains("=") && !$0.contains("/") && !$0.hasSuffix(".deb") }
        case "apk":
            return packages.filter { !$0.contains("=") && !$0.contains("~") && !$0.hasSuffix(".apk") }
        case "pip":
            if has("-r") || has("--requirement") || has("-c") || has("--constraint") || packages.contains(".") { return [] }
            return packages.filter { package in
                let versioned = ["==", ">=", "<=", ">", "<", "!=", "~=", "==="].contains { package.contains($0) }
                let vcs = ["git+", "hg+", "svn+", "bzr+", "git:", "svn:"].contains { package.hasPrefix($0) }
                let local = package.hasSuffix(".whl") || package.hasSuffix(".tar.gz") || package.hasSuffix(".zip")
                let path = !vcs && package.contains("/")
                return !(versioned || (vcs && package.contains("@")) || local || path)
            }
        default:
            return []
        }
    }
}
