import Foundation
import Testing
@testable import ImageChecks

struct DockerfileParserTests {
    func parse(_ text: String, limits: DockerfileParser.Limits = .init()) throws -> Dockerfile {
        try DockerfileParser(limits: limits).parse(Data(text.utf8), fileName: "Dockerfile")
    }

    func parseError(_ text: String, limits: DockerfileParser.Limits = .init()) -> DockerfileParseError? {
        do {
            _ = try parse(text, limits: limits)
            return nil
        } catch let error as DockerfileParseError {
            return error
        } catch {
            return nil
        }
    }

    @Test func escapeDirectiveSwitchesToBacktick() throws {
        let text = "# escape=`\n# syntax=docker/dockerfile:1\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\ `\n    && echo done\nUSER ContainerUser\n"
        let file = try parse(text)
        #expect(file.escapeCharacter == "`")
        #expect(file.directives == ["escape": "`", "syntax": "docker/dockerfile:1"])
        let run = try #require(file.finalStage.instructions.first)
        #expect(run.keyword == "RUN")
        #expect(run.line == 4)
        #expect(run.endLine == 5)
        #expect(run.arguments == "dir c:\\     && echo done")
        #expect(file.finalStage.instructions[1].line == 6)
    }

    @Test func directiveAfterABlankLineIsAComment() throws {
        let file = try parse("\n# escape=`\nFROM alpine:3.20\nRUN echo a `\nUSER 1000\n")
        #expect(file.escapeCharacter == "\\")
        #expect(file.directives.isEmpty)
        #expect(file.finalStage.instructions.map(\.keyword) == ["RUN", "USER"])
    }

    @Test func badDirectivesAreErrors() {
        #expect(parseError("# escape=`\n# escape=\\\nFROM a:1\n")?.code == .invalidDirective)
        let error = parseError("# escape=x\nFROM a:1\n")
        #expect(error?.code == .invalidDirective)
        #expect(error?.line == 1)
    }

    @Test func continuationSkipsCommentsAndBlankLines() throws {
        let text = "FROM alpine:3.20\n  RUN apk add \\\n# a comment inside\n    curl \\\n\n    git   \nuser 1000\n"
        let file = try parse(text)
        let run = file.finalStage.instructions[0]
        #expect(run.line == 2)
        #expect(run.endLine == 6)
        #expect(run.arguments == "apk add     curl     git")
        #expect(file.finalStage.instructions[1].keyword == "USER")
        #expect(file.finalStage.instructions[1].line == 7)
    }

    @Test func continuationBlanksAfterTheEscapeAreAllowed() throws {
        let file = try parse("FROM a:1\nRUN echo a \\   \n  b\n")
        #expect(file.finalStage.instructions[0].arguments == "echo a   b")
    }

    @Test func heredocsAttachToRunAndCopy() throws {
        let text = "FROM alpine:3.20\nRUN <<EOF\necho a | tee /x\n# not a Dockerfile comment\nEOF\nCOPY <<-CONF <<\"RAW\" /etc/app/\n\tkey=$VALUE\n\tCONF\nliteral $HOME\nRAW\nUSER 1000\n"
        let file = try parse(text)
        let run = file.finalStage.instructions[0]
        #expect(run.heredocs.count == 1)
        #expect(run.heredocs[0].content == "echo a | tee /x\n# not a Dockerfile comment\n")
        #expect(run.heredocs[0].line == 3)
        #expect(run.endLine == 5)
        let copy = file.finalStage.instructions[1]
        #expect(copy.line == 6)
        #expect(copy.heredocs.map(\.name) == ["CONF", "RAW"])
        #expect(copy.heredocs[0].content == "key=$VALUE\n")
        #expect(copy.heredocs[0].stripsLeadingTabs)
        #expect(copy.heredocs[0].expands)
        #expect(!copy.heredocs[1].expands)
        #expect(copy.endLine == 10)
        #expect(file.finalStage.instructions[2].line == 11)
    }

    @Test func heredocFollowedDirectlyByAnInstruction() throws {
        // hadolint 2.15.1 rejects this valid BuildKit file (it wants a blank line after the delimiter).
        let file = try parse("FROM debian:12\nRUN <<EOF\nset -e\necho hi | cat\nEOF\nUSER 1000\n")
        #expect(file.finalStage.instructions.map(\.keyword) == ["RUN", "USER"])
        #expect(file.finalStage.instructions[1].line == 6)
    }

