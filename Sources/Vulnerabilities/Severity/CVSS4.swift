// CVSS v4.0 scoring tables and algorithm, after the FIRST specification
// (https://www.first.org/cvss/v4-0/specification-document, section 8) and its reference
// calculator (cvss_lookup.js, max_composed.js, max_severity.js and the scoring function).

/// CVSS v4.0 metric names and values (base, threat, environmental, supplemental), in the
/// specification's order.
enum CVSS4 {
    static let metrics: [(name: String, values: [String])] = [
        ("AV", ["N", "A", "L", "P"]),
        ("AC", ["L", "H"]),
        ("AT", ["N", "P"]),
        ("PR", ["N", "L", "H"]),
        ("UI", ["N", "P", "A"]),
        ("VC", ["H", "L", "N"]),
        ("VI", ["H", "L", "N"]),
        ("VA", ["H", "L", "N"]),
        ("SC", ["H", "L", "N"]),
        ("SI", ["H", "L", "N"]),
        ("SA", ["H", "L", "N"]),
        ("E", ["X", "A", "P", "U"]),
        ("CR", ["X", "H", "M", "L"]),
        ("IR", ["X", "H", "M", "L"]),
        ("AR", ["X", "H", "M", "L"]),
        ("MAV", ["X", "N", "A", "L", "P"]),
        ("MAC", ["X", "L", "H"]),
        ("MAT", ["X", "N", "P"]),
        ("MPR", ["X", "N", "L", "H"]),
        ("MUI", ["X", "N", "P", "A"]),
        ("MVC", ["X", "H", "L", "N"]),
        ("MVI", ["X", "H", "L", "N"]),
        ("MVA", ["X", "H", "L", "N"]),
        ("MSC", ["X", "H", "L", "N"]),
        ("MSI", ["X", "S", "H", "L", "N"]),
        ("MSA", ["X", "S", "H", "L", "N"]),
        ("S", ["X", "N", "P"]),
        ("AU", ["X", "N", "Y"]),
        ("R", ["X", "A", "U", "I"]),
        ("V", ["X", "D", "C"]),
        ("RE", ["X", "L", "M", "H"]),
        ("U", ["X", "Clear", "Green", "Amber", "Red"]),
    ]

    static let mandatory = ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"]

