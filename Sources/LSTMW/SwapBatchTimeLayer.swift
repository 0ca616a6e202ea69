/// Swaps the batch and time axes of a sequence: `[batch, time, features]` becomes
/// `[time, batch, features]` (format 1.3).
///
/// Keras 2's `time_major=True` recurrent layers read their input `[N, T, F]` as
/// `[time, batch, features]`: the recurrence runs along the first axis. The converter represents
/// such a layer as the same layer reading forwards between two of these swaps (one swap before
/// it when it returns a vector, whose output then has `T` rows). Unlike every other layer, it
/// mixes the batch rows: ``ModelDescription/validate()`` allows it only right before a recurrent
/// layer, and right after one that returns sequences.
public struct SwapBatchTimeLayer: Sendable, Equatable {
    /// The layer's name: the time-major Keras layer's, followed by `:time_major_input` or
    /// `:time_major_output`.
    public var name: String
    /// Features per timestep, in and out.
    public var features: Int

    /// Creates a layer.
    public init(name: String, features: Int) {
        self.name = name
        self.features = features
    }
}