    @Test func hereStringAndQuotedMarkersAreNotHeredocs() throws {
        let file = try parse("FROM a:1\nRUN cat <<< 'x' && echo '<<EOF' \"<<X\"\nUSER 1\n")
        #expect(file.finalStage.instructions[0].heredocs.isEmpty)
        #expect(file.finalStage.instructions.count == 2)
    }

    @Test func unterminatedHeredocNamesTheInstructionLine() throws {
        let error = try #require(parseError("FROM alpine:3.20\nUSER 1\nRUN <<EOF\necho never closed\n"))
        #expect(error.code == .unterminatedHeredoc)
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("Dockerfile:3: "))
    }

    @Test func jsonAndShellForms() throws {
        let file = try parse("FROM a:1\nCMD [\"python\", \"-m\", \"http.server\"]\nENTRYPOINT [not json\nRUN [\"apt-get\",\"install\",\"-y\",\"x\"]\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n")
        let ins = file.finalStage.instructions
        #expect(ins[0].execForm == ["python", "-m", "http.server"])
        #expect(ins[1].execForm == nil)
        #expect(ins[1].arguments == "[not json")
        #expect(ins[2].execForm == ["apt-get", "install", "-y", "x"])
        #expect(ins[3].execForm?.contains("pipefail") == true)
        #expect(parseError("FROM a:1\nSHELL /bin/bash -c\n")?.code == .invalidInstruction)
    }

    @Test func multiStageNamesAndFinalChain() throws {
        let text = "FROM golang:1.22 AS Build\nRUN go build -o /out/app\nFROM build AS test\nRUN go test\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build --chown=65532:65532 /out/app /app\nFROM test\n"
        let file = try parse(text)
        #expect(file.stages.map(\.name) == ["build", "test", nil, nil])
        #expect(file.stages[1].parentStage(in: file.stages)?.index == 0)
        #expect(file.stages[2].parentStage(in: file.stages) == nil)
        let copy = file.stages[2].instructions[0]
        #expect(copy.flag("from") == .some("build"))
        #expect(copy.flag("chown") == .some("65532:65532"))
        #expect(copy.flag("link") == nil)
        #expect(file.finalStageChain.map(\.index) == [3, 1, 0])
    }

    @Test func argBeforeFromResolvesBaseImages() throws {
        let file = try parse("ARG VERSION=3.20\nARG REGISTRY\nARG BASE=alpine:${VERSION}\nFROM alpine:${VERSION}\nFROM ${REGISTRY}/alpine:3\nFROM $BASE\nFROM ${MISSING:-debian:12}\n")
        #expect(file.globalArguments.count == 3)
        #expect(file.stages.map(\.resolvedBaseImage) == ["alpine:3.20", nil, "alpine:3.20", "debian:12"])
    }

    @Test func instructionsAreCaseInsensitive() throws {
        let file = try parse("from alpine:3 as base\nrun echo hi\nUser 1000\n")
        #expect(file.stages[0].name == "base")
        #expect(file.finalStage.instructions.map(\.keyword) == ["RUN", "USER"])
    }

    @Test func onbuildParsesItsTrigger() throws {
        let file = try parse("FROM a:1\nONBUILD RUN --mount=type=cache,target=/c make install\nONBUILD COPY . /src\n")
        let trigger = try #require(file.finalStage.instructions[0].trigger)
        #expect(trigger.keyword == "RUN")
        #expect(trigger.flagValues("mount") == ["type=cache,target=/c"])
        #expect(trigger.arguments == "make install")
        #expect(parseError("FROM a:1\nONBUILD ONBUILD RUN x\n")?.code == .invalidInstruction)
        #expect(parseError("FROM a:1\nONBUILD FROM b\n")?.code == .invalidInstruction)
    }

    @Test func flagsAreSplitOff() throws {
        let file = try parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nRUN --mount=type=cache,target=/root/.cache --network=none pip install x\n")
        #expect(file.stages[0].platform == "$BUILDPLATFORM")
        #expect(file.stages[0].baseImage == "golang:1.22")
        let run = file.finalStage.instructions[0]
        #expect(run.flags.map(\.name) == ["mount", "network"])
        #expect(run.arguments == "pip install x")
    }

    @Test func crlfAndByteOrderMark() throws {
        let file = try parse("\u{FEFF}FROM a:1\r\nRUN echo \\\r\n  b\r\n")
        #expect(file.finalStage.instructions[0].arguments == "echo   b")
    }

    @Test func unknownInstructionIsAnErrorWithItsLine() throws {
        let error = try #require(parseError("FROM a:1\nRUN x\nFOO bar\n"))
        #expect(error.code == .unknownInstruction)
        #expect(error.line == 3)
        #expect(error.message == "unknown instruction FOO")
        let odd = try #require(parseError("FROM a:1\nhunter2=secret-value-here\n"))
        #expect(!odd.description.contains("secret"))
    }

    @Test func missingFromIsAnError() {
        #expect(parseError("")?.code == .missingFrom)
        #expect(parseError("# only a comment\n\n")?.code == .missingFrom)
        let error = parseError("ARG X=1\nRUN echo\nFROM a:1\n")
        #expect(error?.code == .missingFrom)
        #expect(error?.line == 2)
        #expect(parseError("FROM\n")?.code == .invalidInstruction)
        #expect(parseError("FROM a b c d\n")?.code == .invalidInstruction)
    }

    @Test func binaryInputIsRefused() {
        let nul = DockerfileParser().parseErrorFor(Data([0x46, 0x52, 0x4F, 0x4D, 0x20, 0x61, 0x0A, 0x00, 0x01]))
        #expect(nul?.code == .binary)
        #expect(nul?.line == 2)
        let latin1 = DockerfileParser().parseErrorFor(Data("FROM a:1\nLABEL x=".utf8) + Data([0xE9, 0x0A]))
        #expect(latin1?.code == .binary)
        #expect(latin1?.line == 2)
    }

    @Test func oversizedInputIsRefused() {
        let limits = DockerfileParser.Limits(maximumBytes: 64, maximumLines: 5, maximumInstructionBytes: 32, maximumHeredocs: 2)
        #expect(parseError(String(repeating: "#", count: 65), limits: limits)?.code == .tooLarge)
        #expect(parseError("FROM a\n\n\n\n\n\n", limits: limits)?.code == .tooLarge)
        #expect(parseError("FROM a\nRUN " + String(repeating: "x", count: 40), limits: limits)?.code == .tooLarge)
        #expect(parseError("FROM a\nRUN <<A <<B <<C\n", limits: limits)?.code == .tooLarge)
    }

    @Test func pathologicalInputDoesNotHang() throws {
        var text = "FROM a:1\nRUN true"
        for _ in 0..<20_000 { text += " \\\n x" }
        let file = try parse(text + "\n")
        #expect(file.finalStage.instructions[0].endLine == 20_002)
        let angles = try parse("FROM a:1\nRUN " + String(repeating: "<", count: 100_000) + "\n")
        #expect(angles.finalStage.instructions[0].heredocs.isEmpty)
        let markers = "FROM a:1\nRUN " + String(repeating: "<<A ", count: 1000) + "\n"
        #expect(throws: DockerfileParseError.self) { _ = try parse(markers) }
        let script = ShellScript(String(repeating: "$(", count: 50_000) + String(repeating: "\"'`", count: 10_000))
        #expect(script.commands.count <= 1)
    }

    @Test func fileErrorsNameTheFile() throws {
        let missing = "/nonexistent/\(UUID().uuidString)/Dockerfile"
        #expect(throws: DockerfileParseError(.unreadableFile, "", fileName: "")) { _ = try DockerfileParser().parse(fileAt: missing) }
        #expect(throws: DockerfileParseError(.unreadableFile, "", fileName: "")) { _ = try DockerfileParser().parse(fileAt: NSTemporaryDirectory()) }
    }
}

extension DockerfileParser {
    func parseErrorFor(_ data: Data) -> DockerfileParseError? {
        do {
            _ = try parse(data, fileName: "Dockerfile")
            return nil
        } catch {
            return error as? DockerfileParseError
        }
    }
}
