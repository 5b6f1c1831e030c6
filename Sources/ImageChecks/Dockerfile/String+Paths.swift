extension String {
    /// `/var/lib/apt/lists/*` → `/var/lib/apt/lists`.
    func replacingTrailingGlob() -> String {
        var s = Substring(self)
        while s.hasSuffix("*") || s.hasSuffix("/") { s = s.dropLast() }
        return s.isEmpty ? "/" : String(s)
    }
}
