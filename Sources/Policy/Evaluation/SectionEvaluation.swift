/// The prepared subject behind a set of matches; matches keep a reference and build their facts
/// on access, so evaluation pays only for finding rows.
final class MatchSource: Sendable {
    let prepared: PreparedSubject
    let columns: EngineColumns

    init(prepared: PreparedSubject, columns: EngineColumns) {
        self.prepared = prepared
        self.columns = columns
    }

    /// The facts of a match: each criterion's matching values, then the context fields.
    func facts(section: CompiledSection, rows: [Int]) -> [PolicyMatch.Fact] {
        var facts: [PolicyMatch.Fact] = []
        facts.reserveCapacity(section.reportFields.count)
        for (index, criterion) in section.criteria.enumerated() {
            let column = Int(columns.columnOf[criterion.source])
            guard column >= 0 else { continue }
            for row in rows {
                let list = prepared.list(row: row, column: column)
                guard list >= 0, SectionEvaluation.matches(criterion, list: list, prepared: prepared) else { continue }
                let values = criterion.negate ? Array(prepared.values(of: list)) : criterion.matchingFacts(prepared, list: list)
                facts.append(PolicyMatch.Fact(field: PolicyFieldCatalog.fields[criterion.source], values: values,
                                              criterion: index))
                break
            }
        }
        for fieldIndex in section.reportFields {
            if facts.contains(where: { $0.field.index == fieldIndex }) { continue }
            let column = Int(columns.columnOf[fieldIndex])
            guard column >= 0 else { continue }
            for row in rows {
                let list = prepared.list(row: row, column: column)
                if list >= 0 {
                    facts.append(PolicyMatch.Fact(field: PolicyFieldCatalog.fields[fieldIndex],
                                                  values: Array(prepared.values(of: list)), criterion: nil))
                    break
                }
            }
        }
        return facts
    }
}

/// Evaluates sections over a prepared subject (one policy at a time).
struct SectionEvaluation {
    let source: MatchSource
    private var rowExcluded: [Bool] = []
    private var containerKeys: [Int]?

    init(source: MatchSource) {
        self.source = source
    }

    mutating func reset(rowExclusions: [CompiledExclusion]) {
        rowExcluded = []
        guard !rowExclusions.isEmpty else { return }
        let prepared = source.prepared
        let column = Int(source.columns.columnOf[PolicyField.imageName.index])
        rowExcluded = (0..<prepared.rowCount).map { row in
            let list = column < 0 ? -1 : prepared.list(row: row, column: column)
            guard list >= 0 else { return false }
            return prepared.values(of: list).contains { image in rowExclusions.contains { $0.matchesImage(image) } }
        }
    }

    mutating func evaluate(_ section: CompiledSection) -> [PolicyMatch] {
        let prepared = source.prepared
        let criterionColumns = section.criteria.map { Int(source.columns.columnOf[$0.source]) }
        if section.groups.count == 1 {
            let rows = matchingRows(section, group: section.groups[0], columns: criterionColumns, prepared: prepared)
            return report(section, rows: rows, prepared: prepared)
        }
        let keys = self.containerKeys(prepared: prepared)
        var groupRows: [[Int]] = []
        var common: Set<Int>?
        for group in section.groups {
            let rows = matchingRows(section, group: group, columns: criterionColumns, prepared: prepared)
            let groupKeys = Set(rows.map { keys[$0] })
            common = common.map { $0.intersection(groupKeys) } ?? groupKeys
            if common!.isEmpty { return [] }
            groupRows.append(rows)
        }
        guard let common else { return [] }
        // One match per container: the first matching row of each group.
        return common.sorted().map { key in
            let rows = groupRows.compactMap { rows in rows.first { keys[$0] == key } }
            return PolicyMatch(section: section, rows: rows, source: source)
        }
    }

    /// Rows on which every criterion of the group matches; a criterion is re-evaluated only when
    /// its list differs from the previous row's.
    private func matchingRows(_ section: CompiledSection, group: [Int], columns: [Int],
                              prepared: PreparedSubject) -> [Int] {
        var rows: [Int] = []
        let criteria = section.criteria
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: group.count * 2) { memo in
            for i in 0..<(group.count * 2) { memo[i] = i % 2 == 0 ? -2 : 0 }
            for row in 0..<prepared.rowCount {
                if !rowExcluded.isEmpty && rowExcluded[row] { continue }
                var all = true
                for slot in 0..<group.count {
                    let index = group[slot]
                    let column = columns[index]
                    let list = column < 0 ? -1 : prepared.list(row: row, column: column)
                    let result: Bool
                    if memo[slot * 2] == list {
                        result = memo[slot * 2 + 1] != 0
                    } else {
                        result = Self.matches(criteria[index], list: list, prepared: prepared)
                        memo[slot * 2] = list
                        memo[slot * 2 + 1] = result ? 1 : 0
                    }
                    if !result {
                        all = false
                        break
                    }
                }
                if all { rows.append(row) }
            }
        }
        return rows
    }

    @inline(__always)
    static func matches(_ criterion: CompiledCriterion, list: Int32, prepared: PreparedSubject) -> Bool {
        guard list >= 0 else { return false }  // unknown: no criterion matches, negated or not
        return criterion.positive(prepared, list: list) != criterion.negate
    }

    /// One match per distinct combination of reported facts (rows whose reported lists are all equal).
    private func report(_ section: CompiledSection, rows: [Int], prepared: PreparedSubject) -> [PolicyMatch] {
        guard !rows.isEmpty else { return [] }
        let reportColumns = section.reportFields.map { Int(source.columns.columnOf[$0]) }
        func list(_ row: Int, _ column: Int) -> Int32 { column < 0 ? -1 : prepared.list(row: row, column: column) }
        func same(_ a: Int, _ b: Int) -> Bool { reportColumns.allSatisfy { list(a, $0) == list(b, $0) } }
        var firstRowByHash: [Int: Int] = [:]
        var kept: [Int] = []
        var matches: [PolicyMatch] = []
        for row in rows {
            if let last = kept.last, same(last, row) { continue }
            var hash = 0
            for column in reportColumns { hash = hash &* 1_000_003 &+ Int(list(row, column)) }
            if let earlier = firstRowByHash[hash] {
                if same(earlier, row) || kept.contains(where: { same($0, row) }) { continue }
            } else {
                firstRowByHash[hash] = row
            }
            kept.append(row)
            matches.append(PolicyMatch(section: section, rows: [row], source: source))
        }
        return matches
    }

    /// Container key per row (the first `Container Name` value; rows without one share key 0).
    private mutating func containerKeys(prepared: PreparedSubject) -> [Int] {
        if let containerKeys { return containerKeys }
        let column = Int(source.columns.columnOf[PolicyField.containerName.index])
        var ids: [String: Int] = [:]
        let keys = (0..<prepared.rowCount).map { row -> Int in
            let list = column < 0 ? -1 : prepared.list(row: row, column: column)
            guard list >= 0, let name = prepared.values(of: list).first else { return 0 }
            if let id = ids[name] { return id }
            let id = ids.count + 1
            ids[name] = id
            return id
        }
        containerKeys = keys
        return keys
    }
}
