import LSTMRuntime
import LSTMW

/// One of the models and input shapes of issue 7, the same ones `tools/peers/peers.py` times
/// against Keras and ONNX Runtime (there with Keras's weights, here with this package's seeded ones).
struct Workload: Sendable {
    let name: String
    let batch: Int
    let timeSteps: Int
    let description: ModelDescription

    /// `[batch, timeSteps, inputFeatures]` seeded inputs in `-1...1`.
    func input() -> Tensor {
        var generator = SeededGenerator(seed: 7)
        let count = batch * timeSteps * description.inputFeatures
        return Tensor(shape: [batch, timeSteps, description.inputFeatures],
                      values: generator.floats(count, scale: 1))
    }

    /// A copy with another batch size or sequence length.
    func with(batch: Int? = nil, timeSteps: Int? = nil, name: String) -> Workload {
        Workload(name: name, batch: batch ?? self.batch, timeSteps: timeSteps ?? self.timeSteps,
                 description: description)
    }

    /// The prediction workloads, small to large. (The Bidirectional one is missing: the runtime has
    /// no Bidirectional layer yet.)
    static func all() -> [Workload] {
        let medium = Workload.medium(batch: 1)
        return [
            tiny, small, medium, medium.with(batch: 32, name: "medium_b32"),
            large.with(batch: 1, name: "large_b1"), large.with(batch: 64, name: "large_b64"), gruMedium,
        ]
    }

    /// 1 → LSTM16, T=64, B=1.
    static var tiny: Workload {
        var builder = ModelBuilder(inputFeatures: 1, seed: 1)
        builder.lstm(16)
        return Workload(name: "tiny", batch: 1, timeSteps: 64, description: builder.build())
    }

    /// 32 → LSTM64 → Dense10 softmax, T=100, B=1.
    static var small: Workload {
        var builder = ModelBuilder(inputFeatures: 32, seed: 2)
        builder.lstm(64)
        builder.dense(10, activation: .softmax)
        return Workload(name: "small", batch: 1, timeSteps: 100, description: builder.build())
    }

    /// 128 → LSTM256 (sequences) → LSTM256 → Dense1, T=200.
    static func medium(batch: Int) -> Workload {
        var builder = ModelBuilder(inputFeatures: 128, seed: 3)
        builder.lstm(256, returnSequences: true)
        builder.lstm(256)
        builder.dense(1, activation: .linear)
        return Workload(name: "medium_b\(batch)", batch: batch, timeSteps: 200, description: builder.build())
    }

    /// 512 → LSTM1024, T=100.
    static var large: Workload {
        var builder = ModelBuilder(inputFeatures: 512, seed: 4)
        builder.lstm(1024)
        return Workload(name: "large", batch: 1, timeSteps: 100, description: builder.build())
    }

    /// 128 → GRU256, T=200, B=1.
    static var gruMedium: Workload {
        var builder = ModelBuilder(inputFeatures: 128, seed: 5)
        builder.gru(256)
        return Workload(name: "gru_medium", batch: 1, timeSteps: 200, description: builder.build())
    }
}
