/// The number of floats of input projection computed at once: enough rows for the matrix product
/// to run at full speed, few enough that long sequences and large batches don't hold a whole
/// `[batch * time, width]` array.
let projectionChunkFloats = 1 << 18

import CKernels

extension RecurrentCell {
    /// Runs the layer over `input`, `[batch, time, inputSize]` row-major, writing the output to
    /// `output`: `[batch, time, units]` in processing order if ``returnSequences``, else
    /// `[batch, units]`. When `finalState` is given, the state after the last step is written
    /// there: `h` as `[batch, units]`, then `c` as `[batch, units]` for an LSTM. `scratch` holds
    /// ``scratchFloats(batch:time:chunkFloats:)`` floats, initialized or not; the call allocates
    /// nothing else unless a mask is given.
    ///
    /// The input projection is one matrix product per chunk of timesteps; the recurrence then
    /// advances the whole batch one timestep at a time. With `threads > 1` and enough work per
    /// step, a team of threads shares each timestep's unit blocks through a ``WorkSchedule``:
    /// each member computes its own blocks' projections and states (its share of the weights
    /// stays in its cache) and takes over a late member's blocks. The result does not depend on
    /// which thread computes which block.
    ///
    /// - Precondition: sizes are consistent (the caller checks): `batch, time ≥ 1`, the mask has
    ///   `batch * time` flags and the initial state `batch * units` floats per part.
    func forward(_ input: UnsafePointer<Float>, batch: Int, time: Int, options: RecurrentOptions,
                 kernels: Kernels, threads: Int, into output: UnsafeMutablePointer<Float>,
                 finalState: UnsafeMutablePointer<Float>?, scratch memory: UnsafeMutablePointer<Float>,
                 chunkFloats: Int = projectionChunkFloats) {
        precondition(batch > 0 && time > 0, "empty input")
        let (padded, width, phases) = (layout.paddedUnits, layout.width, self.phases)
        let chunk = chunkSteps(batch: batch, time: time, chunkFloats: chunkFloats)
        // The scratch: projections, two state buffers, c, the layer's own scratch.
        let stateFloats = batch * padded
        let projections = memory
        let h0 = projections + batch * chunk * width
        let h1 = h0 + stateFloats
        let c: UnsafeMutablePointer<Float>? = hasCellState ? h1 + stateFloats : nil
        let scratch = h1 + stateFloats * (hasCellState ? 2 : 1)
        h0.initialize(repeating: 0, count: scratchFloats(batch: batch, time: time, chunkFloats: chunkFloats)
                                            - batch * chunk * width)
        if let initial = options.initialState {
            load(initial.h, into: h0, rows: batch)
            if let c, let cells = initial.c { load(cells, into: c, rows: batch) }
        }
        let masks = MaskSchedule(options.mask, batch: batch, time: time, reverse: options.reverse)
        defer { masks.deallocate() }
        let zeroStart = options.initialState == nil
        let (inputSize, units, reverse, sequences) = (self.inputSize, self.units, options.reverse, returnSequences)
        let members = teamSize(rows: batch, threads: threads)
        var work = ck_schedule()
        withUnsafeMutablePointer(to: &work) { workMemory in
            let work = WorkSchedule(workMemory, members: members, blocks: layout.blocks)
            Team.run(threads: members) { team in
                for step in 0..<time {
                    let chunkStart = step - step % chunk
                    let steps = min(chunk, time - chunkStart)
                    let s = step - chunkStart
                    // Projections are time-major, [steps][batch][width]: a step's rows are contiguous.
                    let buffers = StepBuffers(
                        rows: batch, projection: projections + s * batch * width, projectionStride: width,
                        hPrev: step % 2 == 0 ? h0 : h1, hNext: step % 2 == 0 ? h1 : h0, c: c, scratch: scratch,
                        keep: masks.keep(atStep: step), zeroState: zeroStart && step == 0)
                    for phase in 0..<phases {
                        work.run(phase: step * phases + phase, member: team.index) { blocks in
                            if phase == 0 && s == 0 && batch > steps {
                                // More sequences than steps in the chunk: one product per step, its
                                // rows the batch's (`time * inputSize` apart), so each panel of the
                                // kernel is read once per step, not once per sequence.
                                for t in 0..<steps {
                                    let first = reverse ? time - 1 - (step + t) : step + t
                                    project(input + first * inputSize, lda: time * inputSize, rows: batch,
                                            blocks: blocks, kernels: kernels,
                                            into: projections + t * batch * width, ldp: width)
                                }
                            } else if phase == 0 && s == 0 {
                                for b in 0..<batch {
                                    let first = b * time + (reverse ? time - 1 - step : step)
                                    project(input + first * inputSize, lda: reverse ? -inputSize : inputSize,
                                            rows: steps, blocks: blocks, kernels: kernels,
                                            into: projections + b * width, ldp: batch * width)
                                }
                            }
                            advance(buffers, phase: phase, blocks: blocks, kernels: kernels)
                            if sequences && phase == phases - 1 {
                                let ownUnits = min(units, 8 * blocks.lowerBound)..<min(units, 8 * blocks.upperBound)
                                for b in 0..<batch {
                                    masks.emit(buffers.hNext + b * padded, row: b, step: step, units: ownUnits,
                                                  to: output + (b * time + step) * units)
                                }
                            }
                        }
                    }
                }
            }
        }
        let h = time % 2 == 0 ? h0 : h1
        if !sequences {
            for b in 0..<batch { masks.emit(h + b * padded, row: b, step: time - 1, units: 0..<units, to: output + b * units) }
        }
        if let finalState {
            for b in 0..<batch { (finalState + b * units).update(from: h + b * padded, count: units) }
            if let c {
                for b in 0..<batch { (finalState + (batch + b) * units).update(from: c + b * padded, count: units) }
            }
        }
    }

