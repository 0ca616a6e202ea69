extension LSTMWFile {
    /// A validated table of contents of a `.lstmw` file: its version, provenance, and where each
    /// layer's tensors lie in the file.
    ///
    /// ``LSTMWFile/inspect(_:limits:)`` returns one only for a file that
    /// ``LSTMWFile/decode(_:limits:)`` would accept, so every offset in it can be trusted.
    ///
    /// ```swift
    /// let directory = try LSTMWFile.inspect(bytes)
    /// for layer in directory.layers {
    ///     for tensor in layer.tensors {
    ///         print("\(layer.name)/\(tensor.name) \(tensor.shape) at \(tensor.offset), \(tensor.byteLength) bytes")
    ///     }
    /// }
    /// ```
    public struct Directory: Sendable, Equatable {
        /// The file's format version, `major.minor`.
        public var version: Version
        /// The program that wrote the file, as it recorded itself.
        public var producer: String
        /// Where the model came from.
        public var source: ModelSource
        /// Features per timestep of the model's input.
        public var inputFeatures: Int
        /// The number of timesteps the model was built for, or `nil` if it takes any length.
        public var timeSteps: Int?
        /// The file's total length in bytes.
        public var fileLength: Int
        /// The bytes of the JSON header, as absolute file offsets.
        public var headerRange: Range<Int>
        /// The bytes of the data section, as absolute file offsets.
        public var dataRange: Range<Int>
        /// The stored CRC-32 of the header bytes.
        public var headerChecksum: UInt32
        /// The stored CRC-32 of the data section.
        public var dataChecksum: UInt32
        /// The layers, in execution order.
        public var layers: [LayerEntry]
        /// Where the test vector's tensors are (format 1.2), or `nil` if the file has none.
        public var testVector: TestVectorEntry? = nil

        /// The tensors of a test vector.
        public struct TestVectorEntry: Sendable, Equatable {
            /// One tensor per model input (format 1.3 graphs may have several).
            public var inputs: [TensorEntry]
            /// The outputs Keras computed for them, one per model output.
            public var expectedOutputs: [TensorEntry]
            /// The (first) input, `[batch, time, features]`.
            public var input: TensorEntry { inputs[0] }
            /// The output Keras computed for it (the first output).
            public var expectedOutput: TensorEntry { expectedOutputs[0] }
        }

        /// A format version.
        public struct Version: Sendable, Equatable, Hashable, CustomStringConvertible {
            /// The major version; readers refuse majors they do not know.
            public var major: Int
            /// The minor version; readers accept any minor of a major they know.
            public var minor: Int
            /// Creates a version.
            public init(major: Int, minor: Int) {
                self.major = major
                self.minor = minor
            }
            /// `"major.minor"`, such as `"1.0"`.
            public var description: String { "\(major).\(minor)" }
        }

        /// The kind of a layer, as the header's `"type"` key names it.
        public enum LayerType: String, Sendable, Equatable, CaseIterable {
            /// An ``LSTMLayer``.
            case lstm
            /// A ``DenseLayer``.
            case dense
            /// A ``GRULayer`` (format 1.1).
            case gru
            /// A ``SimpleRNNLayer`` (format 1.1).
            case simpleRNN = "simple_rnn"
            /// An ``LSTMLayer`` with `goBackwards` (format 1.2: a type of its own, so that an older
            /// reader refuses it instead of reading it forwards).
            case lstmGoBackwards = "lstm_go_backwards"
            /// A ``GRULayer`` with `goBackwards` (format 1.2).
            case gruGoBackwards = "gru_go_backwards"
            /// A ``SimpleRNNLayer`` with `goBackwards` (format 1.2).
            case simpleRNNGoBackwards = "simple_rnn_go_backwards"
            /// A ``BidirectionalLayer`` (format 1.2).
            case bidirectional
            /// An ``EmbeddingLayer`` (format 1.2).
            case embedding
            /// A ``MaskingLayer`` (format 1.2).
            case masking
            /// An ``ActivationLayer`` (format 1.2).
            case activation
            /// A ``LayerNormalizationLayer`` (format 1.2).
            case layerNormalization = "layer_normalization"
            /// A ``BatchNormalizationLayer`` (format 1.2).
            case batchNormalization = "batch_normalization"
            /// A ``Conv1DLayer`` (format 1.2).
            case conv1D = "conv1d"
            /// A ``Pooling1DLayer`` (format 1.2).
            case pooling1D = "pooling1d"
            /// A ``GlobalPooling1DLayer`` (format 1.2).
            case globalPooling1D = "global_pooling1d"
            /// A ``FlattenLayer`` (format 1.2).
            case flatten
            /// A ``ReshapeLayer`` (format 1.2).
            case reshape
            /// A ``RepeatVectorLayer`` (format 1.2).
            case repeatVector = "repeat_vector"
            /// A ``MergeLayer`` (format 1.3).
            case merge
            /// A ``ConcatenateLayer`` (format 1.3).
            case concatenate
            /// A ``SwapBatchTimeLayer`` (format 1.3).
            case swapBatchTime = "swap_batch_time"

            /// The type of the same layer reading forwards: `lstm` for `lstm_go_backwards`, itself otherwise.
            public var forwardType: LayerType {
                switch self {
                case .lstmGoBackwards: .lstm
                case .gruGoBackwards: .gru
                case .simpleRNNGoBackwards: .simpleRNN
                default: self
                }
            }

            /// The lowest minor version of format 1 that has this layer type.
            public var minimumMinorVersion: Int {
                switch self {
                case .lstm, .dense: 0
                case .gru, .simpleRNN: 1
                case .merge, .concatenate: 3
                case .swapBatchTime: 3
                default: 2
                }
            }
        }

        /// One layer: its kind, sizes and tensors.
        public struct LayerEntry: Sendable, Equatable {
            /// The layer's kind.
            public var type: LayerType
            /// The layer's name in the Keras model.
            public var name: String
            /// The size of the last input axis.
            public var inputSize: Int
            /// The number of units (outputs).
            public var units: Int
            /// The layer's tensors, in the order the header lists them.
            public var tensors: [TensorEntry]
        }

        /// One tensor: its name, shape and where its bytes are.
        public struct TensorEntry: Sendable, Equatable {
            /// The name within its layer: `W_i` … `U_o`, `b_i` … `b_o` for an LSTM,
            /// `kernel` and `bias` for a dense layer, `W_z` … `rb_h` for a GRU, `W`, `U`, `b` for a
            /// SimpleRNN, those prefixed `forward/` or `backward/` in a bidirectional wrapper.
            public var name: String
            /// The LSTM gate the tensor belongs to, or `nil` for other layers' tensors.
            public var gate: LSTMGate?
            /// The GRU gate the tensor belongs to, or `nil` for other layers' tensors.
            public var gruGate: GRUGate? = nil
            /// The extent of each axis, outermost first; the data is row-major float32.
            public var shape: [Int]
            /// The absolute file offset of the first byte, a multiple of 64.
            public var offset: Int
            /// The number of bytes: 4 per element.
            public var byteLength: Int

            /// The bytes of the tensor, as absolute file offsets.
            public var byteRange: Range<Int> { offset..<(offset + byteLength) }
            /// The number of float32 elements.
            public var elementCount: Int { byteLength / 4 }
        }
    }
}
