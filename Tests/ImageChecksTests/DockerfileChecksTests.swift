import Testing
@testable import ImageChecks

/// One true positive and one negative (at least) for every Dockerfile-scope check.
struct DockerfileChecksTests {
    func findings(_ text: String, configuration: ImageConfigChecks.Configuration = .init()) throws -> [ImageConfigFinding] {
        ImageConfigChecks.evaluate(try Dockerfile(parsing: text), configuration: configuration)
    }

    /// The lines where `id` fires.
    func lines(_ id: String, _ text: String, configuration: ImageConfigChecks.Configuration = .init()) throws -> [Int] {
        try findings(text, configuration: configuration).filter { $0.checkID == id }.compactMap(\.location.line)
    }

    @Test func rootUser() throws {
        #expect(try lines("PAL-IMG-001", "FROM debian:12\nRUN true\n") == [1])
        let root = try findings("FROM debian:12\nUSER app\nUSER root\n").first { $0.checkID == "PAL-IMG-001" }
        #expect(root?.location.line == 3)
        #expect(root?.equivalents == ["DL3002"])
        #expect(try lines("PAL-IMG-001", "FROM a:1\nUSER 0:0\n") == [2])
        #expect(try lines("PAL-IMG-001", "FROM a:1\nUSER 10001\n").isEmpty)
        #expect(try lines("PAL-IMG-001", "FROM a:1\nUSER $APP_UID\n").isEmpty)
        // Root in a build stage does not reach the final image (hadolint reports it anyway).
        #expect(try lines("PAL-IMG-001", "FROM a:1 AS b\nUSER root\nFROM c:1\nUSER 1000\n").isEmpty)
        // The final stage inherits USER from the stage it is built on.
        #expect(try lines("PAL-IMG-001", "FROM a:1 AS base\nUSER 1000\nFROM base\nRUN true\n").isEmpty)
    }

    @Test func healthcheck() throws {
        #expect(try lines("PAL-IMG-002", "FROM a:1\nUSER 1\n") == [1])
        #expect(try lines("PAL-IMG-002", "FROM a:1\nHEALTHCHECK NONE\n") == [2])
        #expect(try lines("PAL-IMG-002", "FROM a:1\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\n").isEmpty)
        #expect(try lines("PAL-IMG-002", "FROM a:1 AS base\nHEALTHCHECK CMD true\nFROM base\n").isEmpty)
    }

    @Test func secretsInEnvAndArg() throws {
        let text = "FROM a:1\nENV API_KEY=abc123 LOG_LEVEL=info\nENV DB_PASSWORD hunter2\nARG GITHUB_TOKEN=ghp_x\n"
        let found = try findings(text).filter { $0.checkID == "PAL-IMG-003" }
        #expect(found.map(\.location.line) == [2, 3, 4])
        #expect(found.allSatisfy { !$0.message.contains("abc123") && !$0.message.contains("hunter2") && !$0.message.contains("ghp_x") })
        #expect(found.first?.message == "ENV sets API_KEY to a literal value (6 characters, not shown)")
        let negatives = "FROM a:1\nENV PASSWORD_FILE=/run/secrets/db AUTH_ENABLED=true\nARG NPM_TOKEN\nENV TOKEN=$NPM_TOKEN SECRET=${S}\nENV GPG_KEY=A035C8C19219BA82\nENV PASSWORD=\n"
        #expect(try lines("PAL-IMG-003", negatives).isEmpty)
        #expect(try lines("PAL-IMG-003", "ARG SECRET_KEY=x\nFROM a:1\n") == [1])
    }

    @Test func addFromURL() throws {
        #expect(try lines("PAL-IMG-004", "FROM a:1\nADD https://example.com/x.tgz /opt/\n") == [2])
        #expect(try lines("PAL-IMG-004", "FROM a:1\nADD git@github.com:org/repo.git /src\n") == [2])
        #expect(try lines("PAL-IMG-004", "FROM a:1\nADD --checksum=sha256:abc https://example.com/x.tgz /opt/\n").isEmpty)
        #expect(try lines("PAL-IMG-004", "FROM a:1\nCOPY x.tgz /opt/\n").isEmpty)
    }

    @Test func addWhereCopyWouldDo() throws {
        #expect(try lines("PAL-IMG-005", "FROM a:1\nADD config.json /etc/app/\n") == [2])
        #expect(try lines("PAL-IMG-005", "FROM a:1\nADD <<EOF /etc/motd\nhello\nEOF\n") == [2])
        #expect(try lines("PAL-IMG-005", "FROM a:1\nADD rootfs.tar.xz /\nADD [\"https://x/y\", \"/y\"]\n").isEmpty)
    }

    @Test func latestOrUntaggedBase() throws {
        let found = try findings("FROM ubuntu\nFROM ubuntu:latest\nFROM registry:5000/team/app\n").filter { $0.checkID == "PAL-IMG-006" }
        #expect(found.map(\.location.line) == [1, 2, 3])
        #expect(found.map(\.equivalents) == [["DL3006"], ["DL3007"], ["DL3006"]])
        #expect(try lines("PAL-IMG-006", "ARG TAG=latest\nFROM alpine:$TAG\n") == [2])
        let pinned = "ARG V\nFROM alpine:3.20 AS build\nFROM build\nFROM scratch\nFROM python@sha256:0123\nFROM alpine:$V\nFROM localhost:5000/app:1\n"
        #expect(try lines("PAL-IMG-006", pinned).isEmpty)
    }

