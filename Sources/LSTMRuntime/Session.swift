import FileIO
import LSTMW

extension Model {
    /// Makes a new streaming session over this model, at timestep 0 (every LSTM's `h` and `c`
    /// zero).
    ///
    /// Make one session per stream, such as per WebSocket connection or per sensor, and use it
    /// from one task at a time. The model itself stays shared: any number of sessions and
    /// ``predict(_:)-(Tensor)`` calls can run on it at once.
    ///
    /// ```swift
    /// let session = model.makeSession()
    /// for try await sample in samples {            // one [Float] of inputFeatures per timestep
    ///     let output = try session.step(sample)    // as predict on every sample so far
    /// }
    /// ```
    public func makeSession() -> Session {
        Session(model: self)
    }

    /// A stream being fed through a ``Model`` one timestep at a time, carrying each LSTM's state
    /// `h`, `c` from one ``step(_:)`` to the next.
    ///
    /// After `t + 1` steps with inputs `x[0]`, …, `x[t]`, ``step(_:)`` returns what
    /// ``Model/predict(_:)-(Tensor)`` would return for the one sequence `x[0...t]`: for a model whose
    /// output is a sequence, its row at timestep `t`; for a model whose last LSTM has
    /// `return_sequences=False`, its output for the whole prefix (the following Dense layers
    /// applied to the current `h`). The floating-point operations are the same as `predict`'s,
    /// in the same order, so the results are the same bits. Each step costs one timestep of
    /// work, however long the stream has run, where `predict` on the prefix would redo it all.
    ///
    /// A session owns preallocated scratch memory for every layer, so ``step(_:)`` allocates
    /// nothing but the array it returns.
    ///
    /// ## One session per stream, one task at a time
    ///
    /// A `Session` is a mutable reference type and deliberately not `Sendable`: it belongs to one
    /// stream and is used by one task at a time. It can be created in one task and handed to
    /// another, but never shared by two tasks at once. The ``model`` it runs is immutable and
    /// `Sendable`; share that instead, and make a session per stream with ``Model/makeSession()``,
    /// which is cheap (two small allocations: a few floats per unit, and a list of the layers).
    ///
    /// ```swift
    /// let session = model.makeSession()
    /// let first = try session.step([0.1, 0.2, 0.3, 0.4, 0.5])    // predict on x[0...0]
    /// let second = try session.step([0.5, 0.4, 0.3, 0.2, 0.1])   // predict on x[0...1]
    /// session.reset()                                             // a new stream, from zero state
    /// ```
    public final class Session {
        /// The model this session runs.
        public let model: Model
        /// The number of timesteps fed since the session was made or last ``reset()``.
        public private(set) var timeStepsSeen = 0

        /// One layer with the memory it writes: a recurrent layer's state and scratch; a Dense
        /// layer's output.
        private enum Stage {
            case lstm(PackedLSTM, RecurrentMemory)
            case gru(PackedGRU, RecurrentMemory)
            case simpleRNN(PackedSimpleRNN, RecurrentMemory)
            case dense(PackedDense, y: UnsafeMutablePointer<Float>)
            case embedding(PackedEmbedding, y: UnsafeMutablePointer<Float>)
            case masking(MaskingLayer, y: UnsafeMutablePointer<Float>)
            case activation(ActivationLayer, y: UnsafeMutablePointer<Float>)
            case normalization(PackedNormalization, features: Int, y: UnsafeMutablePointer<Float>)
        }

        private let stages: [Stage]
        /// Whether each stage's recurrent layer has taken an unmasked step, so its state may be nonzero.
        private var stepped: [Bool]
        /// Why the model cannot run one timestep at a time, if it cannot.
        private let unstreamable: String?
        /// All of the session's floats, in one allocation.
        private let memory: UnsafeMutablePointer<Float>
        private let memoryCount: Int
        /// The last stage's output, the model's output at the current timestep.
        private let output: UnsafePointer<Float>

