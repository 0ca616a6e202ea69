import Foundation
import LSTMRuntime
import LSTMW

/// What `bench` calls repeatedly: `predict` on the whole input, or one `Session.step` per call.
struct BenchWorkload {
    let model: Model
    let input: Tensor
    let step: Bool

    init(model: Model, input: Tensor, step: Bool) throws {
        self.model = model
        self.input = input
        self.step = step
    }

    /// Sequences one call finishes: the batch for `predict`, a `1 / time` share of one for a step.
    var sequencesPerCall: Double {
        step ? 1 / Double(input.shape[1]) : Double(input.shape[0])
    }

    /// Runs `warmup` untimed calls, then returns the duration of each of `iterations` calls, in
    /// nanoseconds.
    func measure(warmup: Int, iterations: Int) throws -> [UInt64] {
        step ? try measureSteps(warmup: warmup, iterations: iterations)
            : try measurePredict(warmup: warmup, iterations: iterations)
    }

    private func measurePredict(warmup: Int, iterations: Int) throws -> [UInt64] {
        for _ in 0..<warmup { _ = try model.predict(input) }
        var samples: [UInt64] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = DispatchTime.now().uptimeNanoseconds
            let output = try model.predict(input)
            let end = DispatchTime.now().uptimeNanoseconds
            withExtendedLifetime(output) {}
            samples.append(end - start)
        }
        return samples
    }

    /// Steps through batch element 0 of the input, one timestep per call, restarting the session
    /// after the last timestep.
    private func measureSteps(warmup: Int, iterations: Int) throws -> [UInt64] {
        let (time, features) = (input.shape[1], input.shape[2])
        let rows = (0..<time).map { t in Array(input.values[(t * features)..<((t + 1) * features)]) }
        let session = model.makeSession()
        var t = 0
        func next() -> [Float] {
            if t == time { session.reset(); t = 0 }
            defer { t += 1 }
            return rows[t]
        }
        for _ in 0..<warmup { _ = try session.step(next()) }
        var samples: [UInt64] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let row = next()
            let start = DispatchTime.now().uptimeNanoseconds
            let output = try session.step(row)
            let end = DispatchTime.now().uptimeNanoseconds
            withExtendedLifetime(output) {}
            samples.append(end - start)
        }
        return samples
    }
}
