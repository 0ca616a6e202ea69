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

        /// One layer with the memory it writes: a recurrent layer's state (`h`, then `c` for an
        /// LSTM), whose first floats are its output; any other layer's output.
        private enum Stage {
            case recurrent(RecurrentCell, state: UnsafeMutablePointer<Float>)
            case dense(PackedDense, y: UnsafeMutablePointer<Float>)
            case embedding(PackedEmbedding, y: UnsafeMutablePointer<Float>)
            case masking(MaskingLayer, y: UnsafeMutablePointer<Float>)
            case activation(ActivationLayer, y: UnsafeMutablePointer<Float>)
            case normalization(PackedNormalization, features: Int, y: UnsafeMutablePointer<Float>)
        }

        private let stages: [Stage]
        /// Whether each stage's recurrent layer has taken an unmasked step, so its state is no longer zero.
        private var stepped: [Bool]
        /// All of the session's floats, in one allocation: the stages' memory, then `z`.
        private let memory: UnsafeMutablePointer<Float>
        private let memoryCount: Int
        /// The recurrent layers' scratch: `4 * units` of the widest LSTM, or a GRU's or SimpleRNN's
        /// projection and recurrent product if wider.
        private let z: UnsafeMutablePointer<Float>
        /// The last stage's output, the model's output at the current timestep.
        private let output: UnsafePointer<Float>
        /// Why the model cannot run one timestep at a time, if it cannot.
        private let unstreamable: String?

        fileprivate init(model: Model) {
            self.model = model
            var count = 0
            var gates = 0
            var unstreamable: String?
            for (layer, packed) in zip(model.description.layers, model.packedLayers) {
                switch packed {
                case .recurrent(let cell, let reverse):
                    count += cell.stateCount
                    gates = max(gates, cell.stepScratch)
                    if reverse, unstreamable == nil {
                        unstreamable = "layer \(layer.name.quotedForMessage) (\(layer.kerasClassName)) reads the sequence backwards"
                    }
                case .bidirectional, .conv1D, .pooling1D, .globalPooling1D, .reshape, .repeatVector:
                    if unstreamable == nil {
                        unstreamable = "layer \(layer.name.quotedForMessage) (\(layer.kerasClassName)) reads more than one timestep at a time"
                    }
                default:
                    count += packed.outputSize
                }
            }
            memoryCount = count + gates
            memory = .allocate(capacity: max(memoryCount, 1))
            memory.initialize(repeating: 0, count: memoryCount)
            z = memory + count
            var next = memory
            var stages: [Stage] = []
            var last = memory
            for packed in model.packedLayers {
                last = next
                switch packed {
                case .recurrent(let cell, _):
                    stages.append(.recurrent(cell, state: next))
                    next += cell.stateCount
                    continue
                case .bidirectional, .conv1D, .pooling1D, .globalPooling1D, .reshape, .repeatVector:
                    continue
                case .dense(let layer): stages.append(.dense(layer, y: next))
                case .embedding(let layer): stages.append(.embedding(layer, y: next))
                case .masking(let layer): stages.append(.masking(layer, y: next))
                case .activation(let layer): stages.append(.activation(layer, y: next))
                case .normalization(let layer, let features): stages.append(.normalization(layer, features: features, y: next))
                }
                next += packed.outputSize
            }
            self.stages = stages
            self.stepped = Array(repeating: false, count: stages.count)
            self.output = UnsafePointer(last)
            self.unstreamable = unstreamable
        }

        deinit {
            memory.deinitialize(count: memoryCount)
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
            var input = x
            var masked = false
            for (index, stage) in stages.enumerated() {
                switch stage {
                case .recurrent(let cell, let state):
                    if !masked {
                        cell.step(input, state: state, scratch: z, isFirst: !stepped[index])
                        stepped[index] = true
                    }
                    if !cell.returnSequences { masked = false }
                    input = UnsafePointer(state)
                case .dense(let dense, let y):
                    dense.forward(input, rows: 1, into: y)
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
                        layer.activation.apply(to: y, count: layer.features)
                    }
                    input = UnsafePointer(y)
                case .normalization(let normalization, let features, let y):
                    y.update(from: input, count: features)
                    normalization.apply(toRow: y, features: features)
                    input = UnsafePointer(y)
                }
            }
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

/// A session is used by one task at a time: share the ``Model`` and make a session per stream.
@available(*, unavailable, message: "a Session belongs to one stream: share the Model and make a session per task")
extension Model.Session: Sendable {}
