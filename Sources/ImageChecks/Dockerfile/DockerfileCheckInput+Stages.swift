/// Stage-walking helpers for the Dockerfile predicates.
extension DockerfileCheckInput {
    /// The final stage and the stages it is built from, final first.
    var finalStageChain: [DockerfileStage] { dockerfile.finalStageChain }

    /// The last instruction with this keyword that the final image inherits through the final stage chain.
    func effective(_ keyword: String) -> DockerfileInstruction? {
        for stage in finalStageChain {
            if let found = stage.instructions.last(where: { $0.keyword == keyword }) { return found }
        }
        return nil
    }

    /// Whether a stage's instructions end up in the final image (the final stage or one it is built FROM).
    func isInFinalImage(_ stage: Int) -> Bool { finalChain.contains(stage) }

    /// Every instruction of every stage including ONBUILD triggers (reported at the ONBUILD's line),
    /// with the stage index; global ARGs have stage -1.
    var allInstructions: [(stage: Int, instruction: DockerfileInstruction)] {
        var out = dockerfile.globalArguments.map { (-1, $0) }
        for stage in dockerfile.stages {
            for instruction in stage.instructions {
                if instruction.keyword == "ONBUILD", var trigger = instruction.trigger {
                    trigger.line = instruction.line
                    out.append((stage.index, trigger))
                } else {
                    out.append((stage.index, instruction))
                }
            }
        }
        return out
    }

    /// The source and destination words of a COPY or ADD (heredoc sources read `<<NAME`).
    func sourcesAndDestination(_ instruction: DockerfileInstruction) -> (sources: [String], destination: String)? {
        let words = instruction.execForm ?? DockerfileWords.split(instruction.arguments, escape: escape)
        guard let destination = words.last, words.count >= 2 else { return nil }
        return (Array(words.dropLast()), destination)
    }
}
