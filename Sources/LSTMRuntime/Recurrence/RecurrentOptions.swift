/// How to run a recurrent layer over a sequence: the options Keras's `go_backwards`, masking and
/// `initial_state` give. The default runs forwards from a zero state with every step counted.
///
/// Internal for now; bidirectional layers, masking and stateful models build on it.
struct RecurrentOptions {
    /// Process the timesteps from last to first. Outputs are stored in processing order, as
    /// Keras's `go_backwards` does: output `s` is the state after the `s + 1`-th processed step,
    /// which consumed input `time - 1 - s`.
    var reverse = false
    /// `[batch, time]` flags in input order, nonzero where a step counts. At a masked step the
    /// state (`h`, and `c` for an LSTM) carries over unchanged and the output repeats the
    /// previous output, which is zero before the first counted step even with an initial state.
    var mask: [UInt8]? = nil
    /// The state before the first step, `[batch, units]` each; zero when nil.
    var initialState: RecurrentState? = nil

    init(reverse: Bool = false, mask: [UInt8]? = nil, initialState: RecurrentState? = nil) {
        self.reverse = reverse
        self.mask = mask
        self.initialState = initialState
    }

    /// Options with a Boolean mask, `[batch, time]` in input order.
    init(reverse: Bool = false, mask: [Bool], initialState: RecurrentState? = nil) {
        self.init(reverse: reverse, mask: mask.map { $0 ? 1 : 0 }, initialState: initialState)
    }
}

/// A recurrent layer's state for a batch: `h` (`[batch, units]`), and `c` for an LSTM.
struct RecurrentState: Equatable {
    var h: [Float]
    var c: [Float]?
}

/// What running a recurrent layer over a sequence gives.
struct RecurrentResult {
    /// `[batch, time, units]` in processing order if the layer returns sequences, else
    /// `[batch, units]`, the last output.
    var output: [Float]
    /// The state after the last step (for masked rows, after the last counted step).
    var state: RecurrentState
}
