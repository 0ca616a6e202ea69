import FileIO
import LSTMW

extension Model {
    /// Whether a recurrent layer of the model is stateful (Keras's `stateful=True`): it was built
    /// to carry its state from one call to the next, which a ``StatefulSession`` does.
    ///
    /// ``predict(_:)-(Tensor)`` ignores it and always starts from a zero state, as Keras does right
    /// after `reset_states()`.
    public var isStateful: Bool { skeleton.isStateful }

    /// Makes a session that runs this stateful model chunk after chunk, each stateful recurrent
    /// layer carrying its state from one chunk to the next, as Keras does with a stateful model
    /// between `predict` calls.
    ///
    /// Keras builds a stateful model for a fixed batch size (`batch_input_shape`, or
    /// `Input(batch_shape=…)` in Keras 3): each batch row is a stream of its own. The session
    /// keeps one state per batch row and takes chunks of exactly `batchSize` rows.
    ///
    /// ```swift
    /// let session = try model.makeStatefulSession(batchSize: 2)
    /// let first = try session.predict(chunk1)    // [2, time, features] -> as Keras's first predict
    /// let second = try session.predict(chunk2)   // continues from the state chunk1 left
    /// session.reset()                            // Keras's model.reset_states()
    /// ```
    ///
    /// - Parameter batchSize: The number of rows of every chunk, at least 1: the batch size the
    ///   Keras model was built with.
    /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/unsupported`` if no layer of the
    ///   model is stateful, or ``RuntimeError/Code/inputShape`` if `batchSize` is below 1.
    public func makeStatefulSession(batchSize: Int) throws(RuntimeError) -> StatefulSession {
        guard isStateful else {
            throw RuntimeError(.unsupported, "the model has no stateful layer (Keras's stateful=True); use predict, "
                                             + "or makeSession() to stream one timestep at a time")
        }
        guard skeleton.graph == nil else {
            throw RuntimeError(.unsupported, "the model cannot run chunk after chunk: it is a Functional graph; "
                                             + "stateful sessions run chains only (predict runs it from zero state)")
        }
        if let swap = skeleton.layers.first(where: { if case .swapBatchTime = $0 { true } else { false } }) {
            throw RuntimeError(.unsupported, "the model cannot run chunk after chunk: layer \(swap.name.quotedForMessage) "
                                             + "swaps the batch and time axes (time_major), so its batch rows are not streams")
        }
        guard batchSize >= 1 else {
            throw .inputShape("a stateful session needs a batch size of at least 1, got \(batchSize)")
        }
        return StatefulSession(model: self, batchSize: batchSize)
    }

    /// A stateful model run chunk after chunk: every stateful recurrent layer keeps its state,
    /// one per batch row, from one ``predict(_:)`` to the next, until ``reset()``.
    ///
    /// After chunks `x1`, …, `xk` (each `[batchSize, time, features]`, lengths may differ),
    /// ``predict(_:)`` returns what Keras's `model.predict(xk)` returns for the stateful model
    /// after `model.predict(x1)`, …, `model.predict(x(k-1))` since its last `reset_states()`:
    /// each stateful layer starts from the state its previous chunk left (a Bidirectional's
    /// backward direction from the state it had after reading the previous chunk backwards),
    /// while a layer that is not stateful starts from zero in every chunk. Under a mask, a
    /// masked timestep leaves the state as it was, so a chunk that is all masked for a row passes
    /// that row's state on unchanged.
    ///
    /// ``states`` reads the carried state and ``setState(_:)`` replaces it, for example to save a
    /// stream and resume it later.
    ///
    /// ## One session per set of streams, one task at a time
    ///
    /// Like ``Model/Session``, a `StatefulSession` is a mutable reference type, deliberately not
    /// `Sendable`: use it from one task at a time, and share the ``model`` instead.
    public final class StatefulSession {
        /// The model this session runs.
        public let model: Model
        /// The number of rows every chunk has: one stream, and one state, per row.
        public let batchSize: Int
        /// The number of timesteps fed since the session was made or last ``reset()``.
        public private(set) var timeStepsSeen = 0