    /// Score of each MacroVector (EQ1…EQ6 as six digits), cvss_lookup.js: all 270 entries.
    static let lookup: [Int: Double] = [
        000000: 10.0, 000001: 9.9, 000010: 9.8, 000011: 9.5, 000020: 9.5, 000021: 9.2,
        000100: 10.0, 000101: 9.6, 000110: 9.3, 000111: 8.7, 000120: 9.1, 000121: 8.1,
        000200: 9.3, 000201: 9.0, 000210: 8.9, 000211: 8.0, 000220: 8.1, 000221: 6.8,
        001000: 9.8, 001001: 9.5, 001010: 9.5, 001011: 9.2, 001020: 9.0, 001021: 8.4,
        001100: 9.3, 001101: 9.2, 001110: 8.9, 001111: 8.1, 001120: 8.1, 001121: 6.5,
        001200: 8.8, 001201: 8.0, 001210: 7.8, 001211: 7.0, 001220: 6.9, 001221: 4.8,
        002001: 9.2, 002011: 8.2, 002021: 7.2, 002101: 7.9, 002111: 6.9, 002121: 5.0,
        002201: 6.9, 002211: 5.5, 002221: 2.7, 010000: 9.9, 010001: 9.7, 010010: 9.5,
        010011: 9.2, 010020: 9.2, 010021: 8.5, 010100: 9.5, 010101: 9.1, 010110: 9.0,
        010111: 8.3, 010120: 8.4, 010121: 7.1, 010200: 9.2, 010201: 8.1, 010210: 8.2,
        010211: 7.1, 010220: 7.2, 010221: 5.3, 011000: 9.5, 011001: 9.3, 011010: 9.2,
        011011: 8.5, 011020: 8.5, 011021: 7.3, 011100: 9.2, 011101: 8.2, 011110: 8.0,
        011111: 7.2, 011120: 7.0, 011121: 5.9, 011200: 8.4, 011201: 7.0, 011210: 7.1,
        011211: 5.2, 011220: 5.0, 011221: 3.0, 012001: 8.6, 012011: 7.5, 012021: 5.2,
        012101: 7.1, 012111: 5.2, 012121: 2.9, 012201: 6.3, 012211: 2.9, 012221: 1.7,
        100000: 9.8, 100001: 9.5, 100010: 9.4, 100011: 8.7, 100020: 9.1, 100021: 8.1,
        100100: 9.4, 100101: 8.9, 100110: 8.6, 100111: 7.4, 100120: 7.7, 100121: 6.4,
        100200: 8.7, 100201: 7.5, 100210: 7.4, 100211: 6.3, 100220: 6.3, 100221: 4.9,
        101000: 9.4, 101001: 8.9, 101010: 8.8, 101011: 7.7, 101020: 7.6, 101021: 6.7,
        101100: 8.6, 101101: 7.6, 101110: 7.4, 101111: 5.8, 101120: 5.9, 101121: 5.0,
        101200: 7.2, 101201: 5.7, 101210: 5.7, 101211: 5.2, 101220: 5.2, 101221: 2.5,
        102001: 8.3, 102011: 7.0, 102021: 5.4, 102101: 6.5, 102111: 5.8, 102121: 2.6,
        102201: 5.3, 102211: 2.1, 102221: 1.3, 110000: 9.5, 110001: 9.0, 110010: 8.8,
        110011: 7.6, 110020: 7.6, 110021: 7.0, 110100: 9.0, 110101: 7.7, 110110: 7.5,
        110111: 6.2, 110120: 6.1, 110121: 5.3, 110200: 7.7, 110201: 6.6, 110210: 6.8,
        110211: 5.9, 110220: 5.2, 110221: 3.0, 111000: 8.9, 111001: 7.8, 111010: 7.6,
        111011: 6.7, 111020: 6.2, 111021: 5.8, 111100: 7.4, 111101: 5.9, 111110: 5.7,
        111111: 5.7, 111120: 4.7, 111121: 2.3, 111200: 6.1, 111201: 5.2, 111210: 5.7,
        111211: 2.9, 111220: 2.4, 111221: 1.6, 112001: 7.1, 112011: 5.9, 112021: 3.0,
        112101: 5.8, 112111: 2.6, 112121: 1.5, 112201: 2.3, 112211: 1.3, 112221: 0.6,
        200000: 9.3, 200001: 8.7, 200010: 8.6, 200011: 7.2, 200020: 7.5, 200021: 5.8,
        200100: 8.6, 200101: 7.4, 200110: 7.4, 200111: 6.1, 200120: 5.6, 200121: 3.4,
        200200: 7.0, 200201: 5.4, 200210: 5.2, 200211: 4.0, 200220: 4.0, 200221: 2.2,
        201000: 8.5, 201001: 7.5, 201010: 7.4, 201011: 5.5, 201020: 6.2, 201021: 5.1,
        201100: 7.2, 201101: 5.7, 201110: 5.5, 201111: 4.1, 201120: 4.6, 201121: 1.9,
        201200: 5.3, 201201: 3.6, 201210: 3.4, 201211: 1.9, 201220: 1.9, 201221: 0.8,
        202001: 6.4, 202011: 5.1, 202021: 2.0, 202101: 4.7, 202111: 2.1, 202121: 1.1,
        202201: 2.4, 202211: 0.9, 202221: 0.4, 210000: 8.8, 210001: 7.5, 210010: 7.3,
        210011: 5.3, 210020: 6.0, 210021: 5.0, 210100: 7.3, 210101: 5.5, 210110: 5.9,
        210111: 4.0, 210120: 4.1, 210121: 2.0, 210200: 5.4, 210201: 4.3, 210210: 4.5,
        210211: 2.2, 210220: 2.0, 210221: 1.1, 211000: 7.5, 211001: 5.5, 211010: 5.8,
        211011: 4.5, 211020: 4.0, 211021: 2.1, 211100: 6.1, 211101: 5.1, 211110: 4.8,
        211111: 1.8, 211120: 2.0, 211121: 0.9, 211200: 4.6, 211201: 1.8, 211210: 1.7,
        211211: 0.7, 211220: 0.8, 211221: 0.2, 212001: 5.3, 212011: 2.4, 212021: 1.4,
        212101: 2.4, 212111: 1.2, 212121: 0.5, 212201: 1.0, 212211: 0.3, 212221: 0.1,
    ]

