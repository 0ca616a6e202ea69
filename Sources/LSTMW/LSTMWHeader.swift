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

    /// One entry of `"layers"`.
    struct LayerRecord: Sendable, Equatable {
        /// What only one kind of layer has.
        enum Kind: Sendable, Equatable {
            case lstm(recurrentActivation: Activation, returnSequences: Bool)
            case dense
            case gru(recurrentActivation: Activation, returnSequences: Bool, resetAfter: Bool)
            case simpleRNN(returnSequences: Bool)
        }

        var kind: Kind
        var name: String
        var inputSize: Int
        var units: Int
        var activation: Activation
        var useBias: Bool
        var tensors: [TensorRecord]

        /// The header's `"type"` for this layer.
        var type: LSTMWFile.Directory.LayerType {
            switch kind {
            case .lstm: .lstm
            case .dense: .dense
            case .gru: .gru
            case .simpleRNN: .simpleRNN
            }
        }

        /// The GRU's `reset_after`, `false` for other layers.
        var resetAfter: Bool {
            if case .gru(_, _, let resetAfter) = kind { return resetAfter }
            return false
        }

        /// The tensors a layer of this kind and these sizes must list, in order.
        var expectedTensors: [(name: String, shape: [Int])] {
            Self.expectedTensors(type: type, inputSize: inputSize, units: units, useBias: useBias, resetAfter: resetAfter)
        }

        /// The tensors a layer must list, in order: for an LSTM `W_i W_f W_c W_o` `[input_size, units]`,
        /// `U_i … U_o` `[units, units]`, then `b_i … b_o` `[units]` if it has a bias; for a dense
        /// layer `kernel` `[input_size, units]`, then `bias` `[units]` if it has one; for a GRU
        /// `W_z W_r W_h`, `U_z U_r U_h`, then `b_z b_r b_h` if it has a bias and `rb_z rb_r rb_h`
        /// if it also has `reset_after`; for a SimpleRNN `W`, `U`, then `b` if it has a bias.
        static func expectedTensors(type: LSTMWFile.Directory.LayerType, inputSize: Int, units: Int,
                                    useBias: Bool, resetAfter: Bool = false) -> [(name: String, shape: [Int])] {
            switch type {
            case .lstm:
                let gates = LSTMGate.allCases
                return gates.map { ("W_\($0.rawValue)", [inputSize, units]) }
                    + gates.map { ("U_\($0.rawValue)", [units, units]) }
                    + (useBias ? gates.map { ("b_\($0.rawValue)", [units]) } : [])
            case .dense:
                return [("kernel", [inputSize, units])] + (useBias ? [("bias", [units])] : [])
            case .gru:
                let gates = GRUGate.allCases
                return gates.map { ("W_\($0.rawValue)", [inputSize, units]) }
                    + gates.map { ("U_\($0.rawValue)", [units, units]) }
                    + (useBias ? gates.map { ("b_\($0.rawValue)", [units]) } : [])
                    + (useBias && resetAfter ? gates.map { ("rb_\($0.rawValue)", [units]) } : [])
            case .simpleRNN:
                return [("W", [inputSize, units]), ("U", [units, units])] + (useBias ? [("b", [units])] : [])
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