    @Test func sudo() throws {
        let found = try findings("FROM a:1\nRUN sudo apt-get update\nRUN apt-get install -y sudo\n").filter { $0.checkID == "PAL-IMG-007" }
        #expect(found.map(\.location.line) == [2, 3])
        #expect(found[0].equivalents == ["DL3004"])
        #expect(try lines("PAL-IMG-007", "FROM a:1\nRUN gosu app true && echo sudo\n").isEmpty)
    }

    @Test func setuidChmod() throws {
        #expect(try lines("PAL-IMG-008", "FROM a:1\nRUN chmod 4755 /usr/local/bin/x\nRUN chmod g+s /srv/shared\n") == [2, 3])
        #expect(try lines("PAL-IMG-008", "FROM a:1\nRUN chmod 0755 /x && chmod a-s /y\n").isEmpty)
        #expect(try lines("PAL-IMG-008", "FROM a:1\nCOPY --chmod=4755 helper /usr/local/bin/\nCOPY --chmod=755 app /app\n") == [2])
    }

    @Test func worldWritableChmod() throws {
        #expect(try lines("PAL-IMG-009", "FROM a:1\nRUN chmod -R 777 /app\nRUN chmod o+w /data\n") == [2, 3])
        #expect(try lines("PAL-IMG-009", "FROM a:1\nRUN chmod 1777 /scratch && chmod 775 /app\n").isEmpty)
        #expect(try lines("PAL-IMG-009", "FROM a:1\nADD --chmod=666 conf.tar /etc/\nCOPY --chmod=644 a /a\n") == [2])
    }

    @Test func packageCaches() throws {
        let text = """
            FROM a:1 AS build
            RUN apt-get update && apt-get install -y gcc
            FROM a:1
            RUN apt-get update && apt-get install -y curl
            RUN apk add --update git
            RUN pip install flask==3.0.0
            RUN yum install -y httpd
            RUN dnf install -y nginx && dnf clean all
            RUN apt-get update && apt-get install -y --no-install-recommends x=1 && rm -rf /var/lib/apt/lists/*
            RUN --mount=type=cache,target=/var/cache/apk apk add git=2.45.0-r0
            RUN apk add --no-cache curl=8.9.0-r0
            RUN pip install --no-cache-dir flask==3.0.0

            """
        let found = try findings(text).filter { $0.checkID == "PAL-IMG-010" }
        #expect(found.map(\.location.line) == [4, 5, 6, 7])
        #expect(found.map(\.equivalents) == [["DL3009"], ["DL3019"], ["DL3042"], ["DL3032"]])
        #expect(try lines("PAL-IMG-010", "FROM a:1\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n").isEmpty)
    }

    @Test func sshServer() throws {
        let text = "FROM a:1\nEXPOSE 22/tcp 8080\nRUN apt-get install -y --no-install-recommends openssh-server=1:9.2\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n"
        #expect(try lines("PAL-IMG-011", text) == [2, 3, 4])
        #expect(try lines("PAL-IMG-011", "FROM a:1\nEXPOSE 20-25\n") == [2])
        #expect(try lines("PAL-IMG-011", "FROM a:1\nEXPOSE 2222 8022/tcp\nRUN apk add --no-cache openssh-client=9\nCMD sshd-like-tool\n").isEmpty)
    }

    @Test func downloadPipedToShell() throws {
        let text = "FROM a:1\nRUN curl -fsSL https://get.example.com | sh\nRUN <<EOF\nset -e\nwget -qO- https://x | bash\nEOF\n"
        #expect(try lines("PAL-IMG-012", text) == [2, 3])
        #expect(try lines("PAL-IMG-012", "FROM a:1\nRUN curl -fsSLo /tmp/i.sh https://x && echo 'abc  /tmp/i.sh' | sha256sum -c && sh /tmp/i.sh\n").isEmpty)
        #expect(try lines("PAL-IMG-012", "FROM a:1\nRUN python3 <<EOF\nimport os\nos.system('curl x | sh')\nEOF\n").isEmpty)
    }

    @Test func tooManyLayers() throws {
        let configuration = ImageConfigChecks.Configuration(maximumLayers: 3)
        #expect(try lines("PAL-IMG-013", "FROM a:1 AS b\nRUN 1\nRUN 2\nFROM b\nCOPY x /x\nRUN 3\n", configuration: configuration) == [4])
        #expect(try lines("PAL-IMG-013", "FROM a:1 AS b\nRUN 1\nRUN 2\nFROM c:1\nCOPY --from=b x /x\n", configuration: configuration).isEmpty)
    }