    /// The timesteps whose input projections are computed at once.
    func chunkSteps(batch: Int, time: Int, chunkFloats: Int = projectionChunkFloats) -> Int {
        max(1, min(time, chunkFloats / (batch * layout.width)))
    }

    /// The floats of scratch ``forward(_:batch:time:options:kernels:threads:into:finalState:scratch:chunkFloats:)`` needs.
    func scratchFloats(batch: Int, time: Int, chunkFloats: Int = projectionChunkFloats) -> Int {
        batch * chunkSteps(batch: batch, time: time, chunkFloats: chunkFloats) * layout.width
            + batch * layout.paddedUnits * (hasCellState ? 3 : 2) + batch * scratchWidth
    }

    /// Runs the layer over `input` and returns its output and final state.
    ///
    /// - Precondition: `input.count == batch * time * inputSize`; the options fit (see
    ///   ``RecurrentOptions``).
    func run(_ input: [Float], batch: Int, time: Int, options: RecurrentOptions = RecurrentOptions(),
             kernels: Kernels = Kernels(path: .preferred), threads: Int = 1,
             chunkFloats: Int = projectionChunkFloats) -> RecurrentResult {
        precondition(batch > 0 && time > 0 && input.count == batch * time * inputSize, "input size mismatch")
        precondition(options.mask.map { $0.count == batch * time } ?? true, "the mask needs batch * time flags")
        if let initial = options.initialState {
            precondition(initial.h.count == batch * units, "the initial h needs batch * units floats")
            precondition((initial.c?.count ?? batch * units) == batch * units, "the initial c needs batch * units floats")
            precondition(hasCellState || initial.c == nil, "only an LSTM has a cell state")
        }
        let outputCount = returnSequences ? batch * time * units : batch * units
        var state = [Float](repeating: 0, count: (hasCellState ? 2 : 1) * batch * units)
        let output = [Float](unsafeUninitializedCapacity: outputCount) { buffer, initialized in
            input.withUnsafeBufferPointer { x in
                state.withUnsafeMutableBufferPointer { s in
                    let floats = scratchFloats(batch: batch, time: time, chunkFloats: chunkFloats)
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: floats)
                    defer { scratch.deallocate() }
                    forward(x.baseAddress!, batch: batch, time: time, options: options, kernels: kernels,
                            threads: threads, into: buffer.baseAddress!, finalState: s.baseAddress!,
                            scratch: scratch, chunkFloats: chunkFloats)
                }
            }
            initialized = outputCount
        }
        let h = Array(state[0..<(batch * units)])
        return RecurrentResult(output: output, state: RecurrentState(h: h, c: hasCellState ? Array(state[(batch * units)...]) : nil))
    }

    /// Copies `[rows, units]` state into the padded `[rows, paddedUnits]` layout.
    private func load(_ state: [Float], into buffer: UnsafeMutablePointer<Float>, rows: Int) {
        state.withUnsafeBufferPointer { s in
            for b in 0..<rows { (buffer + b * layout.paddedUnits).update(from: s.baseAddress! + b * units, count: units) }
        }
    }
}
