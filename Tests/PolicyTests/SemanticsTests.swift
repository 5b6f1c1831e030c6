import Foundation
import Testing
@testable import Policy

/// One row of the semantics table: a policy, a subject, and whether it must match.
struct SemanticCase: CustomTestStringConvertible, Sendable {
    let name: String
    let policy: Policy
    let subject: PolicySubject
    var stage: LifecycleStage = .deploy
    let expected: Bool
    var testDescription: String { name }

    init(_ name: String, _ sections: [[Criterion]], _ subject: PolicySubject, stage: LifecycleStage = .deploy,
         expected: Bool, configure: (inout Policy) -> Void = { _ in }) {
        self.name = name
        var policy = Subjects.policy(sections)
        configure(&policy)
        self.policy = policy
        self.subject = subject
        self.stage = stage
        self.expected = expected
    }
}

private typealias C = Criterion
private func dep(_ rows: [PolicyField: [String]]...) -> PolicySubject { Subjects.deployment(rows) }
private func img(_ rows: [PolicyField: [String]]...) -> PolicySubject { Subjects.image(rows) }
private let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15

/// Semantics, as a table per operator and combination (docs/policy-format.md, "Matching").
struct SemanticsTests {
    static let combination: [SemanticCase] = [
        SemanticCase("OR of sections: second matches", [[C(.imageTag, ["latest"])], [C(.imageRegistry, ["docker.io"])]],
                     img([.imageTag: ["1.0"], .imageRegistry: ["docker.io"]]), expected: true),
        SemanticCase("OR of sections: none matches", [[C(.imageTag, ["latest"])], [C(.imageRegistry, ["docker.io"])]],
                     img([.imageTag: ["1.0"], .imageRegistry: ["quay.io"]]), expected: false),
        SemanticCase("AND of criteria: same vulnerability", [[C(.fixable, ["true"]), C(.cvss, [">= 7"])]],
                     img([.cve: ["CVE-1"], .fixable: ["true"], .cvss: ["9.8"]]), expected: true),
        SemanticCase("AND of criteria: different vulnerabilities do not combine", [[C(.fixable, ["true"]), C(.cvss, [">= 7"])]],
                     img([.cve: ["CVE-1"], .fixable: ["true"], .cvss: ["5.0"]], [.cve: ["CVE-2"], .fixable: ["false"], .cvss: ["9.8"]]),
                     expected: false),
        SemanticCase("AND of criteria: one false", [[C(.privilegedContainer, ["true"]), C(.namespace, ["kube-system"])]],
                     dep([.privilegedContainer: ["true"], .namespace: ["default"]]), expected: false),
        SemanticCase("OR of values", [[C(.imageTag, ["latest", "dev"])]], img([.imageTag: ["dev"]]), expected: true),
        SemanticCase("AND of values: one port in range", [[C(.exposedNodePort, ["<= 1024", "> 0"], operator: .and)]],
                     dep([.exposedNodePort: ["80"]]), expected: true),
        SemanticCase("AND of values: port 0 out of range", [[C(.exposedNodePort, ["<= 1024", "> 0"], operator: .and)]],
                     dep([.exposedNodePort: ["0"]]), expected: false),
        SemanticCase("AND of values: high port out of range", [[C(.exposedNodePort, ["<= 1024", "> 0"], operator: .and)]],
                     dep([.exposedNodePort: ["30080"]]), expected: false),
        SemanticCase("AND of values over a list: all present", [[C(.addCapabilities, ["SYS_ADMIN", "NET_ADMIN"], operator: .and)]],
                     dep([.addCapabilities: ["SYS_ADMIN", "NET_ADMIN", "CHOWN"]]), expected: true),
        SemanticCase("AND of values over a list: one missing", [[C(.addCapabilities, ["SYS_ADMIN", "NET_ADMIN"], operator: .and)]],
                     dep([.addCapabilities: ["SYS_ADMIN"]]), expected: false),
        SemanticCase("linked groups: volume and port in the same container",
                     [[C(.volumeSource, ["/var/run/docker.sock"]), C(.exposedPort, ["22"])]],
                     dep([.containerName: ["a"], .volumeSource: ["/var/run/docker.sock"]], [.containerName: ["a"], .exposedPort: ["22"]]),
                     expected: true),
        SemanticCase("linked groups: volume and port in different containers",
                     [[C(.volumeSource, ["/var/run/docker.sock"]), C(.exposedPort, ["22"])]],
                     dep([.containerName: ["a"], .volumeSource: ["/var/run/docker.sock"]], [.containerName: ["b"], .exposedPort: ["22"]]),
                     expected: false),
        SemanticCase("linked: volume source and writability bind to one volume",
                     [[C(.volumeSource, ["/etc/.*"]), C(.writableMountedVolume, ["true"])]],
                     dep([.volumeSource: ["/etc/ssl"], .writableMountedVolume: ["false"]], [.volumeSource: ["/data"], .writableMountedVolume: ["true"]]),
                     expected: false),
    ]

