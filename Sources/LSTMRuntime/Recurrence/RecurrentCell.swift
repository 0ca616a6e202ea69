import LSTMW

/// One timestep's memory, as the recurrence hands it to a layer's ``RecurrentCell/advance(_:phase:blocks:kernels:)``.
struct StepBuffers {
    /// The batch rows advanced together.
    let rows: Int
    /// Each row's input projection with the bias (``PanelLayout/width`` floats), `projectionStride`
    /// apart. The layer may overwrite it.
    let projection: UnsafeMutablePointer<Float>
    let projectionStride: Int
    /// The state before the step, `[rows, paddedUnits]`.
    let hPrev: UnsafePointer<Float>
    /// The state after the step, `[rows, paddedUnits]`; the layer writes its blocks' units.
    let hNext: UnsafeMutablePointer<Float>
    /// An LSTM's cell state, `[rows, paddedUnits]`, updated in place; nil for other layers.
    let c: UnsafeMutablePointer<Float>?
    /// `[rows, scratchWidth]` floats of scratch.
    let scratch: UnsafeMutablePointer<Float>
    /// Per row, nonzero where the step counts (nil: every row counts). A row that does not count
    /// keeps its state: `hNext` gets `hPrev`, `c` stays.
    let keep: UnsafePointer<UInt8>?
    /// Whether `hPrev` is known to be zero (the first step without an initial state): the
    /// recurrent product is skipped, as it adds nothing.
    let zeroState: Bool
}

/// A recurrent layer in the runtime's layout: a timestep projects the input with one fused
/// kernel, then ``advance(_:phase:blocks:kernels:)`` combines that projection with the previous
/// state, block of 8 units by block.
///
/// A whole sequence (``RecurrentCell/forward(_:batch:time:options:kernels:threads:into:finalState:chunkFloats:)``)
/// and a session step both go through the same projection and `advance`, so they perform the
/// same floating-point operations.
protocol RecurrentCell: Sendable {
    /// Features per timestep of the input.
    var inputSize: Int { get }
    /// Units and gate blocks.
    var layout: PanelLayout { get }
    /// Whether the output is every timestep's `h` rather than the last one.
    var returnSequences: Bool { get }
    /// The fused input kernel as one `[inputSize, blockWidth]` panel per block.
    var kernel: [Float] { get }
    /// The fused bias, `[layout.width]`, or nil.
    var bias: [Float]? { get }
    /// Whether the layer has a cell state `c` besides `h` (an LSTM).
    var hasCellState: Bool { get }
    /// Floats of scratch per row that ``advance(_:phase:blocks:kernels:)`` needs.
    var scratchWidth: Int { get }
    /// The phases of a timestep: 1, or 2 when the second needs the whole of something the first
    /// computes block by block (a GRU applying its reset before the product).
    var phases: Int { get }

    /// Advances `step.rows` rows by phase `phase` of one timestep on unit blocks `blocks`. The
    /// blocks of a phase may run in any order and on any threads; a phase starts when the
    /// previous one has finished on every block.
    func advance(_ step: StepBuffers, phase: Int, blocks: Range<Int>, kernels: Kernels)
}

extension RecurrentCell {
    /// The size of the state `h` and of each output row.
    var units: Int { layout.units }

    /// `projection[r, blocks] = bias + x[r] · kernel` on the columns of `blocks`, for `rows` rows of
    /// `x` (`lda` apart, negative to read a sequence backwards).
    @inline(__always)
    func project(_ x: UnsafePointer<Float>, lda: Int, rows: Int, blocks: Range<Int>, kernels: Kernels,
                 into projection: UnsafeMutablePointer<Float>, ldp: Int) {
        kernel.withUnsafeBufferPointer { w in
            if let bias {
                bias.withUnsafeBufferPointer { b in
                    kernels.panels(rows: rows, blocks: blocks, width: layout.blockWidth, k: inputSize, x, ldh: lda,
                                   w.baseAddress!, into: projection, ldz: ldp, initial: b.baseAddress!, ldinit: 0)
                }
            } else {
                kernels.panels(rows: rows, blocks: blocks, width: layout.blockWidth, k: inputSize, x, ldh: lda,
                               w.baseAddress!, into: projection, ldz: ldp, initial: nil, ldinit: 0)
            }
        }
    }

    /// The threads worth using for `rows` rows: one unless a timestep's recurrent product is large
    /// enough (about 64 K multiply-adds) to pay for sharing each timestep between threads.
    func teamSize(rows: Int, threads: Int) -> Int {
        guard threads > 1, layout.blocks > 1 else { return 1 }
        let work = rows * units * layout.width
        return work >= 1 << 16 ? min(threads, layout.blocks) : 1
    }
}
