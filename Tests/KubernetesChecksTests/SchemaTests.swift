import Foundation
import KubernetesChecks
import Testing

/// The `schema` check: unit cases, and agreement with kubernetes-validate (the independent oracle) on the corpus.
struct SchemaTests {
    static var schemaOptions: K8sScanOptions {
        var options = Fixtures.evidenceOptions
        options.enabled = ["schema"]
        return options
    }

    static func problems(_ yaml: String) -> [K8sFinding] {
        Fixtures.scan(yaml, options: schemaOptions).findings.filter { $0.check == "schema" }
    }

    @Test func validObjectHasNoProblems() {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, labels: {app: web}}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 25%, maxSurge: 1}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: c
                    image: web:1
                    imagePullPolicy: IfNotPresent
                    ports: [{containerPort: 8080, name: http}]
                    resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: 0.1}}
                    livenessProbe: {httpGet: {path: /, port: http}}
            """
        #expect(Self.problems(yaml).isEmpty)
    }

    @Test func unknownFieldsTypesRequiredAndEnums() {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              replicas: three
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: c
                    image: web:1
                    runAsUser: 1000
                  - image: other:1
            """
        let messages = Self.problems(yaml).map { "\($0.line) \($0.message)" }
        #expect(messages.contains("4 spec: missing required field selector"))
        #expect(messages.contains("5 spec.replicas: expected integer, found string"))
        #expect(messages.contains("12 spec.template.spec.containers[0].runAsUser: unknown field"))
        #expect(messages.contains("13 spec.template.spec.containers[1]: missing required field name"))
        #expect(messages.count == 4)
        // (The Kubernetes schemas carry enums only on apiVersion and kind, which select the schema, so the enum
        // rule of the validator is not reachable from a manifest.)
    }

    @Test func intOrStringAndMapsAndNulls() {
        let yaml = """
            apiVersion: v1
            kind: Service
            metadata: {name: s, namespace: a, labels: {tier: null}}
            spec:
              selector: {app: s}
              ports: [{port: 80, targetPort: http}, {port: 81, targetPort: 8081}, {port: 82, targetPort: [1]}]
            """
        let messages = Self.problems(yaml).map(\.message)
        #expect(messages == ["spec.ports[2].targetPort: expected integer or string, found array"])
        // A null int-or-string matches both branches of the oneOf: invalid, as kubernetes-validate says
        // ("None is valid under each of …").
        let null = "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: a}\nspec: {ports: [{port: 80, targetPort: null}]}\n"
        #expect(Self.problems(null).map(\.message) == ["spec.ports[0].targetPort: matches more than one of the allowed forms"])
    }

    @Test func otherApiVersionsAndOffByDefault() {
        let yaml = """
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: old, namespace: a}
            spec: {bogus: 1}
            """
        #expect(Self.problems(yaml).isEmpty)   // no schema for removed apiVersions (deprecated-api reports them)
        let bad = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\nbogus: 1\n"
        #expect(Self.problems(bad).map(\.line) == [4])
        #expect(!Fixtures.scan(bad).findings.contains { $0.check == "schema" })
    }

    /// The committed schema is what scripts/generate-k8s-schema.py produces from the installed kubernetes-validate.
    @Test func generatedSchemaIsCurrent() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("k8s-schema-\(UInt64.random(in: 0...UInt64.max)).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.projectRoot.appendingPathComponent("scripts/generate-k8s-schema.py").path,
                             K8sSchemaInfo.version, output.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "scripts/generate-k8s-schema.py failed (is kubernetes-validate installed? scripts/setup)")
        let committed = try String(contentsOf: Fixtures.projectRoot.appendingPathComponent("Sources/KubernetesChecks/Schema/K8sSchemaData.swift"), encoding: .utf8)
        let generated = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(generated == committed, "Sources/KubernetesChecks/Schema/K8sSchemaData.swift is stale: run scripts/generate-k8s-schema.py")
    }

    /// Runs kubernetes-validate over the corpus: one line per object of a supported kind with a schema
    /// (file, kind, namespace, name, 1 when invalid). Nil when kubernetes-validate is not installed.
    static func oracle(version: String) throws -> [String: Bool]? {
        let script = #"""
        import functools, os, sys, warnings
        warnings.filterwarnings("ignore")
        from kubernetes_validate import utils
        utils.schema_contents = functools.lru_cache(maxsize=None)(utils.schema_contents)
        root, version, kinds = sys.argv[1], sys.argv[2], set(sys.argv[3].split(","))
        def objects(item, depth=0):
            if not isinstance(item, dict):
                return
            kind = item.get("kind")
            if isinstance(kind, str) and kind.endswith("List") and isinstance(item.get("items"), list) and depth < 4:
                for i in item["items"]:
                    yield from objects(i, depth + 1)
            else:
                yield item
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for fn in sorted(filenames):
                if not fn.endswith((".yaml", ".yml", ".json")):
                    continue
                path = os.path.join(dirpath, fn)
                try:
                    docs = utils.resources_from_file(path)
                except BaseException:
                    continue
                for doc in docs:
                    for o in objects(doc):
                        if o.get("kind") not in kinds or not isinstance(o.get("apiVersion"), str):
                            continue
                        meta = o.get("metadata") if isinstance(o.get("metadata"), dict) else {}
                        try:
                            utils.validate(o, version, strict=True)
                            verdict = "0"
                        except utils.ValidationError:
                            verdict = "1"
                        except Exception:
                            continue
                        print("\t".join([os.path.relpath(path, root), o["kind"], str(meta.get("namespace") or ""),
                                         str(meta.get("name") or meta.get("generateName") or ""), verdict]))
        """#
        let kinds = ["Pod", "Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Job", "CronJob",
                     "Namespace", "NetworkPolicy", "Service", "Ingress", "ServiceAccount", "Role", "ClusterRole", "RoleBinding",
                     "ClusterRoleBinding", "ConfigMap", "Secret", "LimitRange", "ResourceQuota", "PodDisruptionBudget", "HorizontalPodAutoscaler"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Fixtures.corpus, version, kinds.joined(separator: ",")]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        var verdicts: [String: Bool] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count == 5 else { continue }
            let key = cols[0...3].joined(separator: "\t")
            verdicts[key] = (verdicts[key] ?? false) || cols[4] == "1"
        }
        return verdicts
    }

    /// Palisade's verdict per object equals kubernetes-validate's (strict, same Kubernetes version) on every
    /// corpus object of a kind and apiVersion both validate.
    ///
    /// Deliberate differences, none of which occurs in the corpus (the test would show them):
    /// - YAML 1.1 scalars: PyYAML reads `2020-01-01` as a date and `0o17`-style or `1_000` numbers differently;
    ///   Palisade reads them as strings / numbers per its own YAML resolver.
    /// - Non-string mapping keys: PyYAML keeps them as ints or bools, Palisade compares their text.
    /// - `y` / `n`: YAML 1.1 booleans to Palisade's resolver, strings to PyYAML.
    /// - int-or-string and quantity fields (`oneOf` string / integer or number) follow the schema exactly, as
    ///   kubernetes-validate does (so `targetPort: null` fails both: null matches both branches of the oneOf).
    /// - Objects kubernetes-validate cannot read (a file PyYAML rejects) are not compared.
    @Test(.timeLimit(.minutes(5))) func verdictsMatchKubernetesValidate() throws {
        guard let oracle = try Self.oracle(version: K8sSchemaInfo.version) else {
            Issue.record("kubernetes-validate is not installed (scripts/setup installs it)")
            return
        }
        let result = K8sScanner(options: Self.schemaOptions).scan(paths: [Fixtures.corpus])
        var flagged = Set<String>()
        for f in result.findings where f.check == "schema" {
            flagged.insert("\(Fixtures.relative(f.file))\t\(f.kind)\t\(f.namespace ?? "")\t\(f.name)")
        }
        var mismatches: [String] = []
        for (key, invalid) in oracle where flagged.contains(key) != invalid {
            mismatches.append("\(key): palisade \(flagged.contains(key) ? 1 : 0), kubernetes-validate \(invalid ? 1 : 0)")
        }
        // Objects Palisade flags that kubernetes-validate did not validate at all (another apiVersion mapping, a file
        // PyYAML rejects): none in the corpus.
        let unvalidated = flagged.subtracting(oracle.keys).sorted()
        let invalid = oracle.values.filter { $0 }.count
        print("schema oracle: \(oracle.count) objects, \(invalid) invalid per kubernetes-validate, \(mismatches.count) mismatches, \(unvalidated.count) flagged but not validated by it")
        #expect(unvalidated.isEmpty, "\(unvalidated.prefix(20))")
        #expect(oracle.count > 900)
        #expect(invalid > 50)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.sorted().prefix(100).joined(separator: "\n"))")
    }
}