        fileprivate init(model: Model) {
            self.model = model
            let count = model.packedLayers.reduce(0) { total, layer in
                total + (layer.recurrent.map(RecurrentMemory.floats(for:)) ?? layer.outputSize)
            }
            memoryCount = count
            memory = .allocate(capacity: max(memoryCount, 1))
            memory.initialize(repeating: 0, count: max(memoryCount, 1))
            var next = memory
            var stages: [Stage] = []
            var last = UnsafePointer(memory)
            for layer in model.packedLayers {
                if let cell = layer.recurrent {
                    let state = RecurrentMemory(cell, at: next)
                    next += RecurrentMemory.floats(for: cell)
                    last = UnsafePointer(state.h)
                    switch layer {
                    case .lstm(let lstm): stages.append(.lstm(lstm, state))
                    case .gru(let gru): stages.append(.gru(gru, state))
                    case .simpleRNN(let rnn): stages.append(.simpleRNN(rnn, state))
                    default: preconditionFailure("not a recurrent layer")
                    }
                    continue
                }
                switch layer {
                case .dense(let dense): stages.append(.dense(dense, y: next))
                case .embedding(let embedding): stages.append(.embedding(embedding, y: next))
                case .masking(let masking): stages.append(.masking(masking, y: next))
                case .activation(let activation): stages.append(.activation(activation, y: next))
                case .normalization(let normalization, let source):
                    stages.append(.normalization(normalization, features: source.outputSize, y: next))
                default: continue
                }
                last = UnsafePointer(next)
                next += layer.outputSize
            }
            self.stages = stages
            self.stepped = Array(repeating: false, count: stages.count)
            self.unstreamable = model.skeleton.graph != nil ? "it is a Functional graph (several inputs, outputs or branches)"
                : zip(model.packedLayers, model.skeleton.layers).first { packed, _ in
                switch packed {
                case .backwards, .bidirectional, .conv1D, .pooling1D, .globalPooling1D, .reshape, .repeatVector, .swapBatchTime: true
                default: false
                }
            }.map { packed, layer in
                if case .backwards = packed { return "layer \(layer.name.quotedForMessage) (\(layer.kerasClassName)) reads the sequence backwards" }
                if case .swapBatchTime = packed { return "layer \(layer.name.quotedForMessage) (\(layer.kerasClassName)) swaps the batch and time axes (time_major)" }
                return "layer \(layer.name.quotedForMessage) (\(layer.kerasClassName)) reads more than one timestep at a time"
            }
            self.output = last
        }

        deinit {
            memory.deinitialize(count: max(memoryCount, 1))
            memory.deallocate()
        }

        /// Feeds one timestep of one sequence and returns the model's output at that timestep.
        ///
        /// The result equals ``Model/predict(_:)-(Tensor)`` on the one sequence of every timestep fed so
        /// far (its last row, when the output is a sequence). A refused input leaves the session
        /// as it was.
        ///
        /// ```swift
        /// let probabilities = try session.step(sample)   // sample.count == model.inputFeatures
        /// ```
        ///
        /// - Parameter x: The timestep's features: `model.inputFeatures` finite floats.
        /// - Returns: `model.outputFeatures` floats.
        /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/inputShape`` if `x` has the
        ///   wrong number of features, or ``RuntimeError/Code/nonFiniteInput`` (naming the feature
        ///   and the timestep) if it holds a NaN or an infinity.
        public func step(_ x: [Float]) throws(RuntimeError) -> [Float] {
            if let unstreamable {
                throw RuntimeError(.unsupported, "the model cannot run one timestep at a time: \(unstreamable)")
            }
            let features = model.inputFeatures
            guard x.count == features else {
                throw .inputShape("step input has \(x.count) features, the model expects \(features)")
            }
            for f in 0..<features where !x[f].isFinite {
                throw RuntimeError(.nonFiniteInput,
                                   "step input holds \(x[f]) at feature \(f) (timestep \(timeStepsSeen) of the session)")
            }
            if case .embedding(let embedding, _) = stages.first {
                do {
                    try embedding.checkIDs(x, time: 1)
                } catch {
                    throw .inputShape("step input (timestep \(timeStepsSeen) of the session) holds token id \(x[0]); "
                                      + "embedding \(embedding.name.quotedForMessage) takes whole ids from 0 to \(embedding.inputDim - 1)")
                }
            }
            x.withUnsafeBufferPointer { buffer in run(buffer.baseAddress!) }
            timeStepsSeen += 1
            return Array(UnsafeBufferPointer(start: output, count: model.outputFeatures))
        }

