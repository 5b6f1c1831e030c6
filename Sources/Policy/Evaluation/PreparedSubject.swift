/// A subject's rows laid out for evaluation: one cell per (row, used field) holding a list id; a
/// list is the row's value array for that field, kept by reference, with prepared numbers
/// (numbers, booleans, ranks) and normalised keys (enumerations) for the columns that need them.
/// Consecutive rows sharing a value array (ancestor fields) share its list id, which lets the
/// evaluator skip re-evaluating unchanged criteria.
struct PreparedSubject: Sendable {
    let rowCount: Int
    let columnCount: Int
    private(set) var cells: [Int32]
    /// The value arrays.
    private(set) var lists: [[String]] = []
    /// Per list: start of its numbers (numeric columns) or keys (enumerations) in `numbers` / `keys`.
    private(set) var extraStart: [Int32] = []
    private(set) var numbers: [Double] = []
    private(set) var keys: [String] = []

    init(_ subject: PolicySubject, columns: EngineColumns) {
        rowCount = subject.rows.count
        columnCount = columns.fields.count
        cells = [Int32](repeating: -1, count: rowCount * columnCount)
        lists.reserveCapacity(rowCount * 4)
        extraStart.reserveCapacity(rowCount * 4)
        var lastValues = [[String]](repeating: [], count: columnCount)
        var lastList = [Int32](repeating: -1, count: columnCount)
        let columnOf = columns.columnOf
        let preparation = columns.preparation
        for (row, facts) in subject.rows.enumerated() {
            let base = row * columnCount
            for (field, values) in facts.values {
                let column = Int(columnOf[field.index])
                if column < 0 { continue }
                if lastList[column] >= 0, lastValues[column] == values {
                    cells[base + column] = lastList[column]
                    continue
                }
                let list = Int32(lists.count)
                lists.append(values)
                switch preparation[column] {
                case .none:
                    extraStart.append(-1)
                case .key:
                    extraStart.append(Int32(keys.count))
                    for value in values { keys.append(FactPreparation.enumerationKey(value)) }
                case let kind:
                    extraStart.append(Int32(numbers.count))
                    for value in values { numbers.append(FactPreparation.number(value, kind: kind)) }
                }
                lastValues[column] = values
                lastList[column] = list
                cells[base + column] = list
            }
        }
    }

    @inline(__always)
    func list(row: Int, column: Int) -> Int32 {
        cells[row * columnCount + column]
    }

    /// The values of a list.
    @inline(__always)
    func values(of list: Int32) -> [String] {
        lists[Int(list)]
    }

    /// The prepared number of value `index` of a numeric list.
    @inline(__always)
    func number(_ list: Int32, _ index: Int) -> Double {
        numbers[Int(extraStart[Int(list)]) + index]
    }

    /// The normalised key of value `index` of an enumeration list.
    @inline(__always)
    func key(_ list: Int32, _ index: Int) -> String {
        keys[Int(extraStart[Int(list)]) + index]
    }
}

/// The engine's column layout: the catalog fields any of its policies reads, and how to prepare each.
struct EngineColumns: Sendable {
    /// How a column's facts are prepared.
    enum Preparation: UInt8, Sendable {
        case none, key, number, boolean, severity, freshness, rbac
    }

    /// Catalog index → column, -1 when unused.
    let columnOf: [Int32]
    /// Column → catalog index.
    let fields: [Int]
    /// Column → preparation.
    let preparation: [Preparation]

    init(policies: [CompiledPolicy]) {
        var used = Set<Int>()
        for policy in policies { used.formUnion(policy.fieldIndices) }
        used.insert(PolicyField.containerName.index)
        used.insert(PolicyField.imageName.index)
        let fields = used.sorted()
        var columnOf = [Int32](repeating: -1, count: PolicyFieldCatalog.entries.count)
        for (column, field) in fields.enumerated() { columnOf[field] = Int32(column) }
        self.columnOf = columnOf
        self.fields = fields
        preparation = fields.map { index in
            switch PolicyFieldCatalog.entries[index].valueType.kind {
            case .number, .days: return .number
            case .boolean: return .boolean
            case .severity: return .severity
            case .freshnessGrade: return .freshness
            case .rbacLevel: return .rbac
            case .enumeration: return .key
            default: return .none
            }
        }
    }
}
