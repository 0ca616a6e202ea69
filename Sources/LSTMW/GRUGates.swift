/// The three GRU gates, in Keras's column-block order.
///
/// A Keras GRU `kernel` is `[input, 3 * units]`; its columns `k * units ..< (k + 1) * units`
/// belong to the gate whose ``index`` is `k`.
public enum GRUGate: String, Sendable, CaseIterable, Codable {
    /// Update gate `z = recurrent_activation(…)`.
    case update = "z"
    /// Reset gate `r = recurrent_activation(…)`.
    case reset = "r"
    /// Candidate state `hh = activation(…)`.
    case candidate = "h"

    /// The position of this gate's block in a Keras kernel, recurrent kernel or bias row.
    public var index: Int {
        switch self {
        case .update: 0
        case .reset: 1
        case .candidate: 2
        }
    }
}

/// One value per GRU gate: the kernel blocks, recurrent blocks or bias blocks of a layer.
public struct GRUGates<Value> {
    /// The update gate's value.
    public var update: Value
    /// The reset gate's value.
    public var reset: Value
    /// The candidate's value.
    public var candidate: Value

    /// Creates the set from one value per gate.
    public init(update: Value, reset: Value, candidate: Value) {
        self.update = update
        self.reset = reset
        self.candidate = candidate
    }

    /// Creates the set by computing each gate's value.
    public init(_ make: (GRUGate) throws -> Value) rethrows {
        self.init(update: try make(.update), reset: try make(.reset), candidate: try make(.candidate))
    }

    /// The value for `gate`.
    public subscript(gate: GRUGate) -> Value {
        get {
            switch gate {
            case .update: update
            case .reset: reset
            case .candidate: candidate
            }
        }
        set {
            switch gate {
            case .update: update = newValue
            case .reset: reset = newValue
            case .candidate: candidate = newValue
            }
        }
    }

    /// The values in Keras order: z, r, h.
    public var inKerasOrder: [Value] { GRUGate.allCases.map { self[$0] } }
}

extension GRUGates: Sendable where Value: Sendable {}
extension GRUGates: Equatable where Value: Equatable {}
