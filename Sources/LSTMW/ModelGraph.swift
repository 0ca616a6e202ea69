/// How the layers of a Keras Functional model that is not a single chain connect (format 1.3):
/// its named inputs, the tensors each layer is called on, and its outputs.
///
/// A ``ModelDescription`` without a graph is a chain: one input, each layer reading the previous
/// one's output. With a graph, ``ModelDescription/layers`` stay in an order where every layer
/// comes after the layers it reads, and ``layerInputs`` says what each reads.
///
/// ```swift
/// // encoder-decoder: the decoder LSTM starts from the encoder's final h and c
/// graph.layerInputs[decoderIndex] == [TensorReference("dec_in"), TensorReference("encoder", 1),
///                                     TensorReference("encoder", 2)]
/// ```
public struct ModelGraph: Sendable, Equatable {
    /// The model's inputs, in the Keras model's order.
    public var inputs: [GraphInput]
    /// For each layer of the description, in the same order, the tensors it is called on. A
    /// recurrent layer's first tensor is its sequence and any further ones its initial state
    /// (`h`, then `c` for an LSTM; for a Bidirectional wrapper the forward direction's, then the
    /// backward one's); a ``MergeLayer`` or ``ConcatenateLayer`` takes two or more; every other
    /// layer takes one.
    public var layerInputs: [[TensorReference]]
    /// The model's outputs, in the Keras model's order.
    public var outputs: [TensorReference]

    /// Creates a graph. ``ModelDescription/validate()`` checks it against the layers.
    public init(inputs: [GraphInput], layerInputs: [[TensorReference]], outputs: [TensorReference]) {
        self.inputs = inputs
        self.layerInputs = layerInputs
        self.outputs = outputs
    }
}

/// One input of a ``ModelGraph``: `[batch, time, features]` floats, or `[batch, time]` token ids
/// when it feeds an ``EmbeddingLayer``, or `[batch, features]` when ``isSequence`` is false.
public struct GraphInput: Sendable, Equatable {
    /// The Keras `Input`'s name, unique among the model's inputs and layers.
    public var name: String
    /// The size of the last axis; 1 for token ids.
    public var features: Int
    /// Whether the input has a time axis.
    public var isSequence: Bool
    /// The number of timesteps the Keras model was built for, or `nil` if it takes any length.
    public var timeSteps: Int?

    /// Creates an input.
    public init(name: String, features: Int, isSequence: Bool = true, timeSteps: Int? = nil) {
        self.name = name
        self.features = features
        self.isSequence = isSequence
        self.timeSteps = timeSteps
    }
}

/// A tensor of a ``ModelGraph``: a model input, or one output of a layer.
///
/// Most layers have one output, index 0. A recurrent layer called with Keras's `return_state`
/// also has its final state: index 1 is `h` and, for an LSTM, index 2 is `c`. A Bidirectional
/// wrapper's states follow its output, forward direction first (`h`, `c`, then the backward
/// `h`, `c`); with ``BidirectionalMergeMode/none`` its outputs 0 and 1 are the forward and the
/// backward sequence, and the states start at 2.
public struct TensorReference: Sendable, Hashable, CustomStringConvertible {
    /// The name of a ``GraphInput`` or of a layer.
    public var source: String
    /// Which of the source's outputs; 0 for an input.
    public var index: Int

    /// Creates a reference to output `index` of `source`.
    public init(_ source: String, _ index: Int = 0) {
        self.source = source
        self.index = index
    }

    /// `"encoder"` for index 0, else `"encoder:1"`.
    public var description: String { index == 0 ? source : "\(source):\(index)" }
}
