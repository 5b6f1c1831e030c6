/// What an image-scope predicate sees: the facts and the configuration.
struct ImageCheckInput: Sendable {
    let facts: ImageFacts
    let configuration: ImageConfigChecks.Configuration

    /// Visible (final-filesystem) notable files.
    var visibleFiles: [ImageFileFact] { (facts.filesystem?.files ?? []).filter { !$0.inLayerHistory } }

    /// The history entries parsed into instruction and shell script.
    var historyCommands: [(index: Int, command: HistoryCommand)] {
        facts.history.enumerated().map { ($0.offset, HistoryCommand(createdBy: $0.element.createdBy)) }
    }
}
