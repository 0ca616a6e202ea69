import LSTMW

/// One of the recurrent layers, behind one interface: what the masked and reversed runs and the
/// bidirectional wrapper need.
enum RecurrentCell: Sendable {
    case lstm(PackedLSTM)
    case gru(PackedGRU)
    case simpleRNN(PackedSimpleRNN)

    /// Packs a recurrent layer; `nil` for any other kind.
    init?(_ layer: Layer) {
        switch layer {
        case .lstm(let lstm): self = .lstm(PackedLSTM(lstm))
        case .gru(let gru): self = .gru(PackedGRU(gru))
        case .simpleRNN(let rnn): self = .simpleRNN(PackedSimpleRNN(rnn))
        default: return nil
        }
    }

    var inputSize: Int {
        switch self {
        case .lstm(let cell): cell.inputSize
        case .gru(let cell): cell.inputSize
        case .simpleRNN(let cell): cell.inputSize
        }
    }

    var units: Int {
        switch self {
        case .lstm(let cell): cell.units
        case .gru(let cell): cell.units
        case .simpleRNN(let cell): cell.units
        }
    }

    var returnSequences: Bool {
        switch self {
        case .lstm(let cell): cell.returnSequences
        case .gru(let cell): cell.returnSequences
        case .simpleRNN(let cell): cell.returnSequences
        }
    }

    /// Floats of state: `h`, and `c` for an LSTM.
    var stateCount: Int {
        if case .lstm(let cell) = self { return 2 * cell.units }
        return units
    }

    /// Floats of scratch ``step(_:state:scratch:isFirst:)`` needs.
    var stepScratch: Int {
        switch self {
        case .lstm(let cell): 4 * cell.units
        case .gru(let cell): cell.sessionScratch
        case .simpleRNN(let cell): cell.sessionScratch
        }
    }

    /// The widest row of floats the layer holds per timestep.
    var widestRow: Int {
        switch self {
        case .lstm(let cell): 4 * cell.units
        case .gru(let cell): cell.projectionWidth
        case .simpleRNN(let cell): cell.projectionWidth
        }
    }

    /// The whole-sequence run over `[batch, time, inputSize]`, from zero state, first timestep first.
    func forward(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int) -> [Float] {
        switch self {
        case .lstm(let cell): cell.forward(input, batch: batch, time: time)
        case .gru(let cell): cell.forwardRecurrent(input, batch: batch, time: time)
        case .simpleRNN(let cell): cell.forwardRecurrent(input, batch: batch, time: time)
        }
    }

    /// Advances one sequence's `state` (`h`, then `c` for an LSTM) by the timestep `x`; `h` is
    /// the first ``units`` floats of `state`. `isFirst` says the state is still zero.
    func step(_ x: UnsafePointer<Float>, state: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
              isFirst: Bool) {
        switch self {
        case .lstm(let cell): cell.step(x, h: state, c: state + cell.units, scratch: scratch, isFirst: isFirst)
        case .gru(let cell): cell.stepRecurrent(x, h: state, scratch: scratch, isFirst: isFirst)
        case .simpleRNN(let cell): cell.stepRecurrent(x, h: state, scratch: scratch, isFirst: isFirst)
        }
    }
}