    @Test func deletedInALaterLayer() throws {
        let text = "FROM a:1\nWORKDIR /app\nCOPY id_rsa /root/.ssh/\nCOPY . .\nRUN rm /root/.ssh/id_rsa && rm -rf /app/tests\nRUN apk add --update git\nRUN rm -rf /var/cache/apk/*\n"
        let found = try findings(text).filter { $0.checkID == "PAL-IMG-014" }
        #expect(found.map(\.location.line) == [5, 5, 7])
        #expect(found.contains { $0.message == "RUN deletes /root/.ssh/id_rsa, which COPY at line 3 added: the bytes stay in that layer" })
        #expect(found.contains { $0.message == "RUN deletes /app/tests, which COPY at line 4 added: the bytes stay in that layer" })
        #expect(found[2].message.contains("RUN at line 6"))
        #expect(try lines("PAL-IMG-014", "FROM a:1\nRUN make && rm -rf /tmp/build\nCOPY a.txt /a.txt\nRUN rm -rf /b\n").isEmpty)
    }

    @Test func noInstallRecommends() throws {
        #expect(try lines("PAL-IMG-015", "FROM a:1\nRUN apt-get install -y curl=1\n") == [2])
        #expect(try lines("PAL-IMG-015", "FROM a:1\nRUN apt-get install -y --no-install-recommends curl=1\nRUN apt-get -o APT::Install-Recommends=false install y=1\n").isEmpty)
    }

    @Test func unpinnedVersions() throws {
        let found = try findings("FROM a:1\nRUN apt-get install -y curl && pip install flask && apk add --no-cache git\n").filter { $0.checkID == "PAL-IMG-016" }
        #expect(Set(found.flatMap(\.equivalents)) == ["DL3008", "DL3013", "DL3018"])
        #expect(try lines("PAL-IMG-016", "FROM a:1\nRUN apt-get install -y curl=8.5 && pip install flask==3 -r req.txt && apk add --no-cache git~2.45\n").isEmpty)
    }

    @Test func cdInRun() throws {
        #expect(try lines("PAL-IMG-017", "FROM a:1\nRUN cd /src && make\n") == [2])
        #expect(try lines("PAL-IMG-017", "FROM a:1\nWORKDIR /src\nRUN make -C sub\n").isEmpty)
    }

    @Test func pipefail() throws {
        #expect(try lines("PAL-IMG-018", "FROM a:1\nRUN curl x | tar xz\n") == [2])
        let fixed = "FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | tar xz\nRUN echo a || echo b\n"
        #expect(try lines("PAL-IMG-018", fixed).isEmpty)
        #expect(try lines("PAL-IMG-018", "FROM a:1\nRUN set -eo pipefail; curl x | tar xz\n").isEmpty)
        // SHELL applies to its stage only.
        #expect(try lines("PAL-IMG-018", "FROM a:1\nSHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nFROM b:1\nRUN a | b\n") == [4])
    }

    @Test func maintainer() throws {
        #expect(try lines("PAL-IMG-019", "FROM a:1\nMAINTAINER me@example.com\n") == [2])
        #expect(try lines("PAL-IMG-019", "FROM a:1\nLABEL org.opencontainers.image.authors=me\n").isEmpty)
    }

    @Test func multipleCmdOrEntrypoint() throws {
        let found = try findings("FROM a:1\nCMD a\nENTRYPOINT [\"x\"]\nCMD b\nENTRYPOINT [\"y\"]\n").filter { $0.checkID == "PAL-IMG-020" }
        #expect(found.map(\.location.line) == [4, 5])
        #expect(found.map(\.equivalents) == [["DL4003"], ["DL4004"]])
        #expect(try lines("PAL-IMG-020", "FROM a:1 AS b\nCMD a\nFROM b\nCMD b\n").isEmpty)
    }

    @Test func ignorePragmas() throws {
        let text = "FROM a:1\n# palisade ignore=PAL-IMG-016\nRUN apt-get install -y --no-install-recommends curl\n# hadolint ignore=DL3015,DL3008\nRUN apt-get install -y curl\n"
        let ids = try findings(text).filter { $0.location.line == 3 || $0.location.line == 5 }.map(\.checkID)
        #expect(ids.isEmpty)
        #expect(try lines("PAL-IMG-016", "FROM a:1\n# unrelated\nRUN apt-get install -y curl\n") == [3])
    }

    @Test func onbuildTriggersAreChecked() throws {
        #expect(try lines("PAL-IMG-012", "FROM a:1\nONBUILD RUN curl https://x | sh\n") == [2])
    }

    @Test func findingsAreSortedAndCarryTheFile() throws {
        let file = try Dockerfile(parsing: "FROM ubuntu\nRUN sudo true\nMAINTAINER x\n", fileName: "app/Dockerfile")
        let found = ImageConfigChecks.evaluate(file)
        #expect(found == found.sorted())
        #expect(found.allSatisfy { $0.location.file == "app/Dockerfile" })
        #expect(found.map(\.location.line) == found.map(\.location.line).sorted { ($0 ?? 0) < ($1 ?? 0) })
        let high = ImageConfigChecks.evaluate(file, configuration: .init(disabledChecks: ["PAL-IMG-006"], minimumSeverity: .medium))
        #expect(Set(high.map(\.checkID)) == ["PAL-IMG-001", "PAL-IMG-007"])
    }
}