    /// Highest-severity vectors of each EQ level (max_composed.js); EQ3 is keyed by EQ3 then EQ6.
    static let maxComposedEQ1: [[String]] = [
        ["AV:N/PR:N/UI:N/"],
        ["AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/"],
        ["AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/"],
    ]
    static let maxComposedEQ2: [[String]] = [
        ["AC:L/AT:N/"],
        ["AC:H/AT:N/", "AC:L/AT:P/"],
    ]
    static let maxComposedEQ3EQ6: [[[String]]] = [
        [["VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/"],
         ["VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/"]],
        [["VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/"],
         ["VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/", "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/",
          "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/", "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/"]],
        [[],
         ["VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/"]],
    ]
    static let maxComposedEQ4: [[String]] = [
        ["SC:H/SI:S/SA:S/"],
        ["SC:H/SI:H/SA:H/"],
        ["SC:L/SI:L/SA:L/"],
    ]
    // EQ5's fragments are E:A, E:P and E:U, one per level and always equal to the vector's own E:
    // its distance is 0 and it never changes which highest-severity vector is chosen.

    /// Maximal severity depth of each EQ level, plus one (max_severity.js); EQ3EQ6 by EQ3 then EQ6.
    static let maxSeverityEQ1: [Double] = [1, 4, 5]
    static let maxSeverityEQ2: [Double] = [1, 2]
    static let maxSeverityEQ3EQ6: [[Double]] = [[7, 6], [8, 8], [.nan, 10]]
    static let maxSeverityEQ4: [Double] = [6, 5, 4]

    /// The metrics the score reads.
    enum Key: Int, CaseIterable {
        case av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar, e
        static let names = ["AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR", "E"]
        static let modifiedNames = names.map { "M" + $0 }
        var name: String { Key.names[rawValue] }
    }

    /// Severity level of each metric value, used for the distance to a highest-severity vector.
    static let levels: [[(value: String, level: Double)]] = [
        [("N", 0.0), ("A", 0.1), ("L", 0.2), ("P", 0.3)],  // AV
        [("N", 0.0), ("L", 0.1), ("H", 0.2)],  // PR
        [("N", 0.0), ("P", 0.1), ("A", 0.2)],  // UI
        [("L", 0.0), ("H", 0.1)],  // AC
        [("N", 0.0), ("P", 0.1)],  // AT
        [("H", 0.0), ("L", 0.1), ("N", 0.2)],  // VC
        [("H", 0.0), ("L", 0.1), ("N", 0.2)],  // VI
        [("H", 0.0), ("L", 0.1), ("N", 0.2)],  // VA
        [("H", 0.1), ("L", 0.2), ("N", 0.3)],  // SC
        [("S", 0.0), ("H", 0.1), ("L", 0.2), ("N", 0.3)],  // SI
        [("S", 0.0), ("H", 0.1), ("L", 0.2), ("N", 0.3)],  // SA
        [("H", 0.0), ("M", 0.1), ("L", 0.2)],  // CR
        [("H", 0.0), ("M", 0.1), ("L", 0.2)],  // IR
        [("H", 0.0), ("M", 0.1), ("L", 0.2)],  // AR
        [("U", 0.2), ("P", 0.1), ("A", 0.0)],  // E
    ]

    static func level(_ key: Key, _ value: String) -> Double {
        levels[key.rawValue].first { $0.value == value }?.level ?? .nan
    }

    /// The max_composed fragments as (metric, value) pairs.
    static let parsedEQ1 = maxComposedEQ1.map { $0.map(fragment) }
    static let parsedEQ2 = maxComposedEQ2.map { $0.map(fragment) }
    static let parsedEQ3EQ6 = maxComposedEQ3EQ6.map { $0.map { $0.map(fragment) } }
    static let parsedEQ4 = maxComposedEQ4.map { $0.map(fragment) }

