extension ImageConfigChecks {
    /// Thresholds and selection for a run of the checks. Every value has a documented default.
    public struct Configuration: Sendable, Hashable {
        /// PAL-IMG-013 fires above this many layers (default 50: well under the overlay limit of ~125, well
        /// over what a tidy build needs).
        public var maximumLayers: Int
        /// PAL-IMG-014 fires when the bytes deleted or replaced by later layers reach this (default 20 MiB,
        /// dive's `highestWastedBytes`).
        public var wastedBytesThreshold: Int64
        /// PAL-IMG-010 fires for a cache directory holding at least this many bytes (default 4 KiB: lock files
        /// and empty directories left by a proper clean-up stay under it).
        public var cacheBytesThreshold: Int64
        /// Checks that list paths give one finding per path up to this many, then one summary finding (default 20).
        public var maximumListedPaths: Int
        /// Check ids not to run.
        public var disabledChecks: Set<String>
        /// Findings below this severity are dropped (default LOW: keep all).
        public var minimumSeverity: ImageConfigSeverity

        /// Creates a configuration.
        /// - Parameters:
        ///   - maximumLayers: Layer count above which PAL-IMG-013 fires.
        ///   - wastedBytesThreshold: Hidden bytes from which PAL-IMG-014 fires.
        ///   - cacheBytesThreshold: Cache bytes from which PAL-IMG-010 fires.
        ///   - maximumListedPaths: Paths listed one by one before a summary finding.
        ///   - disabledChecks: Check ids not to run.
        ///   - minimumSeverity: The lowest severity reported.
        public init(maximumLayers: Int = 50, wastedBytesThreshold: Int64 = 20 << 20, cacheBytesThreshold: Int64 = 4096,
                    maximumListedPaths: Int = 20, disabledChecks: Set<String> = [], minimumSeverity: ImageConfigSeverity = .low) {
            self.maximumLayers = maximumLayers
            self.wastedBytesThreshold = wastedBytesThreshold
            self.cacheBytesThreshold = cacheBytesThreshold
            self.maximumListedPaths = maximumListedPaths
            self.disabledChecks = disabledChecks
            self.minimumSeverity = minimumSeverity
        }

        func isEnabled(_ check: ImageConfigCheck) -> Bool { !disabledChecks.contains(check.id) }
    }
}
