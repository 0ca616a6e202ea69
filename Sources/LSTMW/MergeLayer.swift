/// A Keras merge layer of a Functional model (format 1.3): `Add`, `Subtract`, `Multiply`,
/// `Average`, `Maximum` or `Minimum` of two or more tensors of one shape, element by element.
///
/// The output's mask (when one reaches it) keeps a timestep only where every masked input keeps it.
public struct MergeLayer: Sendable, Equatable {
    /// What a merge layer computes.
    public enum Mode: String, Sendable, CaseIterable {
        /// The sum of the inputs (Keras `Add`).
        case add
        /// The first input minus the second (Keras `Subtract`; exactly two inputs).
        case subtract
        /// The product of the inputs (Keras `Multiply`).
        case multiply
        /// The mean of the inputs (Keras `Average`).
        case average
        /// The largest input (Keras `Maximum`).
        case maximum
        /// The smallest input (Keras `Minimum`).
        case minimum

        /// The Keras class name.
        public var kerasClassName: String {
            switch self {
            case .add: "Add"
            case .subtract: "Subtract"
            case .multiply: "Multiply"
            case .average: "Average"
            case .maximum: "Maximum"
            case .minimum: "Minimum"
            }
        }
    }

    /// The layer's name in the Keras model.
    public var name: String
    /// What the layer computes.
    public var mode: Mode
    /// The size of the last axis of every input and of the output.
    public var features: Int
    /// How many tensors the layer merges (2 or more; exactly 2 for ``Mode/subtract``).
    public var inputCount: Int

    /// Creates a layer.
    public init(name: String, mode: Mode, features: Int, inputCount: Int) {
        self.name = name
        self.mode = mode
        self.features = features
        self.inputCount = inputCount
    }
}
