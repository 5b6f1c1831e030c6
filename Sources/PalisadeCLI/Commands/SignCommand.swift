import ArgumentParser
import Crypto
import Foundation
import ImageAccess
import Logging
import Signing

/// A signing session with one registry image: the client, the resolved digest and the helpers
/// every signing command needs. Signatures live in the registry, so only registry references work.
struct SigningSession {
    let client: RegistryClient
    let ref: RegistryReference
    let digest: ImageAccess.Digest
    /// The image manifest's media type and size (for referrer subjects).
    let manifestMediaType: String
    let manifestSize: Int
    let limits: ReadLimits
    /// `REGISTRY/REPO`, as cosign writes it in payloads and statements.
    var repository: String { "\(ref.host)/\(ref.repository)" }

    static func open(_ image: ImageOptions) async throws -> SigningSession {
        let parsed = try image.parsedReference()
        guard case .registry(let ref) = parsed.transport else {
            throw SigningError(.invalidArgument, "\(image.reference): signatures are stored in a registry; give a registry reference (docker://HOST/REPO[:TAG|@DIGEST])")
        }
        let opener = image.opener()
        let client = try RegistryClient(configuration: opener.configuration.registry, logger: image.logger)
        do {
            let (manifest, mediaType, digest) = try await client.fetchManifest(ref, reference: ref.reference, limits: opener.configuration.limits)
            if let wanted = ref.digest, wanted != digest {
                throw SigningError(.invalidArgument, "\(image.reference): the registry's manifest is \(digest), not \(wanted)")
            }
            return SigningSession(client: client, ref: ref, digest: digest, manifestMediaType: mediaType ?? MediaType.ociManifest,
                                  manifestSize: manifest.count, limits: opener.configuration.limits)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func close() async { try? await client.shutdown() }

    /// Says which digest a tag resolved to (signing a tag signs that digest, never the tag).
    func announce(_ verb: String) {
        if ref.digest == nil {
            FileHandle.standardError.write(Data("palisade: \(verb) \(repository):\(ref.tag ?? "latest"), which is \(digest)\n".utf8))
        }
    }

    func existing(_ tag: String) async throws -> Data? {
        try await client.manifestIfPresent(ref, reference: tag, limits: limits)?.data
    }

    func push(_ push: CosignPush) async throws {
        for blob in push.blobs { try await client.uploadBlob(ref, blob.data) }
        try await client.putManifest(ref, reference: push.tag ?? push.manifestDigest, push.manifest, mediaType: push.manifestMediaType)
    }

    /// Pushes a Sigstore bundle as a referrer of the image (by digest) and, when the registry has no
    /// referrers API, lists it in the fallback index under `sha256-<hex>`.
    func pushReferrer(bundle: SigstoreBundle, predicateType: String?) async throws -> String {
        let subject = OCIDescriptor(mediaType: manifestMediaType, digest: digest.description, size: manifestSize)
        let push = SigstoreReferrers.referrer(bundle: bundle.encoded(), subject: subject, content: bundle.content.annotationValue,
                                              predicateType: predicateType)
        try await self.push(push)
        if try await client.referrers(ref, digest: digest, limits: limits) == nil {
            let tag = try SigstoreReferrers.fallbackTag(forImageDigest: digest.description)
            let index = try SigstoreReferrers.addingToFallbackIndex(try SigstoreReferrers.indexDescriptor(forReferrerManifest: push.manifest),
                                                                    existingIndex: try await existing(tag))
            try await client.putManifest(ref, reference: tag, index, mediaType: SigstoreReferrers.indexMediaType)
            return "\(repository)@\(push.manifestDigest), listed under \(repository):\(tag) (the registry has no referrers API)"
        }
        return "\(repository)@\(push.manifestDigest)"
    }

    func fetch(_ descriptors: [OCIDescriptor], limit: Int64) async throws -> [String: Data] {
        var blobs: [String: Data] = [:]
        for descriptor in descriptors {
            guard let digest = ImageAccess.Digest(descriptor.digest) else { continue }
            // A blob the registry lost is reported by the verifier as missing, not as a command failure.
            if let data = try? await client.blob(ref, digest: digest, limit: limit) { blobs[descriptor.digest] = data }
        }
        return blobs
    }
}

/// The signing key from `--key FILE` with the password from the environment or a prompt.
func signingKey(_ path: String) throws -> P256.Signing.PrivateKey {
    guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else {
        throw SigningError(.io, "\(path): cannot read the key file")
    }
    var password = try keyPassword(confirm: false)
    defer { password.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) } }
    return try CosignKeys.privateKey(pem: String(decoding: data, as: UTF8.self), password: password, what: path)
}

