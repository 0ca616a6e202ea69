import ArgumentParser
import Foundation
import LSTMRuntime
import LSTMW

extension LSTMConvert {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time a model in process: load time, latency per call, throughput and peak memory.",
            discussion: """
                Loads the model once (timed), runs --warmup untimed calls, then times --iterations \
                calls one by one and prints the median, 90th percentile and minimum latency per call \
                in milliseconds, sequences per second at the median, and the peak resident memory of \
                the process (VmHWM). Each call is model.predict on the whole --input, or with --step \
                one timestep of one sequence through a streaming session (state carried from call to \
                call; the session restarts after the input's last timestep).
                """
        )

        @Argument(help: "The model: a .lstmw file, or a Keras .h5 file converted on the fly (then counted in the load time).")
        var model: String

        @Option(name: .shortAndLong, help: "The input, a [batch, time, features] float32 or float64 .npy file.")
        var input: String

        @Option(help: "The most threads the runtime may use per call (default: the runtime's choice).")
        var threads: Int?

        @Option(help: "Untimed calls before timing.")
        var warmup: Int = 3

        @Option(help: "Timed calls.")
        var iterations: Int = 20

        @Flag(help: "Feed one timestep per call through a session instead of whole sequences.")
        var step = false

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func validate() throws {
            guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more, got \(warmup)") }
            guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, got \(iterations)") }
            if let threads, threads < 1 {
                throw ValidationError("--threads must be at least 1, got \(threads)")
            }
        }

        func run() throws {
            try reportingErrors {
                let loadStart = DispatchTime.now().uptimeNanoseconds
                var runtime = try loadBenchModel(path: model)
                let loadNanoseconds = DispatchTime.now().uptimeNanoseconds - loadStart
                if let threads { runtime = runtime.withThreads(threads) }
                let tensor = try readModelInput(path: input, model: runtime)
                let workload = try BenchWorkload(model: runtime, input: tensor, step: step)
                let samples = try workload.measure(warmup: warmup, iterations: iterations)
                let result = BenchResult(samples: samples, loadNanoseconds: loadNanoseconds, model: runtime,
                                         sequencesPerCall: workload.sequencesPerCall, mode: step ? "step" : "predict",
                                         inputShape: tensor.shape, peakResidentBytes: PeakMemory.residentBytes())
                print(json ? result.json : result.text)
            }
        }
    }
}

/// Loads a `.lstmw` file the way a server would (`Model(contentsOf:)`), or converts a Keras file.
func loadBenchModel(path: String) throws -> Model {
    switch try ModelFileKind.detect(path: path) {
    case .lstmw: return try Model(contentsOf: URL(fileURLWithPath: path))
    default: return try Model(loadModelDescription(path: path))
    }
}
