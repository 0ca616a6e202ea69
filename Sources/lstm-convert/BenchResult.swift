import Foundation
import LSTMRuntime

/// The statistics `bench` prints, as text or as one JSON object.
struct BenchResult {
    let medianMilliseconds: Double
    let p90Milliseconds: Double
    let minMilliseconds: Double
    let iterations: Int
    let threads: Int
    let kernel: String
    let loadMilliseconds: Double
    let sequencesPerSecond: Double
    let peakResidentBytes: Int?
    let mode: String
    let inputShape: [Int]

    init(samples: [UInt64], loadNanoseconds: UInt64, model: Model, sequencesPerCall: Double, mode: String,
         inputShape: [Int], peakResidentBytes: Int?) {
        let sorted = samples.sorted().map { Double($0) / 1e6 }
        medianMilliseconds = Self.quantile(sorted, 0.5)
        p90Milliseconds = Self.quantile(sorted, 0.9)
        minMilliseconds = sorted.first ?? 0
        iterations = samples.count
        threads = model.threads
        kernel = model.kernel
        loadMilliseconds = Double(loadNanoseconds) / 1e6
        sequencesPerSecond = medianMilliseconds > 0 ? sequencesPerCall * 1000 / medianMilliseconds : 0
        self.peakResidentBytes = peakResidentBytes
        self.mode = mode
        self.inputShape = inputShape
    }

    /// The `q` quantile of ascending `values`, interpolating linearly between neighbours (NumPy's default).
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let position = q * Double(values.count - 1)
        let below = Int(position)
        let above = min(below + 1, values.count - 1)
        return values[below] + (values[above] - values[below]) * (position - Double(below))
    }

    var text: String {
        let memory = peakResidentBytes.map { String(format: "%.1f MiB", Double($0) / 1_048_576) } ?? "unknown"
        return [
            "\(mode) on input \(inputShape), \(threads) thread\(threads == 1 ? "" : "s"), \(kernel) kernels",
            String(format: "load %.3f ms", loadMilliseconds),
            String(format: "latency per call: median %.4f ms, p90 %.4f ms, min %.4f ms (%d calls)",
                   medianMilliseconds, p90Milliseconds, minMilliseconds, iterations),
            String(format: "%.1f sequences per second", sequencesPerSecond),
            "peak resident memory \(memory)",
        ].joined(separator: "\n")
    }

    var json: String {
        let fields: [(String, String)] = [
            ("mode", quoted(mode)),
            ("input_shape", "[" + inputShape.map(String.init).joined(separator: ", ") + "]"),
            ("median_ms", number(medianMilliseconds)),
            ("p90_ms", number(p90Milliseconds)),
            ("min_ms", number(minMilliseconds)),
            ("iterations", String(iterations)),
            ("threads", String(threads)),
            ("kernel", quoted(kernel)),
            ("load_ms", number(loadMilliseconds)),
            ("sequences_per_second", number(sequencesPerSecond)),
            ("peak_rss_bytes", peakResidentBytes.map(String.init) ?? "null"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    private func number(_ value: Double) -> String { value.isFinite ? String(format: "%.6g", value) : "null" }
    private func quoted(_ text: String) -> String { "\"" + text + "\"" }
}

/// The process's peak resident set size.
enum PeakMemory {
    /// `VmHWM` from `/proc/self/status`, in bytes, or `nil` where there is no such file.
    static func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, let kilobytes = Int(fields[1]), fields[2] == "kB" else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
