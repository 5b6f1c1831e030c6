import Crypto
import Foundation
import Testing

/// cosign-compatible signing end to end, through a real registry (Debian's docker-registry) and the
/// independent cosign-format oracle (`../shared/tools/cosign-format-oracle`), both ways.
@Suite(.serialized)
struct SigningCLITests {
    static let oracle = Paths.projectRoot + "/../shared/tools/cosign-format-oracle"
    static var password: String { (try? String(contentsOfFile: oracle + "/pass.txt", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
    static var env: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PALISADE_PASSWORD"] = password
        env.removeValue(forKey: "COSIGN_PASSWORD")
        return env
    }

    /// Pushes a fixture image to a fresh repository of the anonymous registry.
    static func push(_ image: String, _ repo: String) throws -> (host: String, ref: String) {
        let registry = try Fixtures.anonymousRegistry.get()
        try tool("skopeo", ["copy", "-q", "--dest-tls-verify=false", "oci:\(Paths.layout):\(image)", "docker://\(registry.host)/\(repo)"])
        return (registry.host, "docker://\(registry.host)/\(repo)")
    }

    static func oracle(_ arguments: [String]) throws -> ProcessResult {
        try run("/usr/bin/env", ["python3", oracle + "/cosign_oci.py"] + arguments)
    }

    static func sign(_ ref: String, key: String = oracle + "/cosign.key", _ extra: [String] = [], env: [String: String] = SigningCLITests.env) throws -> ProcessResult {
        try palisade(["image", "sign", ref, "--tls-verify=false", "--key", key] + extra, environment: env)
    }

    static func verify(_ ref: String, keys: [String] = [oracle + "/cosign.pub"], _ extra: [String] = []) throws -> ProcessResult {
        try palisade(["image", "verify", ref, "--tls-verify=false"] + keys.flatMap { ["--key", $0] } + extra)
    }

    @Test func palisadeSignsAndTheOracleVerifies() throws {
        let (host, ref) = try Self.push("debian-minbase", "sign/ours:1")
        let signed = try Self.sign(ref, ["-a", "env=prod"])
        #expect(signed.status == 0, "\(signed.stderr)")
        // Signing a tag signs the digest it resolves to, and says which.
        #expect(signed.stderr.contains("sign/ours:1, which is sha256:"), "\(signed.stderr)")
        let theirs = try Self.oracle(["verify", host, "sign/ours", "1", Self.oracle + "/cosign.pub"])
        #expect(theirs.status == 0 && theirs.text.contains("VERIFIED"), "\(theirs.text)")
        // Palisade verifies too, printing the signer and the payload; the annotation is required and present.
        let ok = try Self.verify(ref, ["-a", "env=prod"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.count > 0 && ok.text.contains("docker-reference \(host)/sign/ours") && ok.text.contains("cosign.pub"))
        let wrongAnnotation = try Self.verify(ref, ["-a", "env=dev"])
        #expect(wrongAnnotation.status == 1 && wrongAnnotation.stderr.contains("annotationMismatch"), "\(wrongAnnotation.stderr)")
        // Signing again appends (cosign never replaces signatures); the same signature twice is not duplicated.
        let second = try Self.sign(ref, ["-a", "env=staging"])
        #expect(second.status == 0)
        let json = try Self.verify(ref, ["--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect((report["signatures"] as? [Any])?.count == 2)
        #expect(try Self.oracle(["verify", host, "sign/ours", "1", Self.oracle + "/cosign.pub"]).text.contains("2 valid signature"))
    }

    @Test func theOracleSignsAndPalisadeVerifies() throws {
        let (host, ref) = try Self.push("debian-minbase", "sign/theirs:1")
        let signed = try Self.oracle(["sign", host, "sign/theirs", "1", Self.oracle + "/cosign.key", Self.password])
        #expect(signed.status == 0, "\(signed.text)")
        let ok = try Self.verify(ref)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.contains("verified \(host)/sign/theirs@sha256:"))
        // The other public key did not sign it: exit 1 with the reason.
        let wrong = try Self.verify(ref, keys: [Self.oracle + "/other.pub"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("wrongKey"), "\(wrong.stderr)")
        // --require-all: one of two keys is not enough.
        let both = try Self.verify(ref, keys: [Self.oracle + "/cosign.pub", Self.oracle + "/other.pub"])
        #expect(both.status == 0)
        let all = try Self.verify(ref, keys: [Self.oracle + "/cosign.pub", Self.oracle + "/other.pub"], ["--require-all"])
        #expect(all.status == 1 && all.stderr.contains("no verified signature from \(Self.oracle)/other.pub"), "\(all.stderr)")
    }

    /// A second signer's key (made with `palisade key generate`: the fixture's other.key password is not
    /// given) signs; its signature fails against cosign.pub, and passes against its own public key.
    @Test func anotherSignersSignatureFailsAgainstCosignPub() throws {
        let (_, ref) = try Self.push("debian-minbase", "sign/second:1")
        let dir = Paths.scratch + "/second-signer-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let made = try palisade(["key", "generate", "--output-key-prefix", dir + "/second"], environment: Self.env)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try Self.sign(ref, key: dir + "/second.key").status == 0)
        let against = try Self.verify(ref)
        #expect(against.status == 1 && against.stderr.contains("wrongKey"), "\(against.stderr)")
        #expect(try Self.verify(ref, keys: [dir + "/second.pub"]).status == 0)
    }

    @Test func badSignaturesAndKeysFailWithTheirReason() throws {
        let (host, ref) = try Self.push("debian-minbase", "sign/bad:1")
        // No signatures at all.
        let none = try Self.verify(ref)
        #expect(none.status == 1 && none.stderr.contains("no signatures found"), "\(none.stderr)")
        // A signature made for another image, copied onto this one: the payload names another digest.
        let (_, other) = try Self.push("python-app", "sign/bad:other")
        #expect(try Self.sign(other).status == 0)
        let otherDigest = try Self.digest(host, "sign/bad", "other")
        let thisDigest = try Self.digest(host, "sign/bad", "1")
        try Self.copyManifest(host, "sign/bad", from: otherDigest.replacingOccurrences(of: ":", with: "-") + ".sig",
                              to: thisDigest.replacingOccurrences(of: ":", with: "-") + ".sig")
        let moved = try Self.verify(ref)
        #expect(moved.status == 1 && moved.stderr.contains("digestMismatch"), "\(moved.stderr)")
        // A wrong password, a key file that is not a key, a public key where a private key belongs.
        var wrongPassword = Self.env
        wrongPassword["PALISADE_PASSWORD"] = "not-the-password"
        let denied = try Self.sign(ref, env: wrongPassword)
        #expect(denied.status == 1 && !denied.stderr.contains("not-the-password"), "\(denied.stderr)")
        let garbage = Paths.scratch + "/garbage.key"
        try "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nnot base64 at all!\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        #expect(try Self.sign(ref, key: garbage).status == 1)
        #expect(try Self.sign(ref, key: Self.oracle + "/cosign.pub").status == 1)
        // Local images cannot carry signatures.
        let local = try palisade(["image", "sign", "oci:\(Paths.layout):debian-minbase", "--key", Self.oracle + "/cosign.key"], environment: Self.env)
        #expect(local.status == 1 && local.stderr.contains("give a registry reference"), "\(local.stderr)")
    }

    @Test func slsaProvenanceAttestation() throws {
        let (host, ref) = try Self.push("debian-minbase", "sign/att:1")
        let predicate = Paths.scratch + "/provenance.json"
        try #"""
        {"builder": {"id": "https://github.com/example/builder@v1"},
         "buildType": "https://example.com/build/v1",
         "invocation": {"configSource": {"uri": "git+https://github.com/example/app", "digest": {"sha1": "0123456789abcdef0123456789abcdef01234567"}, "entryPoint": "build.yaml"}},
         "materials": [{"uri": "git+https://github.com/example/app", "digest": {"sha1": "0123456789abcdef0123456789abcdef01234567"}}]}
        """#.write(toFile: predicate, atomically: true, encoding: .utf8)
        let attested = try palisade(["image", "attest", ref, "--tls-verify=false", "--key", Self.oracle + "/cosign.key",
                                     "--type", "slsaprovenance", "--predicate", predicate], environment: Self.env)
        #expect(attested.status == 0, "\(attested.stderr)")
        #expect(attested.stdout.count > 0 && attested.text.contains("\(host)/sign/att:sha256-"))
        let verified = try palisade(["image", "verify-attestation", ref, "--tls-verify=false", "--key", Self.oracle + "/cosign.pub", "--type", "slsaprovenance"])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stderr.contains("builder: https://github.com/example/builder@v1"), "\(verified.stderr)")
        #expect(verified.stderr.contains("source: git+https://github.com/example/app"))
        let printed = try #require(try JSONSerialization.jsonObject(with: verified.stdout) as? [String: Any])
        #expect((printed["builder"] as? [String: Any])?["id"] as? String == "https://github.com/example/builder@v1")
        // The policy hook: a gate that requires the release key's provenance from the expected builder.
        let policies = Paths.scratch + "/slsa-policies-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try """
            - id: provenance-required
              name: SLSA provenance from our builder
              severity: high
              stages: [build]
              enforcement: {build: fail-build}
              sections:
                - name: no verified provenance
                  criteria:
                    Attestation Verified: https://slsa.dev/provenance/v0.2
                - name: another builder
                  criteria:
                    SLSA Builder: {not: 'https://github\\.com/example/builder@v1'}
            """.write(toFile: policies + "/slsa.yaml", atomically: true, encoding: .utf8)
        let gate = ["check", "image", ref, "--tls-verify=false", "--scanners", "secret", "--no-history", "--no-defaults", "--policy", policies]
        let signedGate = try palisade(gate + ["--signature-keys", "release=\(Self.oracle)/cosign.pub"])
        #expect(signedGate.status == 0, "provenance verified, builder as required: \(signedGate.text)")
        let wrongKeyGate = try palisade(gate + ["--signature-keys", "release=\(Self.oracle)/other.pub"])
        #expect(wrongKeyGate.status == 1 && wrongKeyGate.text.contains("SLSA provenance from our builder"), "\(wrongKeyGate.text)")
        // Another type, or another key: nothing verifies.
        let otherType = try palisade(["image", "verify-attestation", ref, "--tls-verify=false", "--key", Self.oracle + "/cosign.pub", "--type", "cyclonedx"])
        #expect(otherType.status == 1)
        let otherKey = try palisade(["image", "verify-attestation", ref, "--tls-verify=false", "--key", Self.oracle + "/other.pub", "--type", "slsaprovenance"])
        #expect(otherKey.status == 1 && otherKey.stderr.contains("wrongKey"), "\(otherKey.stderr)")
    }

    /// cosign 3's format: a Sigstore bundle pushed as a referrer; docker-registry 2.8.2 has no referrers API, so
    /// it is listed in the fallback index tag `sha256-<hex>`, where verify finds it.
    @Test func sigstoreBundleReferrerThroughTheFallbackTag() throws {
        let (host, ref) = try Self.push("debian-minbase", "sign/bundle:1")
        let signed = try Self.sign(ref, ["--new-bundle-format"])
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(signed.text.contains("no referrers API"), "\(signed.text)")
        let digest = try Self.digest(host, "sign/bundle", "1")
        let index = try run("/usr/bin/env", ["skopeo", "inspect", "--tls-verify=false", "--raw",
                                             "docker://\(host)/sign/bundle:" + digest.replacingOccurrences(of: ":", with: "-")], check: true)
        let manifests = try #require((try JSONSerialization.jsonObject(with: index.stdout) as? [String: Any])?["manifests"] as? [[String: Any]])
        #expect(manifests.first?["artifactType"] as? String == "application/vnd.dev.sigstore.bundle.v0.3+json")
        let ok = try Self.verify(ref, ["--format", "json"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: ok.stdout) as? [String: Any])
        #expect((report["bundles"] as? [[String: Any]])?.first?["reason"] as? String == "verified")
        let wrong = try Self.verify(ref, keys: [Self.oracle + "/other.pub"])
        #expect(wrong.status == 1, "\(wrong.stderr)")
    }

    /// `image sbom --attest` signs the SBOM it made; verify-attestation gives it back.
    @Test func sbomAttestation() throws {
        let (_, ref) = try Self.push("debian-minbase", "sign/sbom:1")
        let made = try palisade(["image", "sbom", ref, "--tls-verify=false", "--format", "cyclonedx", "--attest",
                                 "--key", Self.oracle + "/cosign.key", "-o", Paths.scratch + "/attested.cdx.json"], environment: Self.env)
        #expect(made.status == 0, "\(made.stderr)")
        let verified = try palisade(["image", "verify-attestation", ref, "--tls-verify=false", "--key", Self.oracle + "/cosign.pub", "--type", "cyclonedx"])
        #expect(verified.status == 0, "\(verified.stderr)")
        let bom = try #require(try JSONSerialization.jsonObject(with: verified.stdout) as? [String: Any])
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Paths.scratch + "/attested.cdx.json"))) as? [String: Any])
        #expect(bom["bomFormat"] as? String == "CycloneDX")
        #expect((bom["components"] as? [Any])?.count == (written["components"] as? [Any])?.count)
        #expect((bom["components"] as? [Any])?.count ?? 0 >= 100)
    }

    /// `image scan --signature-keys NAME=PUB`: the "signed by key set" facts a policy tests, cached per digest.
    @Test func scanReportsKeySetVerdictsCachedPerDigest() throws {
        let (_, ref) = try Self.push("debian-minbase", "sign/scan:1")
        #expect(try Self.sign(ref).status == 0)
        let cache = Paths.scratch + "/verdicts-\(UUID().uuidString.prefix(8)).json"
        let args = ["image", "scan", ref, "--tls-verify=false", "--scanners", "secret", "--no-history", "--format", "json",
                    "--signature-keys", "release=\(Self.oracle)/cosign.pub", "--signature-keys", "other=\(Self.oracle)/other.pub",
                    "--verdict-cache", cache]
        func section(_ result: ProcessResult) throws -> [String: Any] {
            let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.text)")
            return try #require(report["signatures"] as? [String: Any])
        }
        let first = try section(try palisade(args))
        #expect((first["facts"] as? [String: Any])?["verifiedKeySets"] as? [String] == ["release"])
        let verdicts = try #require(first["verdicts"] as? [[String: Any]])
        #expect(verdicts.map { $0["verified"] as? Bool } == [true, false])
        #expect(verdicts.allSatisfy { $0["cached"] as? Bool == false })
        let cachedText = try String(contentsOfFile: cache, encoding: .utf8)
        #expect(cachedText.contains("sha256:") && !cachedText.contains(":1\""), "keyed by digest, never by tag")
        let second = try section(try palisade(args))
        #expect((second["verdicts"] as? [[String: Any]])?.allSatisfy { $0["cached"] as? Bool == true } == true)
    }

    /// Pushing needs push access: signing through the htpasswd registry works with its credentials.
    @Test func signingThroughAnAuthenticatedRegistry() throws {
        let registry = try Fixtures.htpasswdRegistry.get()
        let ref = "docker://\(registry.host)/team/app:1"
        let creds = "\(registry.username ?? ""):\(registry.password ?? "")"
        let anonymous = try Self.sign(ref)
        #expect(anonymous.status == 1)
        let signed = try Self.sign(ref, ["--creds", creds])
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(!signed.text.contains(registry.password ?? "\u{0}"), "credentials never printed")
        let verified = try palisade(["image", "verify", ref, "--tls-verify=false", "--creds", creds, "--key", Self.oracle + "/cosign.pub"])
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    // MARK: - Registry helpers (plain HTTP on loopback)

    static func digest(_ host: String, _ repo: String, _ reference: String) throws -> String {
        let out = try run("/usr/bin/env", ["skopeo", "inspect", "--tls-verify=false", "--raw", "docker://\(host)/\(repo):\(reference)"], check: true)
        return "sha256:" + SHA256.hash(data: out.stdout).map { String(format: "%02x", $0) }.joined()
    }

    static func copyManifest(_ host: String, _ repo: String, from: String, to: String) throws {
        let script = """
        import sys, urllib.request
        host, repo, src, dst = sys.argv[1:]
        accept = "application/vnd.oci.image.manifest.v1+json"
        body = urllib.request.urlopen(urllib.request.Request(f"http://{host}/v2/{repo}/manifests/{src}", headers={"Accept": accept})).read()
        urllib.request.urlopen(urllib.request.Request(f"http://{host}/v2/{repo}/manifests/{dst}", data=body, method="PUT", headers={"Content-Type": accept}))
        """
        _ = try run("/usr/bin/env", ["python3", "-c", script, host, repo, from, to], check: true)
    }
}