    static let negation: [SemanticCase] = [
        SemanticCase("negation: other namespace", [[C(.privilegedContainer, ["true"]), C(.namespace, ["kube-system"], negate: true)]],
                     dep([.privilegedContainer: ["true"], .namespace: ["default"]]), expected: true),
        SemanticCase("negation: the excluded namespace", [[C(.privilegedContainer, ["true"]), C(.namespace, ["kube-system"], negate: true)]],
                     dep([.privilegedContainer: ["true"], .namespace: ["kube-system"]]), expected: false),
        SemanticCase("negation: unknown field never matches", [[C(.processName, ["systemctl"]), C(.processArguments, ["--version"], negate: true)]],
                     Subjects.runtime([[.processName: ["systemctl"]]]), stage: .runtime, expected: false),
        SemanticCase("negation: known-empty field matches", [[C(.processName, ["systemctl"]), C(.processArguments, ["--version"], negate: true)]],
                     Subjects.runtime([[.processName: ["systemctl"], .processArguments: []]]), stage: .runtime, expected: true),
        SemanticCase("negation: contains-match argument excluded", [[C(.processName, ["systemctl"]), C(.processArguments, ["--version"], negate: true)]],
                     Subjects.runtime([[.processName: ["systemctl"], .processArguments: ["--no-pager --version"]]]), stage: .runtime,
                     expected: false),
        SemanticCase("negated OR: none of the values", [[C(.imageRegistry, ["quay.io", "registry.example.com"], negate: true)]],
                     img([.imageRegistry: ["docker.io"]]), expected: true),
        SemanticCase("negated OR: one of the values", [[C(.imageRegistry, ["quay.io", "registry.example.com"], negate: true)]],
                     img([.imageRegistry: ["quay.io"]]), expected: false),
        SemanticCase("negated AND: not all present", [[C(.containerName, ["a.*", ".*b"], operator: .and, negate: true)]],
                     dep([.containerName: ["ax"]]), expected: true),
        SemanticCase("negated AND: all present", [[C(.containerName, ["a.*", ".*b"], operator: .and, negate: true)]],
                     dep([.containerName: ["ab"]]), expected: false),
    ]

