import Foundation

/// Builds fake credentials at run time, so this source holds no
/// secret-shaped literals of its own.
enum TestSecrets {
    /// Deterministic pseudo-random characters from `alphabet`.
    static func random(_ count: Int, alphabet: String = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", seed: UInt64 = 7) -> String {
        let chars = Array(alphabet)
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        var out = ""
        for _ in 0..<count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out.append(chars[Int((state >> 33) % UInt64(chars.count))])
        }
        return out
    }

    static let upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    static let base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    static var awsAccessKeyID: String { "AK" + "IA" + random(16, alphabet: upperDigits) }
    static var awsSecretKey: String { random(40, alphabet: base64, seed: 11) }
    static var githubPAT: String { "gh" + "p_" + random(36, seed: 3) }
    static var pemBody: String {
        (0..<5).map { random(64, alphabet: base64, seed: UInt64(20 + $0)) }.joined(separator: "\n")
    }

    static func pem(_ kind: String) -> String {
        "-----BEGIN \(kind)-----\n\(pemBody)\n-----END \(kind)-----\n"
    }
}
