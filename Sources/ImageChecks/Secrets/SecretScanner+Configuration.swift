public import Foundation

extension SecretScanner {
    /// What a ``SecretScanner`` looks for and what it skips.
    public struct Configuration: Sendable {
        /// The rules, in precedence order. Default: ``SecretRules/builtin``.
        public var rules: [SecretRule]
        /// The allow rules. Default: ``SecretAllowRules/builtin``.
        public var allowRules: [SecretAllowRule]
        /// Files larger than this many bytes are skipped. Default: 10 MiB, as trivy.
        public var maximumFileSize: Int
        /// Whether single-line rules run only on the lines holding their
        /// keywords (default) instead of the whole file. The results are the
        /// same; off is for differential tests.
        public var lineScoping: Bool = true

        /// The default maximum file size, 10 MiB.
        public static let defaultMaximumFileSize = 10 * 1024 * 1024

        /// The built-in rules and allow rules with a 10 MiB size limit.
        public static var `default`: Configuration { Configuration() }

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - rules: The rules, in precedence order.
        ///   - allowRules: The allow rules.
        ///   - maximumFileSize: The largest file scanned, in bytes.
        public init(
            rules: [SecretRule] = SecretRules.builtin,
            allowRules: [SecretAllowRule] = SecretAllowRules.builtin,
            maximumFileSize: Int = Configuration.defaultMaximumFileSize
        ) {
            self.rules = rules
            self.allowRules = allowRules
            self.maximumFileSize = maximumFileSize
        }

        /// Applies a JSON configuration file (see ``SecretConfigFile``) on top
        /// of `base`.
        ///
        /// - Parameters:
        ///   - configFile: The file's content.
        ///   - fileName: The name used in error messages.
        ///   - base: The configuration to start from.
        /// - Throws: ``SecretConfigurationError`` naming the file and line.
        public init(configFile: Data, fileName: String, base: Configuration = .default) throws(SecretConfigurationError) {
            self = try SecretConfigFile(parsing: configFile, fileName: fileName).applied(to: base)
        }

        /// Reads and applies a JSON configuration file.
        ///
        /// - Parameters:
        ///   - url: The file to read.
        ///   - base: The configuration to start from.
        /// - Throws: ``SecretConfigurationError`` naming the file and line.
        public init(contentsOf url: URL, base: Configuration = .default) throws(SecretConfigurationError) {
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw SecretConfigurationError(.unreadableFile, "cannot read the secret configuration", fileName: url.path)
            }
            try self.init(configFile: data, fileName: url.path, base: base)
        }
    }
}