/// Public keys from `--key FILE` (repeatable).
func verificationKeys(_ paths: [String]) throws -> [VerificationKey] {
    guard !paths.isEmpty else { throw SigningError(.invalidArgument, "give at least one --key PUBLIC_KEY_FILE") }
    return try paths.map { path in
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else {
            throw SigningError(.io, "\(path): cannot read the public key file")
        }
        return try VerificationKey(pem: String(decoding: data, as: UTF8.self), name: path)
    }
}

/// `-a key=value` pairs.
func annotationPairs(_ items: [String]) throws -> [String: String] {
    var out: [String: String] = [:]
    for item in items {
        guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
            throw ValidationError("-a '\(item)' is not key=value")
        }
        out[String(item[..<eq])] = String(item[item.index(after: eq)...])
    }
    return out
}

/// Signing and registry errors as one message and exit code 1.
func runReportingSigningCommand(_ body: () async throws -> Void) async throws {
    do {
        try await runReportingErrors(body)
    } catch let error as SigningError {
        throw failure(error.message)
    }
}

/// `palisade image sign REF --key cosign.key [-a key=value]...`
struct ImageSignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign an image in a registry, cosign-compatible (the .sig tag, appended to existing signatures).",
        discussion: "The key is a cosign key file (`palisade key generate` or `cosign generate-key-pair`); its password comes from PALISADE_PASSWORD, COSIGN_PASSWORD or a prompt."
    )

    @OptionGroup var image: ImageOptions

    @Option(help: ArgumentHelp("The private key file (ENCRYPTED SIGSTORE/COSIGN PRIVATE KEY).", valueName: "file"))
    var key: String

    @Option(name: .short, help: ArgumentHelp("An annotation to put in the signed payload (repeatable).", valueName: "key=value"))
    var annotations: [String] = []

    @Flag(help: "Write a Sigstore bundle (cosign 3's format) as an OCI referrer instead of the .sig tag.")
    var newBundleFormat = false

    func run() async throws {
        try await runReportingSigningCommand {
            let pairs = try annotationPairs(annotations)
            let privateKey = try signingKey(key)
            let session = try await SigningSession.open(image)
            defer { Task { await session.close() } }
            session.announce("signing")
            if newBundleFormat {
                let bundle = try SigstoreBundle.signingImage(imageDigest: session.digest.description, annotations: pairs, key: privateKey)
                let place = try await session.pushReferrer(bundle: bundle, predicateType: PredicateType.cosignSign.uri)
                emit("Signed \(session.repository)@\(session.digest); Sigstore bundle pushed as referrer \(place)\n")
                await session.close()
                return
            }
            let tag = try CosignManifest.tag(forImageDigest: session.digest.description, kind: .signatures)
            let push = try CosignSigner.signImage(imageDigest: session.digest.description, dockerReference: session.repository,
                                                  annotations: pairs.isEmpty ? nil : pairs, key: privateKey,
                                                  existingManifest: try await session.existing(tag))
            if push.changed {
                try await session.push(push)
                emit("Signed \(session.repository)@\(session.digest); signature pushed to \(session.repository):\(tag)\n")
            } else {
                emit("\(session.repository)@\(session.digest) already carries this signature; nothing pushed\n")
            }
            await session.close()
        }
    }
}

