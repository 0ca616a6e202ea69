extension Model {
    /// The threads a model uses by default: every processor this process may run on, up to 8.
    static let defaultThreads = min(Team.availableProcessors, 8)

    /// This model with at most `count` threads per call, sharing the same weights (no copy).
    ///
    /// A call to ``predict(_:)-(Tensor)`` splits a recurrent layer's units across threads only
    /// when a timestep has enough work to pay for sharing it (about 64 K multiply-adds: an LSTM of
    /// 128 units or more at batch 1); smaller layers, and ``Session`` steps, run on the calling
    /// thread. The helper threads come from one pool shared
    /// by all models; a call that finds it busy (another call is using it) runs on its own thread
    /// alone, so concurrent calls never wait for each other. Results do not depend on the number
    /// of threads.
    ///
    /// ```swift
    /// let model = try Model(contentsOf: url).withThreads(1)   // a server running one call per core
    /// ```
    ///
    /// - Parameter count: The most threads per call, at least 1; the default is the processors
    ///   available to the process, up to 8.
    public func withThreads(_ count: Int) -> Model {
        Model(sharing: self, kernels: kernels, threads: count)
    }

    /// This model with the given kernels, sharing the same weights: tests run both paths.
    func withKernels(_ path: KernelPath) -> Model {
        Model(sharing: self, kernels: Kernels(path: path), threads: threads)
    }

    /// The instruction set the model's kernels use: `"avx2+fma"` for the C kernels compiled for
    /// AVX2 and FMA (chosen when the CPU has them), or `"portable"` for the Swift kernels. Setting
    /// the environment variable `LSTM_RUNTIME_KERNELS=portable` before the first model loads
    /// forces the portable ones.
    public var kernel: String { kernels.path.rawValue }
}
