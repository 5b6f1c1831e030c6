import Foundation
import Testing
@testable import Signing

struct SLSAProvenanceSummaryTests {
    @Test func v02FromTheGitHubGenerator() throws {
        let predicate = #"""
            {"builder":{"id":"https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v1.9.0"},
             "buildType":"https://github.com/slsa-framework/slsa-github-generator/container@v1",
             "invocation":{"configSource":{"uri":"git+https://github.com/acme/app@refs/heads/main",
                                           "digest":{"sha1":"0123456789abcdef0123456789abcdef01234567"},
                                           "entryPoint":".github/workflows/release.yml"},
                           "parameters":{},"environment":{"github_run_id":"1"}},
             "metadata":{"buildInvocationID":"1-1"},
             "materials":[{"uri":"git+https://github.com/acme/app@refs/heads/main","digest":{"sha1":"0123456789abcdef0123456789abcdef01234567"}}]}
            """#
        let summary = try SLSAProvenanceSummary(predicateType: "https://slsa.dev/provenance/v0.2", predicate: Data(predicate.utf8))
        #expect(summary.builderID?.hasPrefix("https://github.com/slsa-framework/slsa-github-generator/") == true)
        #expect(summary.buildType == "https://github.com/slsa-framework/slsa-github-generator/container@v1")
        #expect(summary.sourceRepository == "git+https://github.com/acme/app")
        #expect(summary.sourceReference == "refs/heads/main")
        #expect(summary.sourceRevision == "0123456789abcdef0123456789abcdef01234567")
        #expect(summary.entryPoint == ".github/workflows/release.yml")
        #expect(summary.materials.count == 1)
    }

    @Test func v02WithoutConfigSourceFallsBackToMaterials() throws {
        let predicate = #"{"builder":{"id":"b"},"buildType":"t","materials":[{"uri":"pkg:docker/alpine@3.19","digest":{"sha256":"aa"}},{"uri":"git+https://gitlab.example/g/p.git@v1.2","digest":{"sha1":"beef"}}]}"#
        let summary = try SLSAProvenanceSummary(predicateType: "https://slsa.dev/provenance/v0.2", predicate: Data(predicate.utf8))
        #expect(summary.sourceRepository == "git+https://gitlab.example/g/p.git")
        #expect(summary.sourceReference == "v1.2")
        #expect(summary.sourceRevision == "beef")
        #expect(summary.materials.map(\.uri) == ["pkg:docker/alpine@3.19", "git+https://gitlab.example/g/p.git@v1.2"])
    }

    @Test func v1FromGitHubActions() throws {
        let predicate = #"""
            {"buildDefinition":{"buildType":"https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
               "externalParameters":{"workflow":{"ref":"refs/tags/v2.0.0","repository":"https://github.com/acme/app","path":".github/workflows/release.yml"}},
               "internalParameters":{"github":{"event_name":"push"}},
               "resolvedDependencies":[{"uri":"git+https://github.com/acme/app@refs/tags/v2.0.0","digest":{"gitCommit":"fedcba9876543210fedcba9876543210fedcba98"}}]},
             "runDetails":{"builder":{"id":"https://github.com/actions/runner/github-hosted"},"metadata":{"invocationId":"x"}}}
            """#
        let summary = try SLSAProvenanceSummary(predicateType: "https://slsa.dev/provenance/v1", predicate: Data(predicate.utf8))
        #expect(summary.builderID == "https://github.com/actions/runner/github-hosted")
        #expect(summary.buildType == "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1")
        #expect(summary.sourceRepository == "https://github.com/acme/app")
        #expect(summary.sourceReference == "refs/tags/v2.0.0")
        #expect(summary.sourceRevision == "fedcba9876543210fedcba9876543210fedcba98")
        #expect(summary.entryPoint == ".github/workflows/release.yml")
    }

    @Test func v1GenericSource() throws {
        let predicate = #"{"buildDefinition":{"buildType":"https://example/bt","externalParameters":{"source":"git+https://git.example/r@refs/heads/dev"},"resolvedDependencies":[{"uri":"git+https://git.example/r@refs/heads/dev","digest":{"sha1":"abc"}}]},"runDetails":{"builder":{"id":"https://ci.example"}}}"#
        let summary = try SLSAProvenanceSummary(predicateType: "https://slsa.dev/provenance/v1", predicate: Data(predicate.utf8))
        #expect(summary.sourceRepository == "git+https://git.example/r")
        #expect(summary.sourceReference == "refs/heads/dev")
        #expect(summary.sourceRevision == "abc")
    }

    @Test func referenceSplittingIgnoresUserInfo() {
        #expect(SLSAProvenanceSummary.splitReference("git+https://user@host.example/r@main") == ("git+https://user@host.example/r", "main"))
        #expect(SLSAProvenanceSummary.splitReference("git+https://user@host.example/r") == ("git+https://user@host.example/r", nil))
        #expect(SLSAProvenanceSummary.splitReference("no-scheme@x") == ("no-scheme@x", nil))
    }

    @Test func otherTypesAndShapesAreRefused() {
        #expect((#expect(throws: SigningError.self) {
            try SLSAProvenanceSummary(predicateType: "https://cyclonedx.org/bom", predicate: Data("{}".utf8))
        })?.code == .invalidArgument)
        #expect((#expect(throws: SigningError.self) {
            try SLSAProvenanceSummary(predicateType: "https://slsa.dev/provenance/v1", predicate: Data("[]".utf8))
        })?.code == .malformedDocument)
        // Empty but well-formed: nothing known, no crash.
        #expect((try? SLSAProvenanceSummary(predicateType: "https://slsa.dev/provenance/v1", predicate: Data("{}".utf8)))?.builderID == nil)
    }
}
