/// The JSON header of a `.lstmw` file: what the writer emits and what the reader decodes,
/// before any tensor data is read.
struct LSTMWHeader: Sendable, Equatable {
    /// The value of the `"format"` key.
    static let formatName = "lstmw"
    /// The only `"dtype"` v1 stores.
    static let dtype = "float32"
    /// The only `"gate_order"` v1 stores: Keras's column blocks.
    static let gateOrder = LSTMGate.allCases.map(\.rawValue)
    /// The only `"gate_order"` a GRU layer stores (since 1.1): Keras's column blocks.
    static let gruGateOrder = GRUGate.allCases.map(\.rawValue)

    /// The program that wrote the file.
    var producer: String
    /// Where the model came from.
    var source: ModelSource
    /// `input.features`.
    var inputFeatures: Int
    /// `input.time_steps`.
    var timeSteps: Int?
    /// The layers in execution order.
    var layers: [LayerRecord]
    /// `"test_vector"` (since 1.2), if the file has one.
    var testVector: TestVectorRecord? = nil
    /// `"inputs"` and `"outputs"` (since 1.3) for a model with a graph; each layer then has `"inbound"`.
    var graph: GraphRecord? = nil

    /// The model-level half of a ``ModelGraph``; the layers' halves are in their records.
    struct GraphRecord: Sendable, Equatable {
        /// The format version that introduced graphs.
        static let minimumMinorVersion = 3

        var inputs: [GraphInput]
        var outputs: [TensorReference]
    }

    /// One entry of `"layers"`.
    struct LayerRecord: Sendable, Equatable {
        /// What only one kind of layer has.
        indirect enum Kind: Sendable, Equatable {
            case lstm(recurrentActivation: Activation, returnSequences: Bool)
            case dense
            case gru(recurrentActivation: Activation, returnSequences: Bool, resetAfter: Bool)
            case simpleRNN(returnSequences: Bool)
            /// `layer` is the forward direction, without tensors; the backward one has the same
            /// attributes, `backwardName`, and `go_backwards`. The wrapper lists both directions'
            /// tensors, `forward/…` then `backward/…`.
            case bidirectional(mergeMode: BidirectionalMergeMode, layer: LayerRecord, backwardName: String)
            case embedding(inputDim: Int, maskZero: Bool)
            case masking(maskValue: Float)
            case activation
            case layerNormalization(epsilon: Float, scale: Bool)
            case batchNormalization(epsilon: Float, scale: Bool)
            case conv1D(kernelSize: Int, strides: Int, dilation: Int, padding: Conv1DLayer.Padding)
            case pooling1D(mode: Pooling1DLayer.Mode, poolSize: Int, strides: Int, padding: Pooling1DLayer.Padding)
            case globalPooling1D(mode: Pooling1DLayer.Mode)
            case flatten(timeSteps: Int)
            case reshape(inputShape: [Int], targetShape: [Int])
            case repeatVector(n: Int)
            case merge(mode: MergeLayer.Mode, inputCount: Int)
            case concatenate(inputSizes: [Int])
            case swapBatchTime
        }

        var kind: Kind
        var name: String
        var inputSize: Int
        /// The size of the last output axis: `"units"`.
        var units: Int
        /// `"activation"`; ``Activation/linear`` for kinds without the key.
        var activation: Activation
        /// `"use_bias"`, or `"center"` for the normalization layers; `false` for kinds without either.
        var useBias: Bool
        /// Whether a recurrent layer reads backwards: its type is `lstm_go_backwards`,
        /// `gru_go_backwards` or `simple_rnn_go_backwards` (format 1.2).
        var goBackwards = false
        /// `"stateful"` of a recurrent layer (format 1.3; written only when true).
        var stateful = false
        var tensors: [TensorRecord]
        /// `"inbound"` (format 1.3): what the layer reads, in a model with a graph.
        var inbound: [TensorReference]? = nil

        /// The header's `"type"` for this layer.
        var type: LSTMWFile.Directory.LayerType {
            switch kind {
            case .lstm: goBackwards ? .lstmGoBackwards : .lstm
            case .dense: .dense
            case .gru: goBackwards ? .gruGoBackwards : .gru
            case .simpleRNN: goBackwards ? .simpleRNNGoBackwards : .simpleRNN
            case .bidirectional: .bidirectional
            case .embedding: .embedding
            case .masking: .masking
            case .activation: .activation
            case .layerNormalization: .layerNormalization
            case .batchNormalization: .batchNormalization
            case .conv1D: .conv1D
            case .pooling1D: .pooling1D
            case .globalPooling1D: .globalPooling1D
            case .flatten: .flatten
            case .reshape: .reshape
            case .repeatVector: .repeatVector
            case .merge: .merge
            case .concatenate: .concatenate
            case .swapBatchTime: .swapBatchTime
            }
        }

        /// The lowest minor version of format 1 that has everything this record uses.
        var minimumMinorVersion: Int {
            var minor = max(type.minimumMinorVersion, activation.minimumMinorVersion, stateful ? 3 : 0)
            switch kind {
            case .lstm(let recurrent, _), .gru(let recurrent, _, _): minor = max(minor, recurrent.minimumMinorVersion)
            case .bidirectional(let mergeMode, let layer, _):
                minor = max(minor, layer.minimumMinorVersion, mergeMode == .none ? GraphRecord.minimumMinorVersion : 0)
            default: break
            }
            if inbound != nil { minor = max(minor, GraphRecord.minimumMinorVersion) }
            return minor
        }

