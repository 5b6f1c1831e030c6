/// Who the container runs as, and whether it can report its health.
extension ImageConfigChecks {
    /// `root`, `0`, `root:…`, `0:…` (and the empty user, which Docker runs as root).
    static func isRootUser(_ user: String) -> Bool {
        let u = user.trimmingBlanks().lowercased()
        return u.isEmpty || u == "root" || u == "0" || u.hasPrefix("root:") || u.hasPrefix("0:")
    }

    static let user: [ImageConfigCheck] = [
        ImageConfigCheck(
            id: "PAL-IMG-001", title: "Runs as root", category: "User", severity: .high,
            description: "The image's user is root: config User is empty, \"root\" or UID 0, or the Dockerfile's final stage sets no USER or sets it to root last. A process running as root in a container is root on the host once it escapes, and can modify everything in the image at run time.",
            remediation: "Create an unprivileged user (RUN useradd -r -u 10001 app) and switch to it with USER 10001 (a numeric UID lets runAsNonRoot verify it) at the end of the final stage.",
            cis: ["4.1"], hadolint: ["DL3002"], dockle: ["CIS-DI-0001"], other: ["trivy:DS002"],
            image: { input in
                let user = input.facts.user ?? ""
                guard isRootUser(user) else { return [] }
                let message = user.trimmingBlanks().isEmpty
                    ? "config User is empty: the container runs as root"
                    : "config User is \"\(user)\": the container runs as root"
                return [ImageConfigViolation(.config("User"), message)]
            },
            dockerfile: { input in
                let final = input.dockerfile.finalStage
                guard let user = input.effective("USER") else {
                    return [ImageConfigViolation(input.location(final.from),
                                                 "the final stage (FROM \(final.baseImage)) sets no USER: the image runs as root unless its base image sets a user")]
                }
                let value = user.arguments
                guard !value.contains("$"), isRootUser(value) else { return [] }
                return [ImageConfigViolation(input.location(user), "the last USER of the final image is \"\(value)\"", equivalents: ["DL3002"])]
            }),
        ImageConfigCheck(
            id: "PAL-IMG-002", title: "No HEALTHCHECK", category: "User", severity: .low,
            description: "The image defines no health check (or disables it with HEALTHCHECK NONE), so Docker and Swarm cannot tell a hung container from a healthy one. Kubernetes ignores HEALTHCHECK and uses probes instead.",
            remediation: "Add HEALTHCHECK CMD <a cheap command that fails when the service is unhealthy> to the final stage, or define liveness/readiness probes when deploying to Kubernetes.",
            cis: ["4.6"], dockle: ["CIS-DI-0006"], other: ["trivy:DS026"],
            image: { input in
                guard let test = input.facts.healthcheck, !test.isEmpty else {
                    return [ImageConfigViolation(.config("Healthcheck"), "the image config has no Healthcheck")]
                }
                guard test.first?.uppercased() == "NONE" else { return [] }
                return [ImageConfigViolation(.config("Healthcheck"), "the image disables its health check (Healthcheck NONE)")]
            },
            dockerfile: { input in
                let final = input.dockerfile.finalStage
                guard let healthcheck = input.effective("HEALTHCHECK") else {
                    return [ImageConfigViolation(input.location(final.from),
                                                 "the final stage (FROM \(final.baseImage)) has no HEALTHCHECK")]
                }
                guard healthcheck.arguments.split(whereSeparator: \.isShellBlank).first?.uppercased() == "NONE" else { return [] }
                return [ImageConfigViolation(input.location(healthcheck), "HEALTHCHECK NONE disables the health check")]
            }),
    ]
}
