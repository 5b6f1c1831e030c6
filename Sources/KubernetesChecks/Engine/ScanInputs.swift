internal import Foundation

/// Reads manifests into objects, then runs the checks over them (the engine behind `K8sScanner`).
struct ScanInputs {
    let options: K8sScanOptions
    var objects: [K8sObject] = []
    var errors: [K8sInputError] = []
    var summary = K8sScanSummary()
    private var order = 0

    /// Whether the `schema` check runs (objects are then validated while the YAML tree is at hand).
    private let validateSchema: Bool

    init(options: K8sScanOptions) {
        self.options = options
        validateSchema = options.activeChecks.contains { $0.id == "schema" }
    }

    mutating func add(file: String) {
        summary.files += 1
        let url = URL(fileURLWithPath: file)
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > options.maxFileBytes {
            errors.append(K8sInputError(file: file, line: 1, message: "file is \(size) bytes, above the limit of \(options.maxFileBytes) (maxFileBytes)"))
            return
        }
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            errors.append(K8sInputError(file: file, line: 1, message: "cannot read file"))
            return
        }
        defer { try? handle.close() }
        // Read at most one byte past the limit: the size may have changed since it was checked.
        guard let data = try? handle.read(upToCount: min(options.maxFileBytes, K8sScanOptions.maxFileBytesCeiling) + 1) ?? Data() else {
            errors.append(K8sInputError(file: file, line: 1, message: "cannot read file"))
            return
        }
        summary.files -= 1
        add(data: data, name: file)
    }

    mutating func add(data: Data, name: String) {
        summary.files += 1
        guard data.count <= options.maxFileBytes else {
            errors.append(K8sInputError(file: name, line: 1, message: "input is larger than the limit of \(options.maxFileBytes) bytes (maxFileBytes)"))
            return
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // memchr, not Data's element iterator (which dominated the whole scan's profile).
        if bytes.withUnsafeBytes({ $0.count > 0 && memchr($0.baseAddress!, 0, $0.count) != nil }) {
            errors.append(K8sInputError(file: name, line: 1, message: "not a text file (contains NUL bytes)"))
            return
        }
        if objects.count >= options.maxObjects {
            errors.append(K8sInputError(file: name, line: 1, message: "not read: the scan already holds \(options.maxObjects) objects (maxObjects)"))
            return
        }
        var decoder = ObjectDecoder(file: name)
        decoder.validateSchema = validateSchema
        var out = ObjectDecoder.Output()
        var documents = 0
        var objectLimitLine: Int?
        let budget = options.maxObjects - objects.count
        let reader = YAMLStreamReader(limits: .init(maxExpandedNodes: options.maxExpandedNodes, maxNodes: options.maxNodesPerDocument,
                                                    maxDocuments: options.maxDocumentsPerFile))
        let problems = bytes.withUnsafeBytes { raw in
            reader.read(raw) { doc in
                documents += 1
                guard objectLimitLine == nil else { return }
                decoder.decode(doc, into: &out, order: &order)
                if out.objects.count > budget {
                    out.objects.removeSubrange(budget...)
                    objectLimitLine = doc.startLine
                }
            }
        }
        if let line = objectLimitLine {
            errors.append(K8sInputError(file: name, line: line, message: "object limit of \(options.maxObjects) per scan reached (maxObjects); the rest of the file is not checked"))
        }
        if out.duplicateKeys > ObjectDecoder.maxDuplicateKeyErrors {
            errors.append(K8sInputError(file: name, line: out.problems.last?.line ?? 1,
                                        message: "\(out.duplicateKeys - ObjectDecoder.maxDuplicateKeyErrors) more duplicate keys not listed"))
        }
        summary.documents += documents
        summary.notObjects += out.notObjects
        for (kind, n) in out.unknownKinds { summary.unknownKinds[kind, default: 0] += n }
        for p in problems { errors.append(K8sInputError(file: name, line: p.line, message: p.message)) }
        for p in out.problems { errors.append(K8sInputError(file: name, line: p.line, message: p.message)) }
        objects.append(contentsOf: out.objects)
    }

    /// Runs every active check over every object it applies to.
    func evaluate() -> K8sScanResult {
        var result = K8sScanResult()
        result.errors = errors
        result.summary = summary
        let checks = options.activeChecks
        result.checks = checks.map(\.id)
        result.summary.checks = checks.count
        result.summary.objects = objects.count
        result.summary.workloads = objects.filter(\.isWorkload).count
        let index = ScanIndex(objects)
        let known = Set(K8sChecks.all.map(\.id))
        if options.recordEvidence {
            result.objectRefs = objects.map { K8sObjectRef(kind: $0.kind, name: $0.name, namespace: $0.namespace, file: $0.file, line: $0.line) }
            result.evidenceRecorded = true
        }
        var truncated = false

        objectLoop: for object in objects {
            var ignore: IgnoreAnnotation?
            var texts = [object.annotations[IgnoreAnnotation.key]]
            if let w = object.workload, w.podAnnotations[IgnoreAnnotation.key] != object.annotations[IgnoreAnnotation.key] {
                texts.append(w.podAnnotations[IgnoreAnnotation.key])
            }
            let text = texts.compactMap { $0 }.joined(separator: "\n")
            if !text.isEmpty {
                let parsed = IgnoreAnnotation(text, knownIDs: known)
                for id in parsed.unknownIDs {
                    result.errors.append(K8sInputError(file: object.file, line: object.annotationsLine ?? object.metadataLine,
                                                       message: "\(IgnoreAnnotation.key): unknown check id \(id)"))
                }
                ignore = parsed
            }
            for check in checks where check.applies(to: object) {
                if result.findings.count >= options.maxFindings {
                    result.errors.append(K8sInputError(file: object.file, line: object.line,
                                                       message: "findings truncated: more than \(options.maxFindings) findings (maxFindings); this and later objects are not checked"))
                    truncated = true
                    break objectLoop
                }
                let input = CheckInput(object: object, parameters: check.parameters.merging(options.parameters[check.id] ?? [:]) { $1 }, index: index)
                for v in check.evaluate(input) {
                    if let reason = ignore?.reason(for: check.id) {
                        result.suppressed.append(K8sSuppressedFinding(check: check.id, file: object.file, line: v.line, kind: object.kind, name: object.name,
                                                                      namespace: object.namespace, container: v.container, reason: reason, source: "annotation"))
                        continue
                    }
                    if let e = options.exceptions.first(where: { $0.matches(check: check.id, kind: object.kind, namespace: object.effectiveNamespace, name: object.name) }) {
                        result.suppressed.append(K8sSuppressedFinding(check: check.id, file: object.file, line: v.line, kind: object.kind, name: object.name,
                                                                      namespace: object.namespace, container: v.container, reason: e.reason, source: "config"))
                        continue
                    }
                    result.findings.append(K8sFinding(check: check.id, title: check.title, severity: check.severity, file: object.file, line: v.line,
                                                      kind: object.kind, name: object.name, namespace: object.namespace, container: v.container,
                                                      message: v.message, remediation: check.remediation, controls: check.controls(pssControls: v.pssControls)))
                }
            }
        }
        result.findings.sort { a, b in
            if a.file != b.file { return a.file < b.file }
            if a.line != b.line { return a.line < b.line }
            return a.check < b.check
        }
        result.errors.sort { ($0.file, $0.line, $0.message) < ($1.file, $1.line, $1.message) }
        result.summary.truncated = truncated
        result.summary.findings = result.findings.count
        for f in result.findings { result.summary.bySeverity[f.severity.rawValue, default: 0] += 1 }
        result.summary.suppressed = result.suppressed.count
        result.summary.errors = result.errors.count
        result.summary.filesWithErrors = Set(result.errors.map(\.file)).count
        return result
    }
}