/// `palisade image verify REF --key cosign.pub [--key ...] [-a key=value] [--require-all]`
struct ImageVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify an image's cosign signatures (the .sig tag and Sigstore bundle referrers) against public keys.",
        discussion: "Exit 0 when a given key (or, with --require-all, every given key) verified a signature over the image's digest; exit 1 with the reason otherwise."
    )

    @OptionGroup var image: ImageOptions

    @Option(help: ArgumentHelp("A public key file (repeatable).", valueName: "file"))
    var key: [String] = []

    @Option(name: .short, help: ArgumentHelp("An annotation the signed payload must carry (repeatable).", valueName: "key=value"))
    var annotations: [String] = []

    @Flag(help: "Require a verified signature from every given key, not just one.")
    var requireAll = false

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        try await runReportingSigningCommand {
            let keys = try verificationKeys(key)
            let pairs = try annotationPairs(annotations)
            let policy: KeyPolicy = requireAll ? .requireAll : .anyKey
            let session = try await SigningSession.open(image)
            defer { Task { await session.close() } }
            let digest = session.digest.description
            let (report, bundleChecks) = try await verifySignatures(session: session, keys: keys, policy: policy, annotations: pairs)
            await session.close()

            let verifiedBy = Set(report.verifiedChecks.flatMap(\.verifiedBy) + bundleChecks.filter { $0.reason == .verified }.flatMap(\.verifiedBy))
            let satisfied = requireAll ? keys.allSatisfy { k in verifiedBy.contains { $0.fingerprint == k.fingerprint } } : !verifiedBy.isEmpty
            switch format {
            case .json:
                let object: [String: Any] = [
                    "image": "\(session.repository)@\(digest)",
                    "verified": satisfied,
                    "reason": satisfied ? "verified" : (report.checks.isEmpty && bundleChecks.isEmpty ? "noSignatures" : report.reason.description),
                    "policy": policy.description,
                    "signatures": report.checks.map { check -> [String: Any] in
                        var entry: [String: Any] = ["layer": check.layerIndex, "digest": check.layerDigest, "reason": check.reason.description,
                                                    "verifiedBy": check.verifiedBy.map { ["key": $0.name, "fingerprint": $0.fingerprint] }]
                        if !check.detail.isEmpty { entry["detail"] = check.detail }
                        if let payload = check.payload { entry["payload"] = ["docker-reference": payload.dockerReference, "docker-manifest-digest": payload.manifestDigest, "annotations": payload.annotations] }
                        return entry
                    },
                    "bundles": bundleChecks.map { ["referrer": $0.referrerDigest ?? "", "reason": $0.reason.description, "verifiedBy": $0.verifiedBy.map(\.name)] },
                ]
                emit(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) + "\n")
            case .table:
                var out = ""
                for check in report.checks {
                    out += "signature \(check.layerIndex) (\(check.layerDigest)): \(check.reason)"
                    if !check.verifiedBy.isEmpty { out += ", signed by \(check.verifiedBy.map(\.description).joined(separator: ", "))" }
                    if !check.detail.isEmpty && check.reason != .verified { out += " — \(check.detail)" }
                    out += "\n"
                    if check.reason == .verified, let payload = check.payload {
                        out += "  payload: docker-reference \(payload.dockerReference), digest \(payload.manifestDigest)"
                        if !payload.annotations.isEmpty { out += ", annotations \(payload.annotations.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))" }
                        out += "\n"
                    }
                }
                for check in bundleChecks {
                    out += "sigstore bundle \(check.referrerDigest ?? "?"): \(check.reason)\(check.verifiedBy.isEmpty ? "" : ", signed by \(check.verifiedBy.map(\.description).joined(separator: ", "))")\n"
                }
                emit(out)
            }
            guard satisfied else {
                let reason: String
                if report.checks.isEmpty && bundleChecks.isEmpty {
                    reason = "no signatures found for \(session.repository)@\(digest)"
                } else if requireAll, !verifiedBy.isEmpty {
                    let missing = keys.filter { k in !verifiedBy.contains { $0.fingerprint == k.fingerprint } }.map(\.name)
                    reason = "no verified signature from \(missing.joined(separator: ", ")) (--require-all)"
                } else {
                    let reasons = Set(report.checks.map(\.reason.description) + bundleChecks.map(\.reason.description)).sorted()
                    reason = "no signature of \(session.repository)@\(digest) verified with the given keys (\(reasons.joined(separator: ", ")))"
                }
                throw failure(reason)
            }
            FileHandle.standardError.write(Data("palisade: verified \(session.repository)@\(digest), signed by \(verifiedBy.map(\.description).sorted().joined(separator: ", "))\n".utf8))
        }
    }
}

