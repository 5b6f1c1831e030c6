public import Foundation

/// PEM blocks (RFC 7468): `-----BEGIN LABEL-----`, base64 lines, `-----END LABEL-----`.
public enum PEM {
    /// Encodes bytes as a PEM block with 64-character lines.
    public static func encode(_ data: Data, label: String) -> String {
        let base64 = data.base64EncodedString()
        var lines: [Substring] = []
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(base64[index..<end])
            index = end
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }

    /// Decodes the first PEM block; returns its label and bytes.
    /// - Throws: ``SigningError/Code-swift.struct/malformedKey`` when there is no well-formed block.
    public static func decode(_ text: String, what: String) throws -> (label: String, data: Data) {
        guard text.utf8.count < 1 << 20 else { throw SigningError(.malformedKey, "\(what): larger than 1 MiB, not a key file") }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") }) else {
            throw SigningError(.malformedKey, "\(what): no PEM block (-----BEGIN ...-----)")
        }
        let label = String(lines[begin].dropFirst(11).dropLast(5))
        guard let end = lines[(begin + 1)...].firstIndex(of: "-----END \(label)-----") else {
            throw SigningError(.malformedKey, "\(what): the \(label) block has no END line")
        }
        let body = lines[(begin + 1)..<end].joined()
        guard let data = Data(base64Encoded: body), !data.isEmpty else {
            throw SigningError(.malformedKey, "\(what): the \(label) block is not valid base64")
        }
        return (label, data)
    }
}
