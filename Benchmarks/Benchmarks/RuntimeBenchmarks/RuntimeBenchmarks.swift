import Benchmark
import Foundation
import LSTMRuntime
import LSTMW

/// Thresholds are checked on allocation counts only: they are exact and machine-independent,
/// where wall-clock time on a shared 2-core machine is not. The committed values live in
/// `Benchmarks/Thresholds/RuntimeBenchmarks.<name>.p90.json`.
private func exactMallocCount() -> [BenchmarkMetric: BenchmarkThresholds] {
    [.mallocCountTotal: .init(relative: [.p90: 0], absolute: [.p90: 0])]
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        // No sampled metric (peakMemoryResident, cpu*): their sampling thread allocates, which
        // would blur the allocation counts.
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 1_000,
        thresholds: exactMallocCount()
    )

    // The harness's own count per iteration: what "allocates nothing" reads as.
    Benchmark("noop") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(benchmark.currentIteration)
        }
    }

    for workload in Workload.all() {
        registerPredict(workload)
    }
    // The same models on other sequence lengths: the allocation count must not change with T.
    registerPredict(Workload.tiny.with(timeSteps: 640, name: "tiny_T640"))
    registerPredict(Workload.medium(batch: 1).with(timeSteps: 50, name: "medium_b1_T50"))

    registerStep(Workload.medium(batch: 1).with(name: "medium"))
    registerStep(Workload.gruMedium.with(name: "gru_medium"))

    registerLoad(Workload.medium(batch: 1).with(name: "medium"))
    registerLoad(Workload.large.with(name: "large"))
}

/// `predict.<workload>`: one `Model.predict` call per iteration.
private func registerPredict(_ workload: Workload) {
    Benchmark("predict.\(workload.name)") { benchmark, state in
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try state.model.predict(state.input))
            } catch {
                benchmark.error("predict.\(workload.name): \(error)")
            }
        }
    } setup: {
        (model: try Model(workload.description), input: workload.input())
    }
}

/// `step.<workload>`: one `Session.step` per iteration, on a session that has already run 16 steps
/// (the steady state of a long stream).
private func registerStep(_ workload: Workload) {
    Benchmark("step.\(workload.name)") { (benchmark: Benchmark, state: StreamingState) in
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try state.session.step(state.sample))
            } catch {
                benchmark.error("step.\(workload.name): \(error)")
            }
        }
    } setup: {
        let model = try Model(workload.description)
        let input = workload.input()
        let sample = Array(input.values.prefix(model.inputFeatures))
        let session = StreamingState(session: model.makeSession(), sample: sample)
        for _ in 0..<16 { _ = try session.session.step(sample) }
        return session
    }
}

/// `load.<workload>.bytes` and `load.<workload>.file`: loading the model's `.lstmw` from memory and
/// from a file (validation, checksums and packing included).
private func registerLoad(_ workload: Workload) {
    // Loading allocates per tensor and per header field, not per timestep: checked within 10 %.
    var configuration = Benchmark.defaultConfiguration
    configuration.thresholds = [.mallocCountTotal: .init(relative: [.p90: 10])]

    Benchmark("load.\(workload.name).bytes", configuration: configuration) { benchmark, bytes in
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try Model(bytes: bytes))
            } catch {
                benchmark.error("load.\(workload.name).bytes: \(error)")
            }
        }
    } setup: {
        try LSTMWFile.encode(workload.description)
    }

    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("lstm-benchmark-\(workload.name)-\(getpid()).lstmw")
    Benchmark("load.\(workload.name).file", configuration: configuration) { benchmark, url in
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try Model(contentsOf: url))
            } catch {
                benchmark.error("load.\(workload.name).file: \(error)")
            }
        }
    } setup: {
        try Data(LSTMWFile.encode(workload.description)).write(to: url)
        return url
    } teardown: {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A session and its input, handed from setup to the measured closure. One benchmark uses it at a
/// time, on one thread.
private final class StreamingState: @unchecked Sendable {
    let session: Model.Session
    let sample: [Float]

    init(session: Model.Session, sample: [Float]) {
        self.session = session
        self.sample = sample
    }
}
