import Foundation
import Testing
@testable import Policy

/// An imported StackRox default and a hand-written Palisade policy meant to say the same thing
/// give the same verdict on every synthetic subject.
struct EquivalenceTests {
    struct Pair: CustomTestStringConvertible, Sendable {
        let file: String
        let native: String
        let stage: LifecycleStage
        var testDescription: String { file }
    }

    static let pairs: [Pair] = [
        Pair(file: "privileged.json", native: """
            id: native-privileged
            name: Privileged containers
            stages: [deploy]
            exclusions:
              - namespace: kube-system|stackrox
            criteria:
              Privileged Container: true
            """, stage: .deploy),
        Pair(file: "cvss_7.json", native: """
            id: native-cvss
            name: Fixable CVSS 7 or more
            stages: [build, deploy]
            criteria:
              Fixable: true
              CVSS: '>= 7'
            """, stage: .build),
        Pair(file: "severity_high_privileged.json", native: """
            id: native-severity-privileged
            name: Privileged with fixable high CVEs
            stages: [deploy]
            exclusions:
              - namespace: kube-system
            criteria:
              Privileged Container: true
              Fixable: true
              Severity: '>= HIGH'
            """, stage: .deploy),
        Pair(file: "restricted_host_ports.json", native: """
            id: native-host-ports
            name: Privileged node ports
            stages: [deploy]
            criteria:
              Exposed Node Port: {all: ['> 0', '<= 1024']}
            """, stage: .deploy),
        Pair(file: "exec-systemctl.json", native: """
            id: native-systemctl
            name: systemctl
            stages: [runtime]
            exclusions:
              - namespace: stackrox
            criteria:
              Process Name: systemctl
              Process Arguments: {not: '.*--version.*'}
            """, stage: .runtime),
        Pair(file: "secret_env.json", native: """
            id: native-secret-env
            name: Secrets in environment
            stages: [deploy]
            sections:
              - criteria:
                  Environment Variable: 'RAW=.*SECRET.*='
              - criteria:
                  Environment Variable: 'RAW=.*PASSWORD.*='
            """, stage: .deploy),
        Pair(file: "automount_service_account_token.json", native: """
            id: native-automount
            name: Automounted default token
            stages: [deploy]
            criteria:
              Automount Service Account Token: true
              Service Account: default
              Namespace: {not: kube-system}
            """, stage: .deploy),
        Pair(file: "docker_sock.json", native: """
            id: native-runtime-socket
            name: Runtime socket
            stages: [deploy]
            criteria:
              Volume Source: '(/var)?/run/(docker|crio/crio)\\.sock'
            """, stage: .deploy),
        Pair(file: "update_instructions.json", native: """
            id: native-update
            name: Update instructions
            stages: [build, deploy]
            criteria:
              Dockerfile Line: 'RUN=(/bin/sh -c )?(apk|apt|apt-get|yum) update'
            """, stage: .build),
        Pair(file: "red_hat_images_signed.json", native: """
            id: native-red-hat-signed
            name: Red Hat images signed
            stages: [build, deploy]
            sections:
              - name: Red Hat registries
                criteria:
                  Image Registry: 'registry\\.(access\\.)?redhat\\.(com|io)'
                  Image Signature Verified By: io.stackrox.signatureintegration.12a37a37-760e-4388-9e79-d62726c075b2
              - name: Red Hat quay.io remotes
                criteria:
                  - Image Registry: quay\\.io
                  - Image Remote: 'openshift-release-dev/ocp-(release|v4\\.0-art-dev)'
                  - Image Signature Verified By: io.stackrox.signatureintegration.12a37a37-760e-4388-9e79-d62726c075b2
            """, stage: .build),
        Pair(file: "no_resources_specified.json", native: """
            id: native-resources
            name: No CPU request or memory limit
            stages: [deploy]
            exclusions:
              - namespace: 'kube.*'
            criteria:
              - field: Container CPU Request
                values: ['<= 0']
            sections:
              - criteria:
                  Container Memory Limit: '< 0.5'
            """, stage: .deploy),
        Pair(file: "required_image_label.json", native: """
            id: native-required-image-label
            name: Required image label
            stages: [build, deploy]
            criteria:
              Required Image Label: 'required-label.*=required-value.*'
            """, stage: .build),
        Pair(file: "latest_tag.json", native: """
            id: native-latest
            name: Latest tag
            stages: [build, deploy]
            criteria:
              Image Tag: LATEST
            """, stage: .build),
    ]

    static func subjects(for stage: LifecycleStage) -> [PolicySubject] {
        var world = SyntheticSubjects(seed: 7)
        switch stage {
        case .build: return (0..<60).map { _ in world.image(components: 6, vulnerabilities: 6) }
        case .runtime: return (0..<60).map { world.processEvent(index: $0) }
        default: return (0..<60).map { world.deployment(index: $0, components: 3, vulnerabilities: 3) }
        }
    }

    @Test(arguments: pairs)
    func importedAndNativeAgree(_ pair: Pair) throws {
        let file = Fixtures.acsPolicies.appendingPathComponent(pair.file)
        var (imported, _) = try ACSImporter.convert(json: Data(contentsOf: file), fileName: pair.file)
        imported.enabled = true
        let loaded = PolicyLoader.load(text: pair.native, file: "native.yaml")
        #expect(loaded.problems.filter(\.isError).isEmpty, "\(loaded.problems)")
        let native = try #require(loaded.policies.first)
        let importedEngine = PolicyEngine(policies: [try PolicyCompiler.compile(imported)])
        let nativeEngine = PolicyEngine(policies: [try PolicyCompiler.compile(native)])
        var matched = 0
        let subjects = Self.subjects(for: pair.stage)
        for subject in subjects {
            let a = !importedEngine.evaluate(subject, stage: pair.stage).isEmpty
            let b = !nativeEngine.evaluate(subject, stage: pair.stage).isEmpty
            #expect(a == b, "\(pair.file) on \(subject.name): imported \(a), native \(b)")
            if a { matched += 1 }
        }
        // Both verdicts occur, so the comparison means something.
        #expect(matched > 0 && matched < subjects.count, "\(pair.file): \(matched) of \(subjects.count) matched")
    }
}
