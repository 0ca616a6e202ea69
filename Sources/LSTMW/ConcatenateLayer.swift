/// A Keras `Concatenate` layer on the last axis (format 1.3): two or more tensors with the same
/// leading axes joined feature by feature, in the order they are given.
///
/// The output's mask (when one reaches it) keeps a timestep only where every masked input keeps it.
public struct ConcatenateLayer: Sendable, Equatable {
    /// The layer's name in the Keras model.
    public var name: String
    /// The size of each input's last axis, in order.
    public var inputSizes: [Int]

    /// Creates a layer.
    public init(name: String, inputSizes: [Int]) {
        self.name = name
        self.inputSizes = inputSizes
    }

    /// The size of the output's last axis: the sum of ``inputSizes`` (`Int.max` if it overflows).
    public var outputSize: Int {
        inputSizes.reduce(0) { sum, size in
            let (total, overflow) = sum.addingReportingOverflow(size)
            return overflow ? Int.max : total
        }
    }
}