        /// One carried state: a stateful recurrent layer, or one direction of a stateful
        /// Bidirectional wrapper.
        fileprivate struct Slot {
            /// The index of the layer in the model.
            let layer: Int
            let name: String
            let units: Int
            let hasCellState: Bool
            /// `nil` until the first chunk or ``setState(_:)``: a zero state.
            var state: RecurrentState?
        }

        private var slots: [Slot]

        fileprivate init(model: Model, batchSize: Int) {
            self.model = model
            self.batchSize = batchSize
            var slots: [Slot] = []
            for (index, layer) in model.skeleton.layers.enumerated() where layer.stateful {
                if case .bidirectional(let wrapper) = layer {
                    slots.append(Slot(wrapper.forward, layer: index))
                    slots.append(Slot(wrapper.backward, layer: index))
                } else {
                    slots.append(Slot(layer, layer: index))
                }
            }
            self.slots = slots
        }

        /// Runs the model on the next chunk of every stream, carrying each stateful layer's state.
        ///
        /// A refused chunk leaves the session as it was.
        ///
        /// ```swift
        /// let output = try session.predict(Tensor(shape: [2, 5, 3], values: chunk))
        /// ```
        ///
        /// - Parameter chunk: `[batchSize, time, inputFeatures]` with `time ≥ 1`, or token ids
        ///   `[batchSize, time]` for a model whose first layer is an Embedding.
        /// - Returns: `[batchSize, time, outputFeatures]` if the model's output is a sequence,
        ///   else `[batchSize, outputFeatures]`.
        /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/inputShape`` if the chunk has
        ///   another rank, batch size or feature count, or ``RuntimeError/Code/nonFiniteInput``
        ///   naming the position of a NaN or an infinity.
        public func predict(_ chunk: Tensor) throws(RuntimeError) -> Tensor {
            let rank = model.skeleton.inputIsTokens ? 2 : 3
            guard chunk.shape.count == rank else {
                throw .inputShape("chunk has shape \(chunk.shape), the model expects rank \(rank): "
                                  + (rank == 2 ? "[batch, time]" : "[batch, time, \(model.inputFeatures)]"))
            }
            guard chunk.shape[0] == batchSize else {
                throw .inputShape("chunk has batch \(chunk.shape[0]), the session runs batches of \(batchSize) "
                                  + "(a stateful model keeps one state per batch row)")
            }
            if rank == 3, chunk.shape[2] != model.inputFeatures {
                throw .inputShape("chunk has \(chunk.shape[2]) features per timestep, the model expects \(model.inputFeatures)")
            }
            let time = chunk.shape[1]
            try model.checkInput(chunk.values, batch: batchSize, time: time)
            let flow = run(chunk.values, time: time)
            timeStepsSeen += time
            let shape = model.outputIsSequence ? [batchSize, flow.time, model.outputFeatures] : [batchSize, model.outputFeatures]
            return Tensor(shape: shape, values: flow.values)
        }

        /// Sets every carried state back to zero and ``timeStepsSeen`` to 0: Keras's
        /// `model.reset_states()` (in Keras 3, `reset_state()` on each stateful layer).
        public func reset() {
            for index in slots.indices { slots[index].state = nil }
            timeStepsSeen = 0
        }

        /// The state each stateful recurrent layer carries into the next chunk, in layer order
        /// (a Bidirectional's forward direction before its backward one); zeros before the first
        /// chunk and after ``reset()``.
        public var states: [RecurrentLayerState] {
            slots.map { slot in
                let zeros = [Float](repeating: 0, count: batchSize * slot.units)
                let shape = [batchSize, slot.units]
                return RecurrentLayerState(
                    layerName: slot.name, h: Tensor(shape: shape, values: slot.state?.h ?? zeros),
                    c: slot.hasCellState ? Tensor(shape: shape, values: slot.state?.c ?? zeros) : nil)
            }
        }

