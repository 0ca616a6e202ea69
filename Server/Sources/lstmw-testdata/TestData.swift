import ArgumentParser
import Foundation
import LSTMW
import NPY

/// `lstmw-testdata`: the data the load test and the serving docs need, without Python.
@main
struct TestData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstmw-testdata",
        abstract: "Make test data for lstm-serve: random models, request bodies, .npy files as JSON.",
        subcommands: [RandomModel.self, Request.self, NPYJSON.self]
    )
}

extension TestData {
    struct RandomModel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "random-model",
            abstract: "Write a .lstmw model with seeded random weights.",
            discussion: """
                Layers are given in order as lstm:UNITS[:seq] (seq: return sequences) or \
                dense:UNITS[:ACTIVATION]. Kernels are Glorot-uniform, forget-gate biases 1 and other \
                biases 0, as a freshly built Keras model has them. Example, the load test's medium model: \
                lstmw-testdata random-model --input-features 128 --layer lstm:256:seq --layer lstm:256 \
                --layer dense:1 --output medium.lstmw
                """
        )

        @Option(help: "Features per timestep of the input.")
        var inputFeatures: Int

        @Option(name: .customLong("layer"), help: "A layer: lstm:UNITS[:seq] or dense:UNITS[:ACTIVATION] (repeat, in order).")
        var layers: [String]

        @Option(help: "The random seed.")
        var seed: UInt64 = 1

        @Option(name: .shortAndLong, help: "The .lstmw file to write.")
        var output: String

        func run() throws {
            var random = SeededGenerator(seed: seed)
            var inputSize = inputFeatures
            var built: [Layer] = []
            for (index, spec) in layers.enumerated() {
                let parts = spec.split(separator: ":").map(String.init)
                guard parts.count >= 2, let units = Int(parts[1]), units >= 1 else {
                    throw ValidationError("bad --layer '\(spec)': expected lstm:UNITS[:seq] or dense:UNITS[:ACTIVATION]")
                }
                switch parts[0] {
                case "lstm":
                    guard parts.count == 2 || (parts.count == 3 && parts[2] == "seq") else {
                        throw ValidationError("bad --layer '\(spec)': an LSTM is lstm:UNITS or lstm:UNITS:seq")
                    }
                    built.append(.lstm(randomLSTM(name: "lstm_\(index)", inputSize: inputSize, units: units,
                                                  returnSequences: parts.count == 3, random: &random)))
                case "dense":
                    let activation = parts.count == 3 ? Activation(rawValue: parts[2]) : .linear
                    guard let activation, parts.count <= 3 else {
                        throw ValidationError("bad --layer '\(spec)': activations are \(Activation.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    let limit = (6 / Float(inputSize + units)).squareRoot()
                    built.append(.dense(DenseLayer(
                        name: "dense_\(index)", inputSize: inputSize, units: units, activation: activation,
                        kernel: randomTensor([inputSize, units], limit, &random),
                        bias: Tensor(shape: [units], values: .init(repeating: 0, count: units)))))
                default:
                    throw ValidationError("bad --layer '\(spec)': the kinds are lstm and dense")
                }
                inputSize = units
            }
            let model = ModelDescription(
                source: ModelSource(modelName: "random_seed_\(seed)", modelClass: "Sequential"),
                inputFeatures: inputFeatures, timeSteps: nil, layers: built)
            try model.validate()
            try LSTMWFile.write(model, to: URL(fileURLWithPath: output), producer: "lstmw-testdata random-model")
            print("\(output): \(built.count) layers, \(model.parameterCount) parameters")
        }

        private func randomLSTM(name: String, inputSize: Int, units: Int, returnSequences: Bool,
                                random: inout SeededGenerator) -> LSTMLayer {
            let kernelLimit = (6 / Float(inputSize + 4 * units)).squareRoot()
            let recurrentLimit = (6 / Float(units + 4 * units)).squareRoot()
            let kernel = LSTMGates { _ in randomTensor([inputSize, units], kernelLimit, &random) }
            let recurrent = LSTMGates { _ in randomTensor([units, units], recurrentLimit, &random) }
            let bias = LSTMGates { gate in
                Tensor(shape: [units], values: .init(repeating: gate == .forget ? 1 : 0, count: units))
            }
            return LSTMLayer(name: name, inputSize: inputSize, units: units, activation: .tanh,
                             recurrentActivation: .sigmoid, returnSequences: returnSequences,
                             kernel: kernel, recurrentKernel: recurrent, bias: bias)
        }
    }

    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a :predict request body, from a .npy file or random numbers.",
            discussion: """
                From a file: lstmw-testdata request --npy Fixtures/example/input.npy. Random: \
                lstmw-testdata request --batch 1 --time 32 --features 128 --seed 1.
                """
        )

        @Option(help: "A [batch, time, features] float32 or float64 .npy file.")
        var npy: String?

        @Option(help: "Random input: the batch size.")
        var batch = 1

        @Option(help: "Random input: timesteps per instance.")
        var time: Int?

        @Option(help: "Random input: features per timestep.")
        var features: Int?

        @Option(help: "Random input: the seed; values are uniform in -1..<1.")
        var seed: UInt64 = 1

        @Option(help: "instances (row format) or inputs (columnar format).")
        var format = "instances"

        @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
        var output: String?

        func run() throws {
            guard format == "instances" || format == "inputs" else {
                throw ValidationError("--format is instances or inputs")
            }
            let shape: [Int]
            let values: [Float]
            if let npy {
                let array = try NPYFile.read(contentsOf: URL(fileURLWithPath: npy))
                guard array.shape.count == 3, array.dtype == .float32 || array.dtype == .float64 else {
                    throw ValidationError("\(npy): expected a [batch, time, features] float array, got \(array.dtype.rawValue) \(array.shape)")
                }
                shape = array.shape
                values = array.floatValues()
            } else {
                guard let time, let features, batch >= 1, time >= 1, features >= 1 else {
                    throw ValidationError("give --npy, or --time and --features (and --batch) for random input")
                }
                var random = SeededGenerator(seed: seed)
                shape = [batch, time, features]
                values = (0..<(batch * time * features)).map { _ in random.uniform(1) }
            }
            let body = "{\"\(format)\":" + nestedJSON(values, shape: shape) + "}\n"
            try write(body, to: output)
        }
    }

    struct NPYJSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "npy-json",
            abstract: "Print a .npy file as nested JSON, numbers written as lstm-serve writes them.",
            discussion: """
                With --key predictions the output is byte for byte what lstm-serve answers when its \
                prediction equals the file, so `diff` can compare the two.
                """
        )

        @Argument(help: "The .npy file.")
        var file: String

        @Option(help: "Wrap the array in an object under this key, e.g. predictions.")
        var key: String?

        func run() throws {
            let array = try NPYFile.read(contentsOf: URL(fileURLWithPath: file))
            let json = nestedJSON(array.floatValues(), shape: array.shape)
            print(key.map { "{\"\($0)\":\(json)}" } ?? json)
        }
    }
}

private func randomTensor(_ shape: [Int], _ limit: Float, _ random: inout SeededGenerator) -> Tensor {
    Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in random.uniform(limit) })
}

/// `values` nested as `shape`, each float in its shortest round-trip form.
func nestedJSON(_ values: [Float], shape: [Int]) -> String {
    var out = ""
    var index = 0
    func write(axis: Int) {
        out += "["
        for position in 0..<shape[axis] {
            if position > 0 { out += "," }
            if axis == shape.count - 1 {
                out += values[index].description
                index += 1
            } else {
                write(axis: axis + 1)
            }
        }
        out += "]"
    }
    if shape.isEmpty { return values.first?.description ?? "null" }
    write(axis: 0)
    return out
}

private func write(_ text: String, to path: String?) throws {
    if let path {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
