import Foundation
import Testing
@testable import ImageChecks

struct PatternAutomatonTests {
    private func hits(_ keywords: [String], in text: String) -> [String] {
        let automaton = PatternAutomaton(keywords: keywords.map { Array($0.utf8) })
        var found: [String] = []
        Array(text.utf8).withUnsafeBytes { bytes in
            automaton.forEachMatch(in: bytes) { keyword, start in
                found.append("\(keywords[keyword])@\(start)")
                return true
            }
        }
        return found
    }

    @Test func findsOverlappingKeywordsInOnePass() {
        // "he" inside "she" is not at a word start; inside "hers" it is.
        #expect(hits(["he", "she", "his", "hers"], in: "-she-hers-he") == ["she@1", "he@5", "hers@5", "he@10"])
        #expect(hits(["/dev/tcp/", "tcp/", "dev"], in: "</dev/tcp/") == ["dev@2", "/dev/tcp/@1", "tcp/@6"])
    }

    @Test func ignoresASCIICase() {
        #expect(hits(["tcpclient"], in: "Net.Sockets.TCPClient(") == ["tcpclient@12"])
    }

    @Test func keywordsStartingWithALetterMustStartAWord() {
        #expect(hits(["nc "], in: "func x; nc -e") == ["nc @8"])
        #expect(hits(["supportxmr.com"], in: "notsupportxmr.com pool.supportxmr.com") == ["supportxmr.com@23"])
        #expect(hits(["/dev/tcp/"], in: "x/dev/tcp/") == ["/dev/tcp/@1"])
    }

    @Test func stopsWhenAsked() {
        let automaton = PatternAutomaton(keywords: [Array("a".utf8)])
        var count = 0
        Array("a a a a".utf8).withUnsafeBytes { bytes in
            automaton.forEachMatch(in: bytes) { _, _ in
                count += 1
                return count < 2
            }
        }
        #expect(count == 2)
    }

    @Test func emptyInputAndNoKeywords() {
        #expect(hits(["x"], in: "").isEmpty)
        #expect(hits([], in: "anything").isEmpty)
    }
}
