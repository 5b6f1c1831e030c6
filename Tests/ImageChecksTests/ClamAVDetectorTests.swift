import Foundation
import Testing
@testable import ImageChecks

struct ClamAVDetectorTests {
    /// `md5:size:name`, with the MD5 from the md5sum command (as sigtool does).
    private func hashSignature(_ data: Data, name: String) throws -> String? {
        guard let md5sum = MalwareTestSupport.tool("md5sum") else { return nil }
        let (status, output) = try MalwareTestSupport.run(md5sum, ["-"], input: data)
        guard status == 0, let digest = output.split(separator: " ").first else { return nil }
        return "\(digest):\(data.count):\(name)\n"
    }

    private func scanner(database: URL) throws -> MalwareScanner {
        try MalwareScanner(configuration: MalwareConfiguration(clamavDatabase: database.path, builtins: false))
    }

    @Test func eicarIsDetectedByAnMD5HashSignature() throws {
        let eicar = MalwareTestSupport.eicar
        #expect(eicar.count == 68)
        let line = try #require(try hashSignature(eicar, name: "Palisade.Test.EICAR.HDB"))
        try MalwareTestSupport.withTemporaryDirectory { directory in
            try MalwareTestSupport.write(line, "db/palisade.hdb", in: directory)
            let scanner = try scanner(database: directory.appendingPathComponent("db"))
            let finding = try #require(scanner.scan(path: "/tmp/eicar.com", data: eicar).first)
            #expect(finding.detector == .clamav)
            #expect(finding.ruleID.hasPrefix("Palisade.Test.EICAR.HDB"))
            #expect(finding.severity == .critical)
            #expect(finding.category == "malware")
            #expect(finding.sha256 == MalwareDigest.sha256(eicar))
            #expect(scanner.scan(path: "/tmp/clean", data: Data("just text\n".utf8)).isEmpty)
        }
    }

    @Test func eicarIsDetectedByASHA256HashSignature() throws {
        let eicar = MalwareTestSupport.eicar
        try MalwareTestSupport.withTemporaryDirectory { directory in
            let database = try MalwareTestSupport.write(
                "\(MalwareDigest.sha256(eicar)):\(eicar.count):Palisade.Test.EICAR.HSB\n", "palisade.hsb", in: directory
            )
            // A single database file works as well as a directory.
            let scanner = try scanner(database: database)
            #expect(scanner.scan(path: "/e", data: eicar).first?.ruleID.hasPrefix("Palisade.Test.EICAR.HSB") == true)
        }
    }

    @Test func eicarIsDetectedByABodySignatureInsideOtherData() throws {
        let eicar = MalwareTestSupport.eicar
        let body = eicar[8..<40].map { String(format: "%02x", $0) }.joined()
        try MalwareTestSupport.withTemporaryDirectory { directory in
            try MalwareTestSupport.write("Palisade.Test.EICAR.NDB:0:*:\(body)\n", "palisade.ndb", in: directory)
            let scanner = try scanner(database: directory)
            var wrapped = Data("padding before the test string\n".utf8)
            wrapped.append(eicar)
            wrapped.append(Data(repeating: 0x41, count: 4096))
            #expect(scanner.scan(path: "/e", data: wrapped).map(\.ruleID).first?.hasPrefix("Palisade.Test.EICAR.NDB") == true)
            #expect(scanner.scan(path: "/c", data: Data(repeating: 0x41, count: 4096)).isEmpty)
        }
    }

