import Testing
@testable import Inventory

struct LayerPathIndexTests {
    typealias Index = InventoryScanner.LayerPathIndex

    func index(_ paths: [String: Bool] = [:], whiteouts: Set<String> = [], opaque: Set<String> = []) -> Index {
        Index(isDirectory: paths, whiteouts: whiteouts, opaque: opaque)
    }

    @Test func survivesUnrelatedLayers() {
        #expect(Index.survives("/usr/lib/x/METADATA", above: [index(["/usr": true, "/usr/lib": true, "/etc/y": false])][...]))
        #expect(Index.survives("/a/b", above: [][...]))
    }

    @Test func rewrittenDeletedOrHidden() {
        #expect(!Index.survives("/a/b/c", above: [index(["/a/b/c": false])][...]))
        #expect(!Index.survives("/a/b/c", above: [index(whiteouts: ["/a/b/c"])][...]))
        #expect(!Index.survives("/a/b/c", above: [index(whiteouts: ["/a"])][...]))
        #expect(!Index.survives("/a/b/c", above: [index(opaque: ["/a/b"])][...]))
        #expect(!Index.survives("/a/b/c", above: [index(opaque: ["/"])][...]))
        #expect(!Index.survives("/a/b/c", above: [index(["/a": false])][...]), "a file replaced the directory")
        #expect(Index.survives("/a/b/c", above: [index(["/a": true, "/a/b": true])][...]), "directories merge")
        #expect(!Index.survives("/a/b/c", above: [index(), index(whiteouts: ["/a/b"])][...]))
    }
}
