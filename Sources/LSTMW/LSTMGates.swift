/// The four LSTM gates, in Keras's column-block order.
///
/// A Keras LSTM `kernel` is `[input, 4 * units]`; its columns `k * units ..< (k + 1) * units`
/// belong to the gate whose ``index`` is `k`. ONNX (i, o, f, c) and PyTorch (i, f, g, o) order
/// them differently; the `.lstmw` format names every block, so no reader has to guess.
public enum LSTMGate: String, Sendable, CaseIterable, Codable {
    /// Input gate `i = recurrent_activation(z_i)`.
    case input = "i"
    /// Forget gate `f = recurrent_activation(z_f)`.
    case forget = "f"
    /// Cell candidate `c' = activation(z_c)`.
    case cell = "c"
    /// Output gate `o = recurrent_activation(z_o)`.
    case output = "o"

    /// The position of this gate's block in a Keras kernel, recurrent kernel or bias.
    public var index: Int {
        switch self {
        case .input: 0
        case .forget: 1
        case .cell: 2
        case .output: 3
        }
    }
}

/// One value per LSTM gate: the kernel blocks, recurrent blocks or bias blocks of a layer.
public struct LSTMGates<Value> {
    /// The input gate's value.
    public var input: Value
    /// The forget gate's value.
    public var forget: Value
    /// The cell candidate's value.
    public var cell: Value
    /// The output gate's value.
    public var output: Value

    /// Creates the set from one value per gate.
    public init(input: Value, forget: Value, cell: Value, output: Value) {
        self.input = input
        self.forget = forget
        self.cell = cell
        self.output = output
    }

    /// Creates the set by computing each gate's value.
    public init(_ make: (LSTMGate) throws -> Value) rethrows {
        self.init(input: try make(.input), forget: try make(.forget), cell: try make(.cell), output: try make(.output))
    }

    /// The value for `gate`.
    public subscript(gate: LSTMGate) -> Value {
        get {
            switch gate {
            case .input: input
            case .forget: forget
            case .cell: cell
            case .output: output
            }
        }
        set {
            switch gate {
            case .input: input = newValue
            case .forget: forget = newValue
            case .cell: cell = newValue
            case .output: output = newValue
            }
        }
    }

    /// The values in Keras order: i, f, c, o.
    public var inKerasOrder: [Value] { LSTMGate.allCases.map { self[$0] } }
}

extension LSTMGates: Sendable where Value: Sendable {}
extension LSTMGates: Equatable where Value: Equatable {}