    static let numbers: [SemanticCase] = [
        SemanticCase("> 7 with 7", [[C(.cvss, ["> 7"])]], img([.cvss: ["7"]]), expected: false),
        SemanticCase("> 7 with 7.1", [[C(.cvss, ["> 7"])]], img([.cvss: ["7.1"]]), expected: true),
        SemanticCase(">= 7 with 7", [[C(.cvss, [">= 7.000000"])]], img([.cvss: ["7.0"]]), expected: true),
        SemanticCase(">=7 without space", [[C(.cvss, [">=7"])]], img([.cvss: ["7.5"]]), expected: true),
        SemanticCase("< 4 with 3.9", [[C(.cvss, ["< 4"])]], img([.cvss: ["3.9"]]), expected: true),
        SemanticCase("<= 4 with 4", [[C(.cvss, ["<= 4"])]], img([.cvss: ["4"]]), expected: true),
        SemanticCase("<= 4 with 4.1", [[C(.cvss, ["<= 4"])]], img([.cvss: ["4.1"]]), expected: false),
        SemanticCase("= 5 with 5", [[C(.cvss, ["= 5"])]], img([.cvss: ["5.0"]]), expected: true),
        SemanticCase("bare 0 means equal", [[C(.containerCPURequest, ["0.000000"])]], dep([.containerCPURequest: ["0"]]), expected: true),
        SemanticCase("bare 0 with 0.5", [[C(.containerCPURequest, ["0"])]], dep([.containerCPURequest: ["0.5"]]), expected: false),
        SemanticCase("non-numeric fact never compares", [[C(.cvss, [">= 0"])]], img([.cvss: ["n/a"]]), expected: false),
        SemanticCase("days: 90 means at least 90", [[C(.imageAge, ["90"])]], img([.imageAge: ["90"]]), expected: true),
        SemanticCase("days: 89 is younger", [[C(.imageAge, ["90"])]], img([.imageAge: ["89"]]), expected: false),
        SemanticCase("severity >= IMPORTANT with HIGH", [[C(.severity, [">= IMPORTANT"])]], img([.severity: ["HIGH"]]), expected: true),
        SemanticCase("severity >=IMPORTANT with MEDIUM", [[C(.severity, [">=IMPORTANT"])]], img([.severity: ["MEDIUM"]]), expected: false),
        SemanticCase("severity CRITICAL bare", [[C(.severity, ["CRITICAL"])]], img([.severity: ["Critical"]]), expected: true),
        SemanticCase("severity < MODERATE with LOW", [[C(.severity, ["< MODERATE"])]], img([.severity: ["LOW"]]), expected: true),
        SemanticCase("freshness >= D with E", [[C(.freshnessGrade, [">= D"])]], img([.freshnessGrade: ["E"]]), expected: true),
        SemanticCase("freshness >= D with C", [[C(.freshnessGrade, [">= D"])]], img([.freshnessGrade: ["C"]]), expected: false),
        SemanticCase("RBAC at least elevated: cluster admin", [[C(.minimumRBACPermissions, ["ELEVATED_IN_NAMESPACE"])]],
                     dep([.minimumRBACPermissions: ["CLUSTER_ADMIN"]]), expected: true),
        SemanticCase("RBAC at least elevated: default", [[C(.minimumRBACPermissions, ["ELEVATED_IN_NAMESPACE"])]],
                     dep([.minimumRBACPermissions: ["DEFAULT"]]), expected: false),
        SemanticCase("RBAC negated: below elevated", [[C(.minimumRBACPermissions, ["ELEVATED_IN_NAMESPACE"], negate: true)]],
                     dep([.minimumRBACPermissions: ["DEFAULT"]]), expected: true),
    ]

    static let patterns: [SemanticCase] = [
        SemanticCase("literal is case-insensitive", [[C(.imageTag, ["LATEST"])]], img([.imageTag: ["latest"]]), expected: true),
        SemanticCase("literal is a full match", [[C(.imageTag, ["latest"])]], img([.imageTag: ["latest-1"]]), expected: false),
        SemanticCase("regex full match", [[C(.imageTag, ["v[0-9]+"])]], img([.imageTag: ["v12"]]), expected: true),
        SemanticCase("regex is anchored", [[C(.imageTag, ["v[0-9]+"])]], img([.imageTag: ["xv12"]]), expected: false),
        SemanticCase("alternation", [[C(.processName, ["apt-get|apt|dpkg"])]], Subjects.runtime([[.processName: ["dpkg"]]]),
                     stage: .runtime, expected: true),
        SemanticCase("dotted host is a regex", [[C(.imageRegistry, ["quay.io"])]], img([.imageRegistry: ["quay.io.evil.com"]]),
                     expected: false),
        SemanticCase("prefix pattern", [[C(.volumeSource, ["(/etc/.*|/sys/.*)"])]], dep([.volumeSource: ["/etc/shadow"]]), expected: true),
        SemanticCase("process arguments match anywhere", [[C(.processArguments, ["--version"])]],
                     Subjects.runtime([[.processArguments: ["systemctl --version"]]]), stage: .runtime, expected: true),
        SemanticCase("boolean true", [[C(.privilegedContainer, ["true"])]], dep([.privilegedContainer: ["TRUE"]]), expected: true),
        SemanticCase("boolean false fact", [[C(.privilegedContainer, ["true"])]], dep([.privilegedContainer: ["false"]]), expected: false),
        SemanticCase("Fixed By .* means fixable", [[C(.fixedBy, [".*"])]], img([.cve: ["CVE-1"], .fixedBy: [""]]), expected: false),
        SemanticCase("Fixed By .* with a version", [[C(.fixedBy, [".*"])]], img([.cve: ["CVE-1"], .fixedBy: ["1.2.3"]]), expected: true),
        SemanticCase("enumeration ignores case and separators", [[C(.seccompProfileType, ["RUNTIME_DEFAULT"])]],
                     dep([.seccompProfileType: ["RuntimeDefault"]]), expected: true),
        SemanticCase("capabilities ignore CAP_", [[C(.addCapabilities, ["SYS_ADMIN"])]], dep([.addCapabilities: ["CAP_SYS_ADMIN"]]),
                     expected: true),
    ]