/// Verifies every signature of the session's image: the `.sig` tag's layers and the Sigstore bundles
/// attached as referrers (the API, else the fallback tag).
func verifySignatures(session: SigningSession, keys: [VerificationKey], policy: KeyPolicy,
                      annotations: [String: String]) async throws -> (SignatureVerificationReport, [BundleCheck]) {
    let digest = session.digest.description
    let tag = try CosignManifest.tag(forImageDigest: digest, kind: .signatures)
    let verifier = SignatureVerifier(keys: keys, policy: policy)
    let manifest = try await session.existing(tag)
    var blobs: [String: Data] = [:]
    if let manifest, let wanted = try? verifier.blobsToFetch(signatureManifest: manifest) {
        blobs = try await session.fetch(wanted, limit: Int64(SigningLimits.default.maxPayloadBytes))
    }
    let report = verifier.verify(signatureManifest: manifest, blobs: blobs,
                                 expected: try ExpectedImage(digest: digest, annotations: annotations))
    var bundleChecks: [BundleCheck] = []
    var index = try await session.client.referrers(session.ref, digest: session.digest, limits: session.limits)
    if index == nil { index = try await session.existing(SigstoreReferrers.fallbackTag(forImageDigest: digest)) }
    if let index, let candidates = try? SigstoreReferrers.bundleCandidates(referrersIndex: index) {
        var bundles: [String: Data] = [:]
        for candidate in candidates.prefix(100) {
            guard let referrer = try? await session.client.manifestIfPresent(session.ref, reference: candidate.digest, limits: session.limits),
                  let layer = try? SigstoreReferrers.bundleLayer(referrerManifest: referrer.data, subjectDigest: digest),
                  let fetched = try? await session.fetch([layer], limit: Int64(SigningLimits.default.maxEnvelopeBytes)),
                  let bundle = fetched[layer.digest] else { continue }
            bundles[candidate.digest] = bundle
        }
        if !bundles.isEmpty {
            bundleChecks = BundleVerifier(keys: keys, policy: policy).verify(bundles: bundles, artifactDigest: digest).checks
        }
    }
    return (report, bundleChecks)
}

/// Whether the key policy is met by the verified signatures and bundles.
func signaturePolicyMet(_ report: SignatureVerificationReport, _ bundles: [BundleCheck], keys: [VerificationKey], policy: KeyPolicy) -> Bool {
    let verifiedBy = Set(report.verifiedChecks.flatMap(\.verifiedBy) + bundles.filter { $0.reason == .verified }.flatMap(\.verifiedBy))
    return policy == .requireAll ? keys.allSatisfy { k in verifiedBy.contains { $0.fingerprint == k.fingerprint } } : !verifiedBy.isEmpty
}

/// `palisade image attest REF --key cosign.key --type T --predicate FILE`
struct ImageAttestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Attach a signed in-toto attestation (DSSE envelope, cosign's .att tag) to an image in a registry."
    )

    @OptionGroup var image: ImageOptions

    @Option(help: ArgumentHelp("The private key file.", valueName: "file"))
    var key: String

    @Option(help: ArgumentHelp("The predicate type: cyclonedx, spdx, spdxjson, slsaprovenance, slsaprovenance1, vuln, openvex, custom, or a URI.", valueName: "type"))
    var type: String = "custom"

    @Option(help: ArgumentHelp("The predicate file (JSON, or text for custom).", valueName: "file"))
    var predicate: String

    @Flag(help: "Replace existing attestations of the same type instead of adding one.")
    var replace = false

    func run() async throws {
        try await runReportingSigningCommand {
            let predicateType = try PredicateType(cosignName: type)
            guard let data = FileManager.default.contents(atPath: predicate) else {
                throw SigningError(.io, "\(predicate): cannot read the predicate file")
            }
            let privateKey = try signingKey(key)
            let session = try await SigningSession.open(image)
            defer { Task { await session.close() } }
            session.announce("attesting")
            try await pushAttestation(session: session, predicateType: predicateType, predicate: data, key: privateKey, replace: replace)
            await session.close()
        }
    }
}

