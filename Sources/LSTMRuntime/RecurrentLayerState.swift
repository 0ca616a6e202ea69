import LSTMW

/// The state one stateful recurrent layer carries from one chunk to the next in a
/// ``Model/StatefulSession``: what Keras keeps in the layer's `states` variables.
///
/// A Bidirectional wrapper has two entries, one per direction, named like Keras's own
/// `forward_…` and `backward_…` layers; each direction carries its own state, the backward one
/// the state it had after reading the previous chunk from its last timestep to its first.
///
/// ```swift
/// let session = try model.makeStatefulSession(batchSize: 2)
/// _ = try session.predict(chunk)
/// for state in session.states {
///     print(state.layerName, state.h.shape)      // lstm [2, 4]
/// }
/// ```
public struct RecurrentLayerState: Sendable, Equatable {
    /// The recurrent layer's name: the Keras layer's, or a Bidirectional direction's
    /// (`forward_lstm`, `backward_lstm`).
    public var layerName: String
    /// The hidden state `h`, `[batchSize, units]`: row `b` belongs to batch row `b` of the chunks.
    public var h: Tensor
    /// The cell state `c` of an LSTM, `[batchSize, units]`; `nil` for a GRU or SimpleRNN.
    public var c: Tensor?

    /// Creates a state, for ``Model/StatefulSession/setState(_:)``.
    ///
    /// - Parameters:
    ///   - layerName: The recurrent layer (or Bidirectional direction) it belongs to.
    ///   - h: `[batchSize, units]`.
    ///   - c: `[batchSize, units]` for an LSTM, else `nil`.
    public init(layerName: String, h: Tensor, c: Tensor? = nil) {
        self.layerName = layerName
        self.h = h
        self.c = c
    }
}