    static let keyValues: [SemanticCase] = [
        SemanticCase("required label present", [[C(.requiredLabel, ["owner|team=.+"])]], dep([.deploymentLabel: ["team=payments"]]),
                     expected: false),
        SemanticCase("required label missing", [[C(.requiredLabel, ["owner|team=.+"])]], dep([.deploymentLabel: ["app=web"]]),
                     expected: true),
        SemanticCase("required label, no labels", [[C(.requiredLabel, ["owner|team=.+"])]], dep([.deploymentLabel: []]), expected: true),
        SemanticCase("required label, labels unknown", [[C(.requiredLabel, ["owner|team=.+"])]], dep([.namespace: ["x"]]),
                     expected: false),
        SemanticCase("required label, empty value does not count", [[C(.requiredLabel, ["team=.+"])]], dep([.deploymentLabel: ["team="]]),
                     expected: true),
        SemanticCase("disallowed annotation, any value", [[C(.disallowedAnnotation, ["admission.stackrox.io/break-glass="])]],
                     dep([.deploymentAnnotation: ["admission.stackrox.io/break-glass=ticket-1"]]), expected: true),
        SemanticCase("component name, any version", [[C(.imageComponent, ["curl="])]], img([.imageComponent: ["curl=7.88.1"]]),
                     expected: true),
        SemanticCase("component name is a full match", [[C(.imageComponent, ["curl="])]], img([.imageComponent: ["libcurl4=7.88.1"]]),
                     expected: false),
        SemanticCase("component version only", [[C(.imageComponent, ["=7\\.88\\..*"])]], img([.imageComponent: ["libcurl4=7.88.1"]]),
                     expected: true),
        SemanticCase("env RAW name pattern", [[C(.environmentVariable, ["RAW=.*SECRET.*|.*PASSWORD.*="])]],
                     dep([.environmentVariable: ["RAW=DB_PASSWORD=hunter2"]]), expected: true),
        SemanticCase("env RAW pattern vs secret reference", [[C(.environmentVariable, ["RAW=.*SECRET.*|.*PASSWORD.*="])]],
                     dep([.environmentVariable: ["SECRET_KEY=DB_PASSWORD="]]), expected: false),
        SemanticCase("env any secret reference", [[C(.environmentVariable, ["SECRET_KEY=="])]],
                     dep([.environmentVariable: ["SECRET_KEY=TOKEN="]]), expected: true),
        SemanticCase("Dockerfile instruction and regex", [[C(.dockerfileLine, ["RUN=(/bin/sh -c)?\\s*apt-get update\\s*"])]],
                     img([.dockerfileLine: ["RUN=/bin/sh -c apt-get update"]]), expected: true),
        SemanticCase("Dockerfile other instruction", [[C(.dockerfileLine, ["ADD=.*"])]], img([.dockerfileLine: ["COPY=a b"]]),
                     expected: false),
        SemanticCase("drop ALL: dropped", [[C(.dropCapabilities, ["ALL"])]], dep([.dropCapabilities: ["ALL"]]), expected: false),
        SemanticCase("drop ALL: only NET_RAW dropped", [[C(.dropCapabilities, ["ALL"])]], dep([.dropCapabilities: ["NET_RAW"]]),
                     expected: true),
        SemanticCase("drop ALL: nothing dropped", [[C(.dropCapabilities, ["ALL"])]], dep([.dropCapabilities: []]), expected: true),
        SemanticCase("signature: verified by the key set", [[C(.imageSignatureVerifiedBy, ["prod-keys"])]],
                     img([.imageSignatureVerifiedBy: ["prod-keys"]]), expected: false),
        SemanticCase("signature: verified by another key set", [[C(.imageSignatureVerifiedBy, ["prod-keys"])]],
                     img([.imageSignatureVerifiedBy: ["dev-keys"]]), expected: true),
        SemanticCase("signature: not verified", [[C(.imageSignatureVerifiedBy, ["prod-keys"])]],
                     img([.imageSignatureVerifiedBy: []]), expected: true),
        SemanticCase("signature: verification not run", [[C(.imageSignatureVerifiedBy, ["prod-keys"])]],
                     img([.imageTag: ["1"]]), expected: false),
    ]

