import Testing
@testable import ImageChecks

struct ShellScriptTests {
    @Test func separatorsSplitCommands() {
        let script = ShellScript("a 1 && b || c; d | e & f\ng")
        #expect(script.commands.map { $0.words.joined(separator: " ") } == ["a 1", "b", "c", "d", "e", "f", "g"])
        #expect(script.commands.map(\.separator) == [.and, .or, .semicolon, .pipe, .background, .newline, .end])
        #expect(script.pipelines.map(\.count) == [1, 1, 1, 2, 1, 1])
    }

    @Test func quotesKeepOperatorsInsideWords() {
        let script = ShellScript("echo \"a | b\" 'c && d' e\\;f")
        #expect(script.commands.count == 1)
        #expect(script.commands[0].words == ["echo", "a | b", "c && d", "e;f"])
        #expect(!script.hasPipe)
    }

    @Test func redirectionsAreNotArguments() {
        let script = ShellScript("pip install starlette>=0.35.0 fastapi 2>&1 | tee log >> out")
        #expect(script.commands[0].words == ["pip", "install", "starlette", "fastapi"])
        #expect(script.commands[0].redirects == [.init(op: ">", target: "=0.35.0"), .init(op: ">&", target: "1")])
        #expect(script.commands[1].words == ["tee", "log"])
        #expect(script.commands[1].redirects == [.init(op: ">>", target: "out")])
        #expect(ShellScript("cmd &> /dev/null").commands[0].redirects == [.init(op: "&>", target: "/dev/null")])
    }

    @Test func commentsEndAtTheLine() {
        let script = ShellScript("echo a # | sh\necho b#c")
        #expect(!script.hasPipe)
        #expect(script.commands.map(\.words) == [["echo", "a"], ["echo", "b#c"]])
    }

    @Test func substitutionsStayInTheirWord() {
        let script = ShellScript("sh -c \"$(curl -fsSL https://x/install.sh | head)\" && echo `date | cut -c1`")
        #expect(script.commands.count == 2)
        #expect(!script.hasPipe)
        #expect(script.commands[0].words[2] == "$(curl -fsSL https://x/install.sh | head)")
        #expect(script.downloadAndExecute == ["sh $(curl …)"])
    }

    @Test func downloadPipedToShell() {
        #expect(ShellScript("curl -fsSL https://x | sudo -E bash -").downloadAndExecute == ["curl | bash"])
        #expect(ShellScript("wget -qO- https://x | python3").downloadAndExecute == ["wget | python3"])
        #expect(ShellScript("bash <(curl -s https://x)").downloadAndExecute == ["bash <(curl …)"])
        #expect(ShellScript("curl -o /tmp/x https://x && sha256sum -c sums && sh /tmp/x").downloadAndExecute.isEmpty)
        #expect(ShellScript("curl https://x | tar xz").downloadAndExecute.isEmpty)
    }

    @Test func heredocBodiesInsideScriptsAreSkipped() {
        let script = ShellScript("cat <<EOT > /etc/x\ncurl https://x | sh\nEOT\necho done")
        #expect(script.downloadAndExecute.isEmpty)
        #expect(script.commands.map(\.name) == ["cat", "echo"])
    }

    @Test func assignmentsAndWrappersAreRemoved() throws {
        let command = try #require(ShellScript("DEBIAN_FRONTEND=noninteractive sudo -E -u root apt-get install -y x").commands.first)
        #expect(command.assignments == ["DEBIAN_FRONTEND=noninteractive"])
        #expect(command.baseName == "sudo")
        #expect(command.unwrapped.words == ["apt-get", "install", "-y", "x"])
        #expect(ShellScript("env -i PATH=/bin nice -n 5 /usr/bin/pip3 install y").commands[0].unwrapped.baseName == "pip3")
    }

    @Test func compoundKeywordsAreStripped() {
        let script = ShellScript("if [ -f x ]; then apt-get install y; else cd /tmp; fi")
        #expect(script.commands.map(\.name) == ["[", "apt-get", "cd"])
    }

    @Test func lineContinuationsJoin() {
        #expect(ShellScript("apt-get install \\\n  curl").commands[0].words == ["apt-get", "install", "curl"])
    }

    @Test func packageCommandsReadManagersAndPins() throws {
        let apt = try #require(PackageCommand(ShellScript("apt-get -o Dpkg::Options::=--force-confold install -y --no-install-recommends curl=8.5.0-2 git ./x.deb").commands[0]))
        #expect(apt.manager == "apt-get")
        #expect(apt.isInstall)
        #expect(apt.packages == ["curl=8.5.0-2", "git", "./x.deb"])
        #expect(apt.unpinnedPackages == ["git"])
        let apk = try #require(PackageCommand(ShellScript("apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4-r2").commands[0]))
        #expect(apk.packages == ["gcc", "musl-dev=1.2.4-r2"])
        #expect(apk.unpinnedPackages == ["gcc"])
        let pip = try #require(PackageCommand(ShellScript("python3 -m pip install --no-cache-dir -i https://idx requests==2.32.3 flask git+https://g/x@v1 ./local").commands[0]))
        #expect(pip.manager == "pip")
        #expect(pip.unpinnedPackages == ["flask"])
        #expect(PackageCommand(ShellScript("pip install -r requirements.txt extra").commands[0])?.unpinnedPackages == [])
    }

    @Test func chmodModes() throws {
        func chmod(_ text: String) throws -> ChmodCommand { try #require(ChmodCommand(ShellScript(text).commands[0])) }
        #expect(try chmod("chmod 4755 /bin/x").grantsSetID)
        #expect(try chmod("chmod -R u+s,go-w /bin/x").grantsSetID)
        #expect(try !chmod("chmod a-s /bin/x").grantsSetID)
        #expect(try chmod("chmod 777 /srv").grantsWorldWrite)
        #expect(try chmod("chmod -R o+w /srv").grantsWorldWrite)
        #expect(try !chmod("chmod 1777 /tmp").grantsWorldWrite)
        #expect(try !chmod("chmod 755 /srv").grantsWorldWrite)
        #expect(try !chmod("chmod +x /srv").grantsWorldWrite)
    }

    @Test func historyLinesAreParsed() {
        let classic = HistoryCommand(createdBy: "|2 API_TOKEN=abc VERSION=1 /bin/sh -c curl -fsSL https://x | sh")
        #expect(classic.keyword == "RUN")
        #expect(classic.buildArguments.map(\.name) == ["API_TOKEN", "VERSION"])
        #expect(classic.script?.downloadAndExecute == ["curl | sh"])
        let buildkit = HistoryCommand(createdBy: "RUN /bin/sh -c apt-get update # buildkit")
        #expect(buildkit.keyword == "RUN")
        #expect(buildkit.arguments == "apt-get update")
        let nop = HistoryCommand(createdBy: "/bin/sh -c #(nop)  ENV DB_PASSWORD=x")
        #expect(nop.keyword == "ENV")
        #expect(nop.arguments == "DB_PASSWORD=x")
        #expect(HistoryCommand(createdBy: "ADD https://example.com/a.tgz /opt/ # buildkit").keyword == "ADD")
    }
}