/// Signs and pushes one attestation.
func pushAttestation(session: SigningSession, predicateType: PredicateType, predicate: Data, key: P256.Signing.PrivateKey, replace: Bool) async throws {
    let tag = try CosignManifest.tag(forImageDigest: session.digest.description, kind: .attestations)
    let push = try CosignSigner.attestImage(imageDigest: session.digest.description, subjectName: session.repository,
                                            predicateType: predicateType, predicate: predicate, key: key,
                                            existingManifest: try await session.existing(tag), replace: replace)
    try await session.push(push)
    emit("Attested \(session.repository)@\(session.digest) (\(predicateType.uri)); pushed to \(session.repository):\(tag)\n")
}

/// `palisade image verify-attestation REF --key cosign.pub --type T`
struct ImageVerifyAttestationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-attestation",
        abstract: "Verify an image's attestations of a type and print the verified predicate (with a summary for SLSA provenance)."
    )

    @OptionGroup var image: ImageOptions

    @Option(help: ArgumentHelp("A public key file (repeatable).", valueName: "file"))
    var key: [String] = []

    @Option(help: ArgumentHelp("The predicate type (as for attest).", valueName: "type"))
    var type: String = "custom"

    @Flag(help: "Require a verified attestation from every given key.")
    var requireAll = false

    func run() async throws {
        try await runReportingSigningCommand {
            let predicateType = try PredicateType(cosignName: type)
            let keys = try verificationKeys(key)
            let session = try await SigningSession.open(image)
            defer { Task { await session.close() } }
            let digest = session.digest.description
            let verifier = AttestationVerifier(keys: keys, policy: requireAll ? .requireAll : .anyKey)
            let manifest = try await session.existing(try CosignManifest.tag(forImageDigest: digest, kind: .attestations))
            var blobs: [String: Data] = [:]
            if let manifest, let wanted = try? verifier.blobsToFetch(attestationManifest: manifest, predicateType: predicateType) {
                blobs = try await session.fetch(wanted, limit: Int64(SigningLimits.default.maxEnvelopeBytes))
            }
            let report = verifier.verify(attestationManifest: manifest, blobs: blobs, imageDigest: digest, predicateType: predicateType)
            await session.close()
            for check in report.checks where check.reason != .verified {
                FileHandle.standardError.write(Data("palisade: attestation \(check.layerIndex): \(check.reason)\(check.detail.isEmpty ? "" : " — \(check.detail)")\n".utf8))
            }
            guard report.isVerified else {
                throw failure(report.checks.isEmpty
                    ? "no \(predicateType.uri) attestations found for \(session.repository)@\(digest)"
                    : "no \(predicateType.uri) attestation of \(session.repository)@\(digest) verified with the given keys (\(report.reason))")
            }
            for check in report.verifiedChecks {
                FileHandle.standardError.write(Data("palisade: verified \(check.predicateType ?? predicateType.uri) attestation signed by \(check.verifiedBy.map(\.description).joined(separator: ", "))\n".utf8))
                if let statement = check.statement, let summary = try? SLSAProvenanceSummary(statement: statement) {
                    var lines = ["builder: \(summary.builderID ?? "-")", "build type: \(summary.buildType ?? "-")",
                                 "source: \(summary.sourceRepository ?? "-")", "revision: \(summary.sourceRevision ?? "-")"]
                    if let entry = summary.entryPoint { lines.append("entry point: \(entry)") }
                    FileHandle.standardError.write(Data(lines.map { "  \($0)\n" }.joined().utf8))
                }
                if let predicate = check.predicate { emit(String(decoding: predicate, as: UTF8.self) + "\n") }
            }
        }
    }
}