        /// Whether the layer, or a bidirectional wrapper's layer, is stateful.
        var isStateful: Bool {
            if case .bidirectional(_, let layer, _) = kind { return layer.stateful }
            return stateful
        }

        /// The type of the recurrent cell: the layer's own type, or for a bidirectional wrapper its layer's.
        var cellType: LSTMWFile.Directory.LayerType {
            if case .bidirectional(_, let layer, _) = kind { return layer.type }
            return type.forwardType
        }

        /// The GRU's `reset_after` (also inside a bidirectional wrapper), `false` for other layers.
        var resetAfter: Bool {
            switch kind {
            case .gru(_, _, let resetAfter): resetAfter
            case .bidirectional(_, let layer, _): layer.resetAfter
            default: false
            }
        }

        /// The tensors a layer of this kind and these sizes must list, in order: for an LSTM
        /// `W_i W_f W_c W_o` `[input_size, units]`, `U_i … U_o` `[units, units]`, then `b_i … b_o`
        /// `[units]` if it has a bias; for a dense layer `kernel` `[input_size, units]`, then `bias`
        /// `[units]` if it has one; for a GRU `W_z W_r W_h`, `U_z U_r U_h`, then `b_z b_r b_h` if it
        /// has a bias and `rb_z rb_r rb_h` if it also has `reset_after`; for a SimpleRNN `W`, `U`,
        /// then `b` if it has a bias; for a bidirectional wrapper its layer's tensors prefixed
        /// `forward/`, then again prefixed `backward/`; for an embedding `embeddings`
        /// `[input_dim, units]`; for a normalization layer `gamma` if it scales and `beta` if it
        /// centers, `[units]`, then for batch normalization `moving_mean`, `moving_variance`.
        /// The tensors of an LSTM, dense, GRU or SimpleRNN layer of these sizes (see ``expectedTensors``).
        static func expectedTensors(type: LSTMWFile.Directory.LayerType, inputSize: Int, units: Int,
                                    useBias: Bool, resetAfter: Bool = false) -> [(name: String, shape: [Int])] {
            let kind: Kind = switch type {
            case .lstm: .lstm(recurrentActivation: .sigmoid, returnSequences: false)
            case .gru: .gru(recurrentActivation: .sigmoid, returnSequences: false, resetAfter: resetAfter)
            case .simpleRNN: .simpleRNN(returnSequences: false)
            default: .dense
            }
            return Self(kind: kind, name: "", inputSize: inputSize, units: units, activation: .linear,
                        useBias: useBias, tensors: []).expectedTensors
        }

        var expectedTensors: [(name: String, shape: [Int])] {
            let (inputSize, units, useBias) = (inputSize, units, useBias)
            switch kind {
            case .lstm:
                let gates = LSTMGate.allCases
                return gates.map { ("W_\($0.rawValue)", [inputSize, units]) }
                    + gates.map { ("U_\($0.rawValue)", [units, units]) }
                    + (useBias ? gates.map { ("b_\($0.rawValue)", [units]) } : [])
            case .dense:
                return [("kernel", [inputSize, units])] + (useBias ? [("bias", [units])] : [])
            case .gru(_, _, let resetAfter):
                let gates = GRUGate.allCases
                return gates.map { ("W_\($0.rawValue)", [inputSize, units]) }
                    + gates.map { ("U_\($0.rawValue)", [units, units]) }
                    + (useBias ? gates.map { ("b_\($0.rawValue)", [units]) } : [])
                    + (useBias && resetAfter ? gates.map { ("rb_\($0.rawValue)", [units]) } : [])
            case .simpleRNN:
                return [("W", [inputSize, units]), ("U", [units, units])] + (useBias ? [("b", [units])] : [])
            case .bidirectional(_, let layer, _):
                let inner = layer.expectedTensors
                return inner.map { ("forward/\($0.name)", $0.shape) } + inner.map { ("backward/\($0.name)", $0.shape) }
            case .embedding(let inputDim, _):
                return [("embeddings", [inputDim, units])]
            case .conv1D(let kernelSize, _, _, _):
                return [("kernel", [kernelSize, inputSize, units])] + (useBias ? [("bias", [units])] : [])
            case .masking, .activation, .pooling1D, .globalPooling1D, .flatten, .reshape, .repeatVector, .merge, .concatenate,
                 .swapBatchTime:
                return []
            case .layerNormalization(_, let scale):
                return (scale ? [("gamma", [units])] : []) + (useBias ? [("beta", [units])] : [])
            case .batchNormalization(_, let scale):
                return (scale ? [("gamma", [units])] : []) + (useBias ? [("beta", [units])] : [])
                    + [("moving_mean", [units]), ("moving_variance", [units])]
            }
        }
    }

    /// One entry of a layer's `"tensors"`.
    struct TensorRecord: Sendable, Equatable {
        var name: String
        var shape: [Int]
        /// Relative to the start of the data section.
        var offset: Int
        var byteLength: Int
    }
}
