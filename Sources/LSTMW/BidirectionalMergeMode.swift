/// How a ``BidirectionalLayer`` combines its forward output `f` and backward output `b`
/// (Keras's `merge_mode`; `None`, which returns both tensors, is not supported).
public enum BidirectionalMergeMode: String, Sendable, CaseIterable {
    /// `[f, b]` along the last axis.
    case concat
    /// `f + b`.
    case sum
    /// `f * b`.
    case mul
    /// `(f + b) / 2`.
    case ave
}
