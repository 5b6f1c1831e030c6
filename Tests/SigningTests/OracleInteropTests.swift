import Crypto
import Foundation
import Testing
@testable import Signing

/// Cross-checks with the independent cosign-format oracle (Python `cryptography` + the oracle's
/// `cosign_keygen.decrypt`): what Palisade signs, the oracle verifies, and the reverse.
@Suite
struct OracleInteropTests {
    /// The oracle side. Subcommands:
    /// - `verify PUB PAYLOAD_FILE SIG_B64` → "OK" / "BAD"
    /// - `sign ORACLE_DIR KEY PASSWORD PAYLOAD_FILE` → base64 DER signature
    /// - `layout PAYLOAD_FILE SIG_B64 OUT_DIR` → writes config.json and manifest.json exactly as cosign_oci.py's sign does
    /// - `dsse-verify PUB ENVELOPE_FILE` → the statement's predicateType and subject digest, after checking the signature over PAE
    /// - `dsse-sign ORACLE_DIR KEY PASSWORD STATEMENT_FILE` → an envelope
    /// - `digest-verify PUB HEX SIG_B64` → "OK" / "BAD" (prehashed SHA-256)
    static let script = #"""
        import sys, json, base64, hashlib, os
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec, utils
        from cryptography.exceptions import InvalidSignature

        def load_private(oracle, keyfile, password):
            sys.path.insert(0, oracle)
            from cosign_keygen import decrypt
            body = base64.b64decode("".join(l for l in open(keyfile).read().splitlines() if not l.startswith("-----")))
            return serialization.load_der_private_key(decrypt(body, password.encode()), None)

