import LSTMW

extension PackedLayer {
    /// Runs a forward `.lstm`, `.gru` or `.simpleRNN` layer over `input` from `state` (zero when
    /// `nil`), with Keras's `go_backwards` (`reverse`) and masking rules; returns its output and
    /// the state it ends in.
    func run(_ input: [Float], batch: Int, time: Int, reverse: Bool, mask: [Bool]?, from state: RecurrentState? = nil,
             kernels: Kernels, threads: Int) -> RecurrentResult {
        let options = mask.map { RecurrentOptions(reverse: reverse, mask: $0, initialState: state) }
            ?? RecurrentOptions(reverse: reverse, initialState: state)
        switch self {
        case .lstm(let cell): return cell.run(input, batch: batch, time: time, options: options, kernels: kernels, threads: threads)
        case .gru(let cell): return cell.run(input, batch: batch, time: time, options: options, kernels: kernels, threads: threads)
        case .simpleRNN(let cell): return cell.run(input, batch: batch, time: time, options: options, kernels: kernels, threads: threads)
        default: preconditionFailure("not a recurrent layer")
        }
    }

    /// ``run(_:batch:time:reverse:mask:from:kernels:threads:)`` from zero state, the output alone.
    func runRecurrent(_ input: [Float], batch: Int, time: Int, reverse: Bool, mask: [Bool]?,
                      kernels: Kernels, threads: Int) -> [Float] {
        run(input, batch: batch, time: time, reverse: reverse, mask: mask, kernels: kernels, threads: threads).output
    }
}
