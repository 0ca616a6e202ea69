extension LSTMWFile {
    /// Bounds a reader enforces before it trusts or allocates anything a file declares.
    ///
    /// A file that declares more than a limit is refused with
    /// ``LSTMWError/Code/limitExceeded``. The defaults fit any LSTM a Keras user is likely to
    /// train; raise a field to read something bigger.
    ///
    /// ```swift
    /// var limits = LSTMWFile.Limits.default
    /// limits.maxFileBytes = 16 << 30   // allow files up to 16 GiB
    /// let model = try LSTMWFile.read(contentsOf: url, limits: limits)
    /// ```
    public struct Limits: Sendable, Equatable {
        /// The largest JSON header accepted, in bytes. Default 1 MiB.
        public var maxHeaderBytes: Int
        /// The largest file accepted, in bytes. Default 4 GiB.
        public var maxFileBytes: Int
        /// The most elements one tensor may have. Default 2^28 (1 GiB of float32).
        public var maxTensorElements: Int
        /// The most layers a model may have. Default 1024.
        public var maxLayers: Int

        /// Creates limits; every argument defaults to the value of ``default``.
        public init(
            maxHeaderBytes: Int = 1 << 20,
            maxFileBytes: Int = Int(clamping: UInt64(1) << 32),
            maxTensorElements: Int = 1 << 28,
            maxLayers: Int = 1024
        ) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxFileBytes = maxFileBytes
            self.maxTensorElements = maxTensorElements
            self.maxLayers = maxLayers
        }

        /// 1 MiB of header, 4 GiB of file, 2^28 elements per tensor, 1024 layers.
        public static let `default` = Limits()
    }
}

extension LSTMWFile.Limits {
    /// Whether `value` is at most `limit`, treating a negative limit as zero.
    static func allows(_ value: UInt64, upTo limit: Int) -> Bool {
        value <= UInt64(max(limit, 0))
    }
}
