import Foundation
import Testing
@testable import Policy

/// The regex fast paths agree with the regex engine, and pattern errors are reported.
struct StringMatcherTests {
    static let patterns = [
        "latest", "LATEST", "quay.io", "registry\\.redhat\\.io", "apt|dpkg", "apt-get|apt|dpkg", "(/etc/.*|/sys/.*|/dev/.*)",
        "^kube.*|^openshift.*|^istio-system$", ".*", ".+", ".*java", "curl.*", ".*SECRET.*", "(?:a|b)", "v[0-9]+",
        "(/[s]*bin/){0,1}(ba|c|z){0,1}sh", "(/bin/sh -c)?\\s*apt-get update\\s*", "a.b", "x\\-y", "", "openshift-release-dev/ocp-v4.0-art-dev",
        ".*sgminer|.*cgminer|.*xmr-stak.*", "(?i)abc", "ab*c", "(ab)", "\\d+", "a|", "[.]x",
    ]
    static let inputs = [
        "latest", "Latest", "latest-1", "quay.io", "quayXio", "quay.io.evil", "registry.redhat.io", "apt", "dpkg", "apt-get",
        "aptitude", "/etc/passwd", "/etc", "/sys/x", "kube-system", "openshift-dns", "istio-system", "istio-system2", "", "x",
        "/usr/bin/java", "java", "curl", "curlx", "MY_SECRET_KEY", "v12", "xv12", "sh", "/bin/bash", "/sbin/zsh",
        "/bin/sh -c apt-get update", "apt-get update ", "a.b", "aXb", "ab", "x-y", "openshift-release-dev/ocp-v4.0-art-dev",
        "/opt/xmr-stak-cpu", "bin/sgminer", "ABC", "ac", "abbbc", "123", "a", "é", "aéb", ".x", "Kelvin",
    ]

    @Test(arguments: patterns)
    func fastPathsAgreeWithTheRegex(_ pattern: String) throws {
        let fast = try StringMatcher(pattern)
        let regex = try NSRegularExpression(pattern: "\\A(?:\(pattern))\\z", options: [.caseInsensitive])
        for input in Self.inputs {
            let expected = regex.firstMatch(in: input, range: NSRange(location: 0, length: input.utf16.count)) != nil
            #expect(fast.matches(input) == expected, "'\(pattern)' on '\(input)': \(fast.kind)")
        }
        let contains = try StringMatcher(pattern, contains: true)
        let search = try NSRegularExpression(pattern: "(?:\(pattern))", options: [.caseInsensitive])
        for input in Self.inputs {
            let expected = search.firstMatch(in: input, range: NSRange(location: 0, length: input.utf16.count)) != nil
            #expect(contains.matches(input) == expected, "contains '\(pattern)' on '\(input)': \(contains.kind)")
        }
    }

    @Test func commonShapesSkipTheRegex() throws {
        #expect(try StringMatcher("latest").kind == .literal)
        #expect(try StringMatcher("quay.io").kind == .wildcardLiteral)
        #expect(try StringMatcher("apt|dpkg").kind == .anyOf)
        #expect(try StringMatcher("(/etc/.*|/sys/.*)").kind == .anyOf)
        #expect(try StringMatcher(".*java").kind == .suffix)
        #expect(try StringMatcher(".*").kind == .any)
        #expect(try StringMatcher("v[0-9]+").kind == .regex)
        #expect(try StringMatcher("(/bin/sh -c)?\\s*apt-get update\\s*").required == Array("apt-get update".utf8))
        #expect(PatternShape.requiredLiteral(of: "ab?cde") == Array("cde".utf8))
        #expect(PatternShape.requiredLiteral(of: "a|bcdef") == nil)
    }

    @Test func invalidPatternsThrow() {
        #expect(throws: PatternError.self) { try StringMatcher("v[0-9") }
        #expect(throws: PatternError.self) { try StringMatcher("(unclosed") }
    }
}

extension StringMatcherTests {
    /// Every string value of the 89 StackRox defaults, against inputs built from the patterns themselves.
    @Test func stackRoxPatternsAgreeWithTheRegex() throws {
        var patterns = Set<String>()
        for file in Fixtures.acsPolicyFiles {
            let (policy, _) = try ACSImporter.convert(json: Data(contentsOf: file), fileName: file.lastPathComponent)
            for criterion in policy.sections.flatMap(\.criteria) {
                guard let field = criterion.policyField, field.metadata.valueType == .string else { continue }
                patterns.formUnion(criterion.values)
            }
        }
        #expect(patterns.count > 30)
        let inputs = Self.inputs + ["systemctl", "--version", "nc", "ncat", "iptables", "sshd", "/usr/sbin/sshd", "xmrig", "crontab",
                                    "http://10.0.0.1:10250/pods", "CVE-2021-44228", "default", "true", "root", "0"]
        for pattern in patterns.sorted() {
            for contains in [false, true] {
                let fast = try StringMatcher(pattern, contains: contains)
                let regex = try NSRegularExpression(pattern: contains ? "(?:\(pattern))" : "\\A(?:\(pattern))\\z", options: [.caseInsensitive])
                for input in inputs {
                    let expected = regex.firstMatch(in: input, range: NSRange(location: 0, length: input.utf16.count)) != nil
                    #expect(fast.matches(input) == expected, "'\(pattern)' (contains: \(contains)) on '\(input)'")
                }
            }
        }
    }
}
