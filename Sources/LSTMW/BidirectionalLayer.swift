/// A Keras `Bidirectional` wrapper: one recurrent layer reads the sequence forwards, a second
/// (same kind and sizes, its own weights) reads it backwards, and their outputs are merged.
///
/// With `returnSequences`, the backward layer's output sequence is put back in time order before
/// the merge, so row `t` of both halves belongs to input timestep `t`. Under a mask, the merged
/// output is zero at masked timesteps (Keras sets `zero_output_for_mask` on both directions).
public struct BidirectionalLayer: Sendable, Equatable {
    /// The wrapper's name in the Keras model.
    public var name: String
    /// How the two directions' outputs are combined.
    public var mergeMode: BidirectionalMergeMode
    /// The layer reading from the first timestep to the last: ``Layer/lstm(_:)``,
    /// ``Layer/gru(_:)`` or ``Layer/simpleRNN(_:)`` with `goBackwards == false`.
    public var forward: Layer
    /// The layer reading from the last timestep to the first: the same kind and sizes as
    /// ``forward``, with `goBackwards == true`.
    public var backward: Layer

    /// Creates a wrapper. ``ModelDescription/validate()`` checks that the two directions match.
    public init(name: String, mergeMode: BidirectionalMergeMode, forward: Layer, backward: Layer) {
        self.name = name
        self.mergeMode = mergeMode
        self.forward = forward
        self.backward = backward
    }

    /// Features per timestep of the input.
    public var inputSize: Int { forward.inputSize }

    /// The size of the merged output's last axis: twice the units for ``BidirectionalMergeMode/concat``.
    public var outputSize: Int { mergeMode == .concat ? 2 * forward.outputSize : forward.outputSize }

    /// Whether the output keeps the time axis.
    public var returnSequences: Bool { forward.returnSequences ?? false }

    /// The number of weights of both directions.
    public var parameterCount: Int { forward.parameterCount + backward.parameterCount }
}