        /// Runs every stage on one timestep. A masked timestep leaves each recurrent state as it
        /// was, so the layer's output repeats its previous one, as in a whole-sequence run.
        private func run(_ x: UnsafePointer<Float>) {
            let kernels = model.kernels
            var input = x
            var masked = false
            for (index, stage) in stages.enumerated() {
                switch stage {
                case .lstm(let layer, let state):
                    input = advance(layer, state, input, stage: index, masked: masked, kernels: kernels)
                    if !layer.returnSequences { masked = false }
                case .gru(let layer, let state):
                    input = advance(layer, state, input, stage: index, masked: masked, kernels: kernels)
                    if !layer.returnSequences { masked = false }
                case .simpleRNN(let layer, let state):
                    input = advance(layer, state, input, stage: index, masked: masked, kernels: kernels)
                    if !layer.returnSequences { masked = false }
                case .dense(let dense, let y):
                    dense.forward(input, rows: 1, into: y, kernels: kernels)
                    input = UnsafePointer(y)
                case .embedding(let embedding, let y):
                    let id = Int(input[0])
                    embedding.table.withUnsafeBufferPointer { table in
                        y.update(from: table.baseAddress! + id * embedding.outputDim, count: embedding.outputDim)
                    }
                    masked = embedding.maskZero && id == 0
                    input = UnsafePointer(y)
                case .masking(let masking, let y):
                    masked = !(0..<masking.features).contains { input[$0] != masking.maskValue }
                    for j in 0..<masking.features { y[j] = masked ? 0 : input[j] }
                    input = UnsafePointer(y)
                case .activation(let layer, let y):
                    y.update(from: input, count: layer.features)
                    if layer.activation == .softmax {
                        softmaxRows(y, rows: 1, width: layer.features)
                    } else {
                        kernels.activate(y, count: layer.features, layer.activation)
                    }
                    input = UnsafePointer(y)
                case .normalization(let normalization, let features, let y):
                    y.update(from: input, count: features)
                    normalization.apply(toRow: y, features: features)
                    input = UnsafePointer(y)
                }
            }
        }

        /// Steps one recurrent stage, unless the timestep is masked: then its state stays, and so
        /// does its output.
        private func advance<Cell: RecurrentCell>(_ cell: Cell, _ state: RecurrentMemory, _ input: UnsafePointer<Float>,
                                                  stage: Int, masked: Bool, kernels: Kernels) -> UnsafePointer<Float> {
            guard !masked else { return UnsafePointer(state.h) }
            defer { stepped[stage] = true }
            return state.step(cell, input, isFirst: !stepped[stage], kernels: kernels)
        }

        /// Starts a new stream: every LSTM's `h` and `c` back to zero and ``timeStepsSeen`` to 0,
        /// as if the session were new. Keeps the session's memory for reuse.
        ///
        /// ```swift
        /// session.reset()
        /// assert(session.timeStepsSeen == 0)
        /// ```
        public func reset() {
            memory.update(repeating: 0, count: memoryCount)
            stepped = Array(repeating: false, count: stages.count)
            timeStepsSeen = 0
        }
    }
}

/// A recurrent layer's memory in a session: its state, the next state, and scratch.
private struct RecurrentMemory {
    /// The state after the last step, `paddedUnits` floats: the layer's output.
    let h: UnsafeMutablePointer<Float>
    let hNext: UnsafeMutablePointer<Float>
    let c: UnsafeMutablePointer<Float>?
    let projection: UnsafeMutablePointer<Float>
    let scratch: UnsafeMutablePointer<Float>

    /// The floats a layer's memory takes.
    static func floats(for cell: any RecurrentCell) -> Int {
        let padded = cell.layout.paddedUnits
        return padded * (cell.hasCellState ? 3 : 2) + cell.layout.width + cell.scratchWidth
    }

    init(_ cell: any RecurrentCell, at memory: UnsafeMutablePointer<Float>) {
        let padded = cell.layout.paddedUnits
        h = memory
        hNext = memory + padded
        c = cell.hasCellState ? memory + 2 * padded : nil
        projection = memory + padded * (cell.hasCellState ? 3 : 2)
        scratch = projection + cell.layout.width
    }

    /// Advances the layer by one timestep given its input row `x`, with the same projection and
    /// `advance` as a whole-sequence run; returns the new state.
    func step<Cell: RecurrentCell>(_ cell: Cell, _ x: UnsafePointer<Float>, isFirst: Bool,
                                   kernels: Kernels) -> UnsafePointer<Float> {
        let blocks = 0..<cell.layout.blocks
        cell.project(x, lda: cell.inputSize, rows: 1, blocks: blocks, kernels: kernels, into: projection,
                     ldp: cell.layout.width)
        let buffers = StepBuffers(rows: 1, projection: projection, projectionStride: cell.layout.width,
                                  hPrev: h, hNext: hNext, c: c, scratch: scratch, keep: nil, zeroState: isFirst)
        for phase in 0..<cell.phases {
            cell.advance(buffers, phase: phase, blocks: blocks, kernels: kernels)
        }
        h.update(from: hNext, count: cell.layout.paddedUnits)
        return UnsafePointer(h)
    }
}

/// A session is used by one task at a time: share the ``Model`` and make a session per stream.
@available(*, unavailable, message: "a Session belongs to one stream: share the Model and make a session per task")
extension Model.Session: Sendable {}