        def pae(t, body):
            t = t.encode()
            return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)

        def verify(pub, message, sig, algorithm):
            try:
                pub.verify(sig, message, algorithm); return True
            except InvalidSignature:
                return False

        cmd = sys.argv[1]
        if cmd == "verify":
            pub = serialization.load_pem_public_key(open(sys.argv[2], "rb").read())
            ok = verify(pub, open(sys.argv[3], "rb").read(), base64.b64decode(sys.argv[4], validate=True), ec.ECDSA(hashes.SHA256()))
            print("OK" if ok else "BAD")
        elif cmd == "sign":
            key = load_private(sys.argv[2], sys.argv[3], sys.argv[4])
            print(base64.b64encode(key.sign(open(sys.argv[5], "rb").read(), ec.ECDSA(hashes.SHA256()))).decode())
        elif cmd == "layout":
            # The oracle's sign(), minus the registry.
            payload = open(sys.argv[2], "rb").read(); sig = sys.argv[3]; out = sys.argv[4]
            sha = lambda b: "sha256:" + hashlib.sha256(b).hexdigest()
            pd = sha(payload)
            cfg = json.dumps({"architecture": "", "created": "0001-01-01T00:00:00Z", "history": [{"created": "0001-01-01T00:00:00Z"}],
                              "os": "", "rootfs": {"type": "layers", "diff_ids": [pd]}, "config": {}}, separators=(",", ":")).encode()
            man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                              "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": len(cfg), "digest": sha(cfg)},
                              "layers": [{"mediaType": "application/vnd.dev.cosign.simplesigning.v1+json", "size": len(payload), "digest": pd,
                                          "annotations": {"dev.cosignproject.cosign/signature": sig}}]}, separators=(",", ":")).encode()
            open(os.path.join(out, "config.json"), "wb").write(cfg)
            open(os.path.join(out, "manifest.json"), "wb").write(man)
        elif cmd == "dsse-verify":
            pub = serialization.load_pem_public_key(open(sys.argv[2], "rb").read())
            env = json.load(open(sys.argv[3]))
            body = base64.b64decode(env["payload"])
            sigs = [base64.b64decode(s["sig"]) for s in env["signatures"]]
            if not any(verify(pub, pae(env["payloadType"], body), s, ec.ECDSA(hashes.SHA256())) for s in sigs):
                print("BAD"); sys.exit(0)
            st = json.loads(body)
            print(st["_type"], st["predicateType"], st["subject"][0]["digest"]["sha256"], st["subject"][0]["name"])
        elif cmd == "dsse-sign":
            key = load_private(sys.argv[2], sys.argv[3], sys.argv[4])
            body = open(sys.argv[5], "rb").read()
            t = "application/vnd.in-toto+json"
            sig = key.sign(pae(t, body), ec.ECDSA(hashes.SHA256()))
            print(json.dumps({"payloadType": t, "payload": base64.b64encode(body).decode(),
                              "signatures": [{"keyid": "", "sig": base64.b64encode(sig).decode()}]}))
        elif cmd == "digest-verify":
            pub = serialization.load_pem_public_key(open(sys.argv[2], "rb").read())
            ok = verify(pub, bytes.fromhex(sys.argv[3]), base64.b64decode(sys.argv[4]), ec.ECDSA(utils.Prehashed(hashes.SHA256())))
            print("OK" if ok else "BAD")
        """#

    let oracle = SigningFixtures.oracle
    var password: String { (try? SigningFixtures.oracleText("pass.txt").trimmingCharacters(in: .whitespacesAndNewlines)) ?? "" }

    @discardableResult
    func python(_ arguments: String...) throws -> String {
        try Python.run(["-c", Self.script] + arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ data: Data, _ name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    // (a) Palisade signs with the oracle's key; the oracle verifies with cosign.pub, and lays out the same bytes.
    @Test func swiftSignatureVerifiesInPythonAndTheLayoutIsByteIdentical() throws {
        let key = try #require(SigningFixtures.oracleSigningKey)
        let dir = try Python.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let push = try CosignSigner.signImage(imageDigest: SigningFixtures.exampleImageDigest, dockerReference: "127.0.0.1:5000/demo/app",
                                              key: key, existingManifest: nil)
        let payload = push.blobs[0].data
        #expect(payload == (try SigningFixtures.oracleData("example-simplesigning-payload.json")))
        let signature = try #require(JSONValue(parsing: push.manifest)["layers"]?[0]?["annotations"]?[CosignManifest.signatureAnnotation]?.stringValue)
        let payloadFile = try write(payload, "payload.json", in: dir)
        #expect(try python("verify", oracle + "/cosign.pub", payloadFile, signature) == "OK")
        #expect(try python("verify", oracle + "/other.pub", payloadFile, signature) == "BAD")
        try python("layout", payloadFile, signature, dir)
        #expect(push.blobs[1].data == (try Data(contentsOf: URL(fileURLWithPath: dir + "/config.json"))))
        #expect(push.manifest == (try Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json"))))
    }

    // (b) The oracle signs; Palisade verifies with cosign.pub and refuses other.pub.
    @Test func pythonSignatureVerifiesInSwiftOnlyUnderItsKey() throws {
        let dir = try Python.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let payload = try SimpleSigningPayload(dockerReference: SigningFixtures.reference, manifestDigest: SigningFixtures.imageDigest,
                                               annotations: ["build": "42"]).encoded()
        let payloadFile = try write(payload, "payload.json", in: dir)
        let signature = try python("sign", oracle, oracle + "/cosign.key", password, payloadFile)
        try python("layout", payloadFile, signature, dir)
        let manifest = try Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json"))
        let blobs = [SigningFixtures.sha256(payload): payload]
        let expected = try ExpectedImage(digest: SigningFixtures.imageDigest, dockerReference: SigningFixtures.reference, annotations: ["build": "42"])

        let good = SignatureVerifier(keys: [try SigningFixtures.oracleKey("other.pub"), try SigningFixtures.oracleKey("cosign.pub")])
        let report = good.verify(signatureManifest: manifest, blobs: blobs, expected: expected)
        #expect(report.isVerified)
        #expect(report.satisfiedKeys.map(\.name) == ["cosign.pub"])

        let wrong = SignatureVerifier(keys: [try SigningFixtures.oracleKey("other.pub")])
        #expect(wrong.verify(signatureManifest: manifest, blobs: blobs, expected: expected).reason == .wrongKey)
        #expect(good.verify(signatureManifest: manifest, blobs: blobs, expected: try ExpectedImage(digest: SigningFixtures.otherDigest)).reason == .digestMismatch)
        // Appending our signature to the oracle's manifest keeps its layer untouched.
        let appended = try CosignSigner.signImage(imageDigest: SigningFixtures.imageDigest, dockerReference: SigningFixtures.reference,
                                                  key: SigningFixtures.key, existingManifest: manifest)
        let layers = try #require(JSONValue(parsing: appended.manifest)["layers"]?.arrayValue)
        #expect(layers.count == 2)
        #expect(layers[0] == (try JSONValue(parsing: manifest))["layers"]?[0])
    }

    // (c) The oracle's example .sig manifest and payload carry a real signature by cosign.key.
    @Test func oracleExampleVerifies() throws {
        let manifest = try SigningFixtures.oracleData("example-sig-manifest.json")
        let payload = try SigningFixtures.oracleData("example-simplesigning-payload.json")
        let verifier = SignatureVerifier(keys: [try SigningFixtures.oracleKey("cosign.pub")])
        let toFetch = try verifier.blobsToFetch(signatureManifest: manifest)
        #expect(toFetch.map(\.digest) == [SigningFixtures.sha256(payload)])
        let expected = try ExpectedImage(digest: SigningFixtures.exampleImageDigest, dockerReference: "127.0.0.1:5000/demo/app")
        let report = verifier.verify(signatureManifest: manifest, blobs: [toFetch[0].digest: payload], expected: expected)
        #expect(report.isVerified)
        #expect(report.checks.first?.payload?.optional == nil)
        let other = SignatureVerifier(keys: [try SigningFixtures.oracleKey("other.pub")])
        #expect(other.verify(signatureManifest: manifest, blobs: [toFetch[0].digest: payload], expected: expected).reason == .wrongKey)
        #expect(verifier.verify(signatureManifest: manifest, blobs: [toFetch[0].digest: payload],
                                expected: try ExpectedImage(digest: SigningFixtures.imageDigest)).reason == .digestMismatch)
        // Tampered bytes under the recorded digest, and a truncated signature annotation.
        var tampered = payload
        tampered[10] ^= 0x20
        #expect(verifier.verify(signatureManifest: manifest, blobs: [toFetch[0].digest: tampered], expected: expected).reason == .blobDigestMismatch)
        let signature = try #require(JSONValue(parsing: manifest)["layers"]?[0]?["annotations"]?[CosignManifest.signatureAnnotation]?.stringValue)
        for cut in [1, 4, 40] {
            let text = String(decoding: manifest, as: UTF8.self).replacingOccurrences(of: signature, with: String(signature.dropLast(cut)))
            #expect(verifier.verify(signatureManifest: Data(text.utf8), blobs: [toFetch[0].digest: payload], expected: expected).reason == .malformedSignature)
        }
    }

    // (d) A Palisade attestation verifies on the oracle side (PAE computed independently).
    @Test func swiftDSSEVerifiesInPython() throws {
        let key = try #require(SigningFixtures.oracleSigningKey)
        let dir = try Python.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let push = try CosignSigner.attestImage(imageDigest: SigningFixtures.imageDigest, subjectName: SigningFixtures.reference,
                                                predicateType: .cycloneDX, predicate: Data(#"{"bomFormat":"CycloneDX"}"#.utf8),
                                                key: key, existingManifest: nil)
        let envelopeFile = try write(push.blobs[0].data, "envelope.json", in: dir)
        #expect(try python("dsse-verify", oracle + "/cosign.pub", envelopeFile)
            == "https://in-toto.io/Statement/v0.1 https://cyclonedx.org/bom \(SHA256Hex.hexPart(SigningFixtures.imageDigest)) \(SigningFixtures.reference)")
        #expect(try python("dsse-verify", oracle + "/other.pub", envelopeFile) == "BAD")
    }

    // (e) An oracle-signed envelope verifies in Palisade, only under cosign.pub.
    @Test func pythonDSSEVerifiesInSwift() throws {
        let dir = try Python.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let statement = try InTotoStatement.cosign(predicateType: .slsaProvenanceV1,
                                                   predicate: Data(#"{"buildDefinition":{"buildType":"bt"},"runDetails":{"builder":{"id":"https://ci.example"}}}"#.utf8),
                                                   subjectName: SigningFixtures.reference, imageDigest: SigningFixtures.imageDigest)
        let statementFile = try write(statement.encoded(), "statement.json", in: dir)
        let envelope = Data(try python("dsse-sign", oracle, oracle + "/cosign.key", password, statementFile).utf8)
        let push = try CosignSigner.attachAttestation(envelope: envelope, predicateType: statement.predicateType,
                                                      imageDigest: SigningFixtures.imageDigest, to: nil)
        let good = AttestationVerifier(keys: [try SigningFixtures.oracleKey("cosign.pub")])
        let report = good.verify(attestationManifest: push.manifest, blobs: SigningFixtures.blobs(push),
                                 imageDigest: SigningFixtures.imageDigest, predicateType: .slsaProvenanceV1)
        #expect(report.isVerified)
        #expect(try SLSAProvenanceSummary(statement: try #require(report.checks.first?.statement)).builderID == "https://ci.example")
        let wrong = AttestationVerifier(keys: [try SigningFixtures.oracleKey("other.pub")])
        #expect(wrong.verify(attestationManifest: push.manifest, blobs: SigningFixtures.blobs(push), imageDigest: SigningFixtures.imageDigest).reason == .wrongKey)
    }

    // (f) A message-signature bundle is an ordinary prehashed ECDSA signature for the oracle side.
    @Test func messageSignatureBundleVerifiesInPython() throws {
        let key = try #require(SigningFixtures.oracleSigningKey)
        let bundle = try SigstoreBundle.signingDigest(SigningFixtures.imageDigest, key: key)
        guard case .messageSignature(let message) = bundle.content else { Issue.record("not a message signature"); return }
        #expect(try python("digest-verify", oracle + "/cosign.pub", SHA256Hex.hexPart(SigningFixtures.imageDigest),
                           message.signature.base64EncodedString()) == "OK")
        #expect(bundle.publicKeyHint == (try SigningFixtures.oracleKey("cosign.pub")).sigstoreHint)
    }
}
