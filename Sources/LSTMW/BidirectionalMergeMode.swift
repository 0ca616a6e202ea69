/// How a ``BidirectionalLayer`` combines its forward output `f` and backward output `b`
/// (Keras's `merge_mode`).
public enum BidirectionalMergeMode: String, Sendable, CaseIterable {
    /// `[f, b]` along the last axis.
    case concat
    /// `f + b`.
    case sum
    /// `f * b`.
    case mul
    /// `(f + b) / 2`.
    case ave
    /// No merge (Keras's `None`): the layer has two outputs, `f` and `b`; only in a
    /// ``ModelGraph`` (format 1.3).
    case none
}
