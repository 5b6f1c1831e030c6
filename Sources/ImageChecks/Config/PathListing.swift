/// Lists paths one finding each up to the configured maximum, then one summary finding.
enum PathListing {
    static func violations(_ facts: [ImageFileFact], limit: Int, equivalents: [String] = [],
                           message: (ImageFileFact) -> String, summary: (Int) -> String) -> [ImageConfigViolation] {
        var out = facts.prefix(limit).map { ImageConfigViolation(.path($0.path, layer: $0.layer), message($0), equivalents: equivalents) }
        if facts.count > limit {
            out.append(ImageConfigViolation(.path(facts[limit].path, layer: facts[limit].layer), summary(facts.count - limit), equivalents: equivalents))
        }
        return out
    }
}