    static let scopeAndLifecycle: [SemanticCase] = [
        SemanticCase("scope matches", [[C(.privilegedContainer, ["true"])]],
                     Subjects.deployment([[.privilegedContainer: ["true"]]], namespace: "prod-a"), expected: true) {
            $0.scope = [ScopeRule(namespace: "prod-.*")]
        },
        SemanticCase("scope does not match", [[C(.privilegedContainer, ["true"])]],
                     Subjects.deployment([[.privilegedContainer: ["true"]]], namespace: "dev"), expected: false) {
            $0.scope = [ScopeRule(namespace: "prod-.*")]
        },
        SemanticCase("scope by label", [[C(.privilegedContainer, ["true"])]],
                     Subjects.deployment([[.privilegedContainer: ["true"]]], labels: ["env": "production"]), expected: true) {
            $0.scope = [ScopeRule(label: "env=prod.*")]
        },
        SemanticCase("images without deployment context are in scope", [[C(.imageTag, ["latest"])]], img([.imageTag: ["latest"]]),
                     stage: .build, expected: true) { $0.scope = [ScopeRule(namespace: "prod-.*")] },
        SemanticCase("exclusion by deployment and namespace", [[C(.privilegedContainer, ["true"])]],
                     Subjects.deployment([[.privilegedContainer: ["true"]]], name: "agent", namespace: "monitoring"), expected: false) {
            $0.exclusions = [PolicyExclusion(deployment: "agent|collector", scope: ScopeRule(namespace: "monitoring"))]
        },
        SemanticCase("exclusion by name does not cover other deployments", [[C(.privilegedContainer, ["true"])]],
                     Subjects.deployment([[.privilegedContainer: ["true"]]], name: "web", namespace: "monitoring"), expected: true) {
            $0.exclusions = [PolicyExclusion(deployment: "agent", scope: ScopeRule(namespace: "monitoring"))]
        },
        SemanticCase("unexpired exclusion applies", [[C(.privilegedContainer, ["true"])]],
                     Subjects.deployment([[.privilegedContainer: ["true"]]], namespace: "legacy"), expected: false) {
            $0.exclusions = [PolicyExclusion(scope: ScopeRule(namespace: "legacy"), expires: now.addingTimeInterval(86_400))]
        },
        SemanticCase("expired exclusion does not apply", [[C(.privilegedContainer, ["true"])]],
                     Subjects.deployment([[.privilegedContainer: ["true"]]], namespace: "legacy"), expected: true) {
            $0.exclusions = [PolicyExclusion(scope: ScopeRule(namespace: "legacy"), expires: now)]
        },
        SemanticCase("image exclusion at build", [[C(.imageTag, ["latest"])]], img([.imageTag: ["latest"]]), stage: .build,
                     expected: false) { $0.exclusions = [PolicyExclusion(images: ["registry\\.example\\.com/team/.*"])] },
        SemanticCase("image exclusion covers one container only", [[C(.imageTag, ["latest"])]],
                     Subjects.deployment([[.imageName: ["registry.example.com/team/app:latest"], .imageTag: ["latest"]],
                                          [.imageName: ["docker.io/library/nginx:latest"], .imageTag: ["latest"]]],
                                         images: ["registry.example.com/team/app:latest", "docker.io/library/nginx:latest"]),
                     expected: true) { $0.exclusions = [PolicyExclusion(images: ["registry\\.example\\.com/.*"])] },
        SemanticCase("image exclusion covers every container", [[C(.imageTag, ["latest"])]],
                     Subjects.deployment([[.imageName: ["registry.example.com/team/app:latest"], .imageTag: ["latest"]]],
                                         images: ["registry.example.com/team/app:latest"]),
                     expected: false) { $0.exclusions = [PolicyExclusion(images: ["registry\\.example\\.com/.*"])] },
        SemanticCase("disabled policy", [[C(.privilegedContainer, ["true"])]], dep([.privilegedContainer: ["true"]]),
                     expected: false) { $0.enabled = false },
        SemanticCase("stage not listed", [[C(.imageTag, ["latest"])]], img([.imageTag: ["latest"]]), stage: .build,
                     expected: false) { $0.lifecycleStages = [.deploy] },
        SemanticCase("deployment fields never match image subjects", [[C(.privilegedContainer, ["true"])]],
                     img([.privilegedContainer: ["true"]]), expected: false) { $0.lifecycleStages = [.deploy] },
        SemanticCase("image fields match deployment subjects", [[C(.imageTag, ["latest"])]], dep([.imageTag: ["latest"]]),
                     expected: true),
    ]