    @Test // clamscan comes with Debian's clamav (scripts/setup installs it)
    func clamscanAgrees() throws {
        let clamscan = try #require(MalwareTestSupport.tool("clamscan"))
        let eicar = MalwareTestSupport.eicar
        let body = eicar[8..<40].map { String(format: "%02x", $0) }.joined()
        try MalwareTestSupport.withTemporaryDirectory { directory in
            let database = directory.appendingPathComponent("db")
            try MalwareTestSupport.write("Palisade.Test.EICAR.NDB:0:*:\(body)\n", "db/palisade.ndb", in: directory)
            let scanner = try scanner(database: database)
            for (name, data) in [("eicar.com", eicar), ("clean.txt", Data("hello\n".utf8))] {
                let file = try MalwareTestSupport.write(data, name, in: directory)
                let (_, output) = try MalwareTestSupport.run(clamscan, ["--no-summary", "-d", database.path, file.path])
                // "/path/eicar.com: Name.UNOFFICIAL FOUND" or "/path/clean.txt: OK".
                let verdict = output.split(separator: "\n").first { $0.hasPrefix(file.path + ": ") }
                    .map { String($0.dropFirst(file.path.count + 2)) }
                let expected = verdict.flatMap { $0.hasSuffix(" FOUND") ? String($0.dropLast(6)) : nil }
                #expect(verdict != nil, "\(output)")
                #expect(scanner.scan(path: file.path, data: data).first?.ruleID == expected)
            }
        }
    }

    @Test func temporaryDirectoryIsUsedAndChecked() throws {
        let eicar = MalwareTestSupport.eicar
        try MalwareTestSupport.withTemporaryDirectory { directory in
            try MalwareTestSupport.write("\(MalwareDigest.sha256(eicar)):\(eicar.count):T\n", "db/t.hsb", in: directory)
            let scratch = directory.appendingPathComponent("scratch")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let configuration = MalwareConfiguration(
                clamavDatabase: directory.appendingPathComponent("db").path, builtins: false,
                clamavTemporaryDirectory: scratch.path
            )
            let scanner = try MalwareScanner(configuration: configuration)
            #expect(scanner.scan(path: "/e", data: eicar).count == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
            var missing = configuration
            missing.clamavTemporaryDirectory = directory.appendingPathComponent("nope").path
            let error = try #require(throws: MalwareConfigurationError.self) { try MalwareScanner(configuration: missing) }
            #expect(error.code == .unreadableFile)
        }
    }

    @Test func malformedDatabaseNamesFileAndLine() throws {
        try MalwareTestSupport.withTemporaryDirectory { directory in
            let good = "\(String(repeating: "0", count: 32)):10:Palisade.Test.Good\n"
            let bad = try MalwareTestSupport.write(good + "this is not a signature\n", "bad.hdb", in: directory)
            let error = try #require(throws: MalwareConfigurationError.self) { try scanner(database: directory) }
            #expect(error.code == .invalidClamAVDatabase)
            #expect(error.fileName == bad.path)
            #expect(error.line == 2)
            #expect(error.description.hasPrefix("\(bad.path):2: "))
        }
    }

    @Test func emptyOrMissingDatabaseIsAnError() throws {
        try MalwareTestSupport.withTemporaryDirectory { directory in
            let error = try #require(throws: MalwareConfigurationError.self) { try scanner(database: directory) }
            #expect(error.code == .invalidClamAVDatabase)
        }
        let missing = try #require(throws: MalwareConfigurationError.self) {
            try scanner(database: URL(fileURLWithPath: "/nonexistent/clamav"))
        }
        #expect(missing.code == .unreadableFile)
    }

    @Test func concurrentScansAgree() async throws {
        let eicar = MalwareTestSupport.eicar
        try await MalwareTestSupport.withTemporaryDirectory { directory in
            try MalwareTestSupport.write(
                "\(MalwareDigest.sha256(eicar)):\(eicar.count):Palisade.Test.EICAR.HSB\n", "palisade.hsb", in: directory
            )
            let scanner = try scanner(database: directory)
            let hits = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        let data = index.isMultiple(of: 3) ? eicar : Data("clean \(index)".utf8)
                        return scanner.scan(path: "/f\(index)", data: data).isEmpty == !index.isMultiple(of: 3)
                    }
                }
                var all: [Bool] = []
                for await ok in group { all.append(ok) }
                return all
            }
            #expect(hits.count == 24 && hits.allSatisfy { $0 })
        }
    }
}