        /// Replaces the state one stateful recurrent layer carries into the next chunk, such as a
        /// state read earlier from ``states``. The other layers' states stay.
        ///
        /// ```swift
        /// let saved = session.states
        /// session.reset()
        /// for state in saved { try session.setState(state) }   // resumes where it was
        /// ```
        ///
        /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/inputShape`` if no stateful
        ///   layer has that name, a tensor is not `[batchSize, units]`, or `c` is missing for an
        ///   LSTM or given for another layer; ``RuntimeError/Code/nonFiniteInput`` if a value is
        ///   NaN or infinite.
        public func setState(_ state: RecurrentLayerState) throws(RuntimeError) {
            guard let index = slots.firstIndex(where: { $0.name == state.layerName }) else {
                throw .inputShape("no stateful layer is named \(state.layerName.quotedForMessage); the stateful layers are "
                                  + slots.map(\.name.quotedForMessage).joined(separator: ", "))
            }
            let slot = slots[index]
            let label = "state of layer \(slot.name.quotedForMessage)"
            let shape = [batchSize, slot.units]
            guard state.h.shape == shape else {
                throw .inputShape("\(label): h has shape \(state.h.shape), the session needs \(shape)")
            }
            if slot.hasCellState {
                guard let c = state.c else { throw .inputShape("\(label): an LSTM's state needs c as well as h") }
                guard c.shape == shape else { throw .inputShape("\(label): c has shape \(c.shape), the session needs \(shape)") }
            } else if state.c != nil {
                throw .inputShape("\(label): only an LSTM has a cell state c")
            }
            for (part, tensor) in [("h", state.h), ("c", state.c)] {
                if let tensor, let bad = tensor.values.firstIndex(where: { !$0.isFinite }) {
                    throw RuntimeError(.nonFiniteInput, "\(label): \(part) holds \(tensor.values[bad]) at row \(bad / slot.units), unit \(bad % slot.units)")
                }
            }
            slots[index].state = RecurrentState(h: state.h.values, c: state.c?.values)
        }

        /// Runs the layers on one chunk: the stateful ones from their carried state, saving the
        /// state they end in; the others as ``Model/predict(_:)-(Tensor)`` runs them.
        private func run(_ values: [Float], time: Int) -> Flow {
            var flow = Flow(values: values, isSequence: true, time: time, mask: nil)
            for (index, layer) in model.packedLayers.enumerated() {
                let carried = slots.indices.filter { slots[$0].layer == index }
                flow = carried.isEmpty
                    ? layer.apply(to: flow, batch: batchSize, kernels: model.kernels, threads: model.threads)
                    : runCarrying(layer, on: flow, slots: carried)
            }
            return flow
        }

        /// Runs a stateful recurrent layer (or both directions of a Bidirectional one) from the
        /// states in `carried` and stores the states it ends in.
        private func runCarrying(_ layer: PackedLayer, on flow: Flow, slots carried: [Int]) -> Flow {
            let (batch, time, mask) = (batchSize, flow.time, flow.mask)
            func direction(_ cell: PackedLayer, reverse: Bool, slot: Int) -> [Float] {
                let result = cell.run(flow.values, batch: batch, time: time, reverse: reverse, mask: mask,
                                      from: slots[slot].state, kernels: model.kernels, threads: model.threads)
                slots[slot].state = result.state
                return result.output
            }
            switch layer {
            case .bidirectional(let wrapper):
                let ahead = direction(wrapper.forward, reverse: false, slot: carried[0])
                let behind = direction(wrapper.backward, reverse: true, slot: carried[1])
                let returns = wrapper.returnSequences
                return Flow(values: wrapper.merge(ahead, behind, batch: batch, time: time, mask: mask),
                            isSequence: returns, time: time, mask: returns ? mask : nil)
            default:
                let (cell, reverse) = if case .backwards(let cell) = layer { (cell, true) } else { (layer, false) }
                let returns = cell.recurrentNeeds(batch: 1, time: 1).returnsSequences ?? false
                return Flow(values: direction(cell, reverse: reverse, slot: carried[0]),
                            isSequence: returns, time: time, mask: returns ? mask : nil)
            }
        }
    }
}

extension Model.StatefulSession.Slot {
    /// The slot of recurrent layer `layer` of the model (an LSTM, GRU or SimpleRNN).
    init(_ recurrent: Layer, layer: Int) {
        let hasCellState = if case .lstm = recurrent { true } else { false }
        self.init(layer: layer, name: recurrent.name, units: recurrent.outputSize,
                  hasCellState: hasCellState, state: nil)
    }
}