    @Test(arguments: combination + negation)
    func combinationsAndNegation(_ test: SemanticCase) throws {
        try check(test)
    }

    @Test(arguments: numbers + patterns)
    func comparatorsAndPatterns(_ test: SemanticCase) throws {
        try check(test)
    }

    @Test(arguments: keyValues + scopeAndLifecycle)
    func keyValuesScopeAndLifecycle(_ test: SemanticCase) throws {
        try check(test)
    }

    private func check(_ test: SemanticCase) throws {
        let violations = try Subjects.evaluate(test.policy, test.subject, stage: test.stage, now: now)
        #expect(!violations.isEmpty == test.expected, "\(test.name): \(violations.flatMap(\.messages))")
    }

    @Test func messagesDescribeTheMatch() throws {
        let policy = Subjects.policy([[C(.fixedBy, [".*"]), C(.cvss, [">= 7"])]])
        let subject = Subjects.deployment([
            [.containerName: ["web"], .cve: ["CVE-2023-1234"], .cvss: ["9.8"], .severity: ["CRITICAL"], .fixedBy: ["3.0.13"],
             .imageComponent: ["openssl=3.0.2"]],
            [.containerName: ["web"], .cve: ["CVE-2023-9"], .cvss: ["4"], .fixedBy: ["1"], .imageComponent: ["zlib=1"]],
        ])
        let violation = try #require(try Subjects.evaluate(policy, subject).first)
        #expect(violation.messages == ["Fixable CVE-2023-1234 (CVSS 9.8, severity CRITICAL) found in component 'openssl' (version 3.0.2), fixed by 3.0.13 in container 'web'"])
        #expect(violation.matches[0].values[.cve] == ["CVE-2023-1234"])
        #expect(violation.severity == .high && violation.stage == .deploy && violation.enforcement == nil)

        let privileged = Subjects.policy([[C(.privilegedContainer, ["true"])]])
        let rows: [[PolicyField: [String]]] = (0..<50).map { [.containerName: ["web"], .privilegedContainer: ["true"], .cve: ["CVE-\($0)"]] }
        let messages = try Subjects.evaluate(privileged, Subjects.deployment(rows)).flatMap(\.messages)
        #expect(messages == ["Privileged Container: true in container 'web'"])

        let label = Subjects.policy([[C(.requiredLabel, ["owner=.+"])]])
        #expect(try Subjects.evaluate(label, Subjects.deployment([[.deploymentLabel: ["app=web"]]])).flatMap(\.messages)
                == ["no label matches 'owner=.+' (found: app=web)"])
    }

    @Test func enforcementIsReportedPerStage() throws {
        var policy = Subjects.policy([[C(.imageTag, ["latest"])]])
        policy.enforcement = PolicyEnforcement(build: .failBuild, deploy: .scaleToZero)
        let build = try Subjects.evaluate(policy, Subjects.image([[.imageTag: ["latest"]]]), stage: .build)
        #expect(build.first?.enforcement == .failBuild)
        let deploy = try Subjects.evaluate(policy, Subjects.deployment([[.imageTag: ["latest"]]]), stage: .deploy)
        #expect(deploy.first?.enforcement == .scaleToZero)
    }
}
