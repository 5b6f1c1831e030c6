/// Which paths the builder keeps as notable, and which directories are package-manager caches.
extension ImageFactsBuilder {
    static let binaryDirectories: Set<String> = ["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"]
    /// Privilege-raising tools (PAL-IMG-007).
    static let sudoNames: Set<String> = ["sudo", "doas", "sudoedit"]
    /// SSH servers (PAL-IMG-011).
    static let sshdNames: Set<String> = ["sshd", "dropbear"]
    static let keyFileNames: Set<String> = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".netrc", ".npmrc", ".pypirc",
                                            ".git-credentials", ".dockercfg", ".env", ".pgpass", ".htpasswd", ".vault-token", ".s3cfg"]
    static let keyFileExtensions: [String] = [".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk"]

    /// Package-manager caches, specific before generic (`/home/*` matches any user's home).
    static let cacheDirectories: [(manager: String, directory: String)] = [
        ("apt", "/var/lib/apt/lists"), ("apt", "/var/cache/apt"), ("apk", "/var/cache/apk"), ("apk", "/etc/apk/cache"),
        ("yum", "/var/cache/yum"), ("dnf", "/var/cache/dnf"), ("zypper", "/var/cache/zypp"),
        ("pip", "/root/.cache/pip"), ("pip", "/home/*/.cache/pip"), ("npm", "/root/.npm"), ("npm", "/home/*/.npm"),
        ("yarn", "/usr/local/share/.cache/yarn"), ("yarn", "/root/.cache/yarn"), ("yarn", "/home/*/.cache/yarn"),
        ("go", "/root/.cache/go-build"), ("go", "/home/*/.cache/go-build"),
        ("cache", "/root/.cache"), ("cache", "/home/*/.cache"),
    ]

    /// The cache a path is in, if any: (manager, directory pattern).
    static func cacheDirectory(of path: String) -> (String, String)? {
        var key = path
        if path.hasPrefix("/home/") {
            let rest = path.dropFirst("/home/".count)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            key = "/home/*" + rest[slash...]
        }
        for (manager, directory) in cacheDirectories where key.hasPrefix(directory + "/") {
            return (manager, directory)
        }
        return nil
    }

    static func baseName(_ path: String) -> Substring {
        path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? Substring(path)
    }

    static func directory(_ path: String) -> Substring {
        path.lastIndex(of: "/").map { path[..<$0] } ?? ""
    }

    /// A binary named `names` in a standard binary directory.
    static func isBinary(_ path: String, in names: Set<String>) -> Bool {
        names.contains(String(baseName(path))) && binaryDirectories.contains(String(directory(path)))
    }

    /// A file whose name says it holds a key or credential (reported when a later layer deletes it).
    static func isKeyLike(_ path: String) -> Bool {
        let name = baseName(path).lowercased()
        if keyFileNames.contains(name) { return true }
        if name == "credentials" && directory(path).hasSuffix("/.aws") { return true }
        if name == "config.json" && directory(path).hasSuffix("/.docker") { return true }
        if keyFileExtensions.contains(where: { name.hasSuffix($0) }) { return !path.hasPrefix("/usr/share/") }
        if name.hasSuffix(".pem") { return name.contains("key") || name.contains("private") }
        return false
    }

    /// Whether an entry is kept as an ``ImageFileFact``.
    static func isNotable(path: String, mode: UInt32, kind: ImageFileFact.Kind) -> Bool {
        if kind == .file && mode & 0o6000 != 0 { return true }
        if (kind == .file || kind == .directory) && mode & 0o002 != 0 && !(kind == .directory && mode & 0o1000 != 0) { return true }
        if kind != .directory && (isBinary(path, in: sudoNames) || isBinary(path, in: sshdNames)) { return true }
        return kind == .file && isKeyLike(path)
    }
}