    /// Parses an "AV:N/PR:N/UI:N/" fragment.
    static func fragment(_ text: String) -> [(key: Key, value: String)] {
        text.split(separator: "/").map { field in
            let parts = field.split(separator: ":", maxSplits: 1)
            let key = Key.allCases.first { $0.name == parts[0] }!
            return (key, String(parts[1]))
        }
    }

    /// The CVSS v4.0 score (CVSS-B, -BT, -BE or -BTE according to the metrics present) of
    /// validated metrics, with the reference calculator's floating-point steps in its order.
    static func score(_ metrics: [String: String]) -> Double {
        // Effective values: E=X means E:A, CR/IR/AR=X mean H; a modified metric overrides its base one.
        let effective: [String] = Key.allCases.map { key in
            let selected = metrics[key.name] ?? "X"
            if selected == "X" {
                switch key {
                case .e: return "A"
                case .cr, .ir, .ar: return "H"
                default: break
                }
            }
            if let modified = metrics[Key.modifiedNames[key.rawValue]], modified != "X" { return modified }
            return selected
        }
        func m(_ key: Key) -> String { effective[key.rawValue] }

        if [Key.vc, .vi, .va, .sc, .si, .sa].allSatisfy({ m($0) == "N" }) { return 0.0 }

        let av = m(.av), pr = m(.pr), ui = m(.ui)
        let eq1: Int
        if av == "N" && pr == "N" && ui == "N" {
            eq1 = 0
        } else if (av == "N" || pr == "N" || ui == "N") && av != "P" {
            eq1 = 1
        } else {
            eq1 = 2
        }
        let eq2 = (m(.ac) == "L" && m(.at) == "N") ? 0 : 1
        let vc = m(.vc), vi = m(.vi), va = m(.va)
        let eq3 = (vc == "H" && vi == "H") ? 0 : (vc == "H" || vi == "H" || va == "H") ? 1 : 2
        let sc = m(.sc), si = m(.si), sa = m(.sa)
        let eq4 = (si == "S" || sa == "S") ? 0 : (sc == "H" || si == "H" || sa == "H") ? 1 : 2
        let eq5 = m(.e) == "A" ? 0 : m(.e) == "P" ? 1 : 2
        let eq6 = ((m(.cr) == "H" && vc == "H") || (m(.ir) == "H" && vi == "H") || (m(.ar) == "H" && va == "H")) ? 0 : 1

        func key(_ e1: Int, _ e2: Int, _ e3: Int, _ e4: Int, _ e5: Int, _ e6: Int) -> Int {
            ((((e1 * 10 + e2) * 10 + e3) * 10 + e4) * 10 + e5) * 10 + e6
        }
        // EQ3 = 2 implies EQ6 = 1, so every reachable MacroVector is in the table.
        guard var value = lookup[key(eq1, eq2, eq3, eq4, eq5, eq6)] else { return 0.0 }

        // Scores of the next lower MacroVector of each EQ; nil where there is none.
        let scoreEQ1Lower = lookup[key(eq1 + 1, eq2, eq3, eq4, eq5, eq6)]
        let scoreEQ2Lower = lookup[key(eq1, eq2 + 1, eq3, eq4, eq5, eq6)]
        let scoreEQ3EQ6Lower: Double?
        switch (eq3, eq6) {
        case (1, 1), (0, 1):
            scoreEQ3EQ6Lower = lookup[key(eq1, eq2, eq3 + 1, eq4, eq5, eq6)]
        case (1, 0):
            scoreEQ3EQ6Lower = lookup[key(eq1, eq2, eq3, eq4, eq5, eq6 + 1)]
        case (0, 0):
            // Two paths (00 → 01 and 00 → 10): the higher score.
            let left = lookup[key(eq1, eq2, eq3, eq4, eq5, eq6 + 1)]
            let right = lookup[key(eq1, eq2, eq3 + 1, eq4, eq5, eq6)]
            if let left, let right { scoreEQ3EQ6Lower = right > left ? right : left } else { scoreEQ3EQ6Lower = left }
        default:
            scoreEQ3EQ6Lower = lookup[key(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1)]
        }
        let scoreEQ4Lower = lookup[key(eq1, eq2, eq3, eq4 + 1, eq5, eq6)]
        let scoreEQ5Lower = lookup[key(eq1, eq2, eq3, eq4, eq5 + 1, eq6)]

        // The first highest-severity vector of this MacroVector that the vector does not exceed, in
        // the calculator's nested order (EQ1, EQ2, EQ3+EQ6, EQ4, EQ5 fragments). A combination
        // qualifies when every fragment does, so the first one is the first qualifying fragment
        // of each EQ; when none qualifies the calculator keeps the distances of the last one tried.
        let parts = [parsedEQ1[eq1], parsedEQ2[eq2], parsedEQ3EQ6[eq3][eq6], parsedEQ4[eq4]]
        var distance = [Double](repeating: 0, count: Key.allCases.count)
        func measure(_ fragment: [(key: Key, value: String)]) -> Bool {
            var within = true
            for (key, value) in fragment {
                let d = level(key, m(key)) - level(key, value)
                distance[key.rawValue] = d
                if d < 0 { within = false }
            }
            return within
        }
        for candidates in parts where !candidates.contains(where: measure) {
            for fragments in parts { _ = measure(fragments.last!) }
            break
        }
        let d = { (key: Key) -> Double in distance[key.rawValue] }

        let currentEQ1 = d(.av) + d(.pr) + d(.ui)
        let currentEQ2 = d(.ac) + d(.at)
        let currentEQ3EQ6 = d(.vc) + d(.vi) + d(.va) + d(.cr) + d(.ir) + d(.ar)
        let currentEQ4 = d(.sc) + d(.si) + d(.sa)

        let step = 0.1
        var existingLower = 0
        var normalized1 = 0.0, normalized2 = 0.0, normalized3 = 0.0, normalized4 = 0.0, normalized5 = 0.0
        if let lower = scoreEQ1Lower, value - lower >= 0 {
            existingLower += 1
            normalized1 = (value - lower) * (currentEQ1 / (maxSeverityEQ1[eq1] * step))
        }
        if let lower = scoreEQ2Lower, value - lower >= 0 {
            existingLower += 1
            normalized2 = (value - lower) * (currentEQ2 / (maxSeverityEQ2[eq2] * step))
        }
        if let lower = scoreEQ3EQ6Lower, value - lower >= 0 {
            existingLower += 1
            normalized3 = (value - lower) * (currentEQ3EQ6 / (maxSeverityEQ3EQ6[eq3][eq6] * step))
        }
        if let lower = scoreEQ4Lower, value - lower >= 0 {
            existingLower += 1
            normalized4 = (value - lower) * (currentEQ4 / (maxSeverityEQ4[eq4] * step))
        }
        if let lower = scoreEQ5Lower, value - lower >= 0 {
            // EQ5 has a single value per level: its proportion is always 0.
            existingLower += 1
            normalized5 = (value - lower) * 0
        }
        let meanDistance = existingLower == 0
            ? 0
            : (normalized1 + normalized2 + normalized3 + normalized4 + normalized5) / Double(existingLower)
        value -= meanDistance
        value = Swift.min(10.0, Swift.max(0.0, value))
        return roundHalfUp(value + 1e-6)
    }

    /// Rounds to one decimal place, half up, on the exact binary value of `x` (x ≥ 0): what the
    /// reference implementations do with `Decimal(x).quantize(0.1, ROUND_HALF_UP)` after lifting
    /// the value by 1e-6 so that an interpolated x.x5 one ULP short of the tie still rounds up.
    static func roundHalfUp(_ x: Double) -> Double {
        let tenths = (x * 10).rounded(.down)
        // x·10 − tenths exactly (one rounding, of an exactly representable or monotone result).
        let remainder = (-tenths).addingProduct(x, 10)
        if remainder >= 0.5 { return (tenths + 1) / 10 }
        return tenths / 10
    }
}
