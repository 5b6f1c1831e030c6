extension Character {
    /// A space or tab.
    var isShellBlank: Bool { self == " " || self == "\t" }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingBlanks() -> SubSequence {
        let start = firstIndex(where: { !$0.isShellBlank }) ?? endIndex
        var end = endIndex
        while end > start, self[index(before: end)].isShellBlank { end = index(before: end) }
        return self[start..<end]
    }
}
