import ArgumentParser
import FileIO
import Foundation
import KerasImport
import LSTMRuntime
import LSTMW

extension LSTMConvert {
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a Keras model (Keras 2 or Keras 3) to a .lstmw file.",
            discussion: """
                The model may be a full model saved with model.save("model.h5"), a .keras archive \
                saved with model.save("model.keras"), or weights saved with save_weights("w.h5") or \
                save_weights("w.weights.h5") together with --config, the JSON model.to_json() wrote.

                With --test-input and --test-output (an input and the output Keras computed for it), \
                the converter checks that the converted model reproduces the output (atol 1e-5 + \
                rtol 1e-5 * |expected|), refuses to write the file if it does not, and stores both \
                in the file (format 1.2) so that `lstm-convert verify out.lstmw` and the runtime's \
                Model.verifyTestVector() can check the model wherever it is deployed.

                The output is written to a temporary file beside it and renamed into place, so a \
                failed conversion leaves no partial file. Layers or options the runtime cannot \
                execute exactly as Keras does are refused by name.
                """
        )

        @Argument(help: "The Keras model: model.h5, model.keras, or a weights-only file with --config.")
        var model: String

        @Argument(help: "The .lstmw file to write (replaced if it exists).")
        var output: String

        @Option(help: "For a weights-only file: its architecture, the JSON model.to_json() wrote.")
        var config: String?

        @Option(help: "A test input, a [batch, time, features] float32 or float64 .npy file (token ids [batch, time] for a model starting with an Embedding), to store in the file. A model with several inputs takes one per input, in its order or as NAME=PATH.")
        var testInput: [String] = []

        @Option(help: "The output Keras computed for --test-input (model.predict), a float32 or float64 .npy file; one per model output, in its order or as NAME=PATH.")
        var testOutput: [String] = []

        @Flag(name: .shortAndLong, help: "Print nothing on success.")
        var quiet = false

        func validate() throws {
            let target = URL(fileURLWithPath: output).standardizedFileURL.path
            let inputs = [(model, "the input model"), (config, "the config")]
                + testInput.map { ($0, "the test input") } + testOutput.map { ($0, "the test output") }
            for case let (input?, what) in inputs {
                guard URL(fileURLWithPath: input).standardizedFileURL.path != target else {
                    throw ValidationError("the output would overwrite \(what)")
                }
            }
            // Recording only an input would mean computing the expected output with this very
            // converter: a self-referential check that could never fail.
            guard testInput.isEmpty == testOutput.isEmpty else {
                throw ValidationError("--test-input and --test-output go together: the expected output must be Keras's own (model.predict), not this converter's")
            }
        }

        func run() throws {
            try reportingErrors {
                let keras = try openKerasModel(path: model, config: config)
                var description = try keras.modelDescription()
                var report: ParityReport?
                if !testInput.isEmpty {
                    description.testVector = try readTestVector(inputs: testInput, outputs: testOutput, for: description)
                    let result = try Model(description).verifyTestVector()
                    guard result.passed else {
                        throw CommandFailure("\(output): not written: the converted model does not reproduce \(testOutput.joined(separator: ", ")): max absolute error \(result.maxAbsoluteError) at \(result.worstIndex) (actual \(result.worstActual), expected \(result.worstExpected)); \(result.failures) of \(result.count) elements are outside atol \(result.atol) + rtol \(result.rtol) * |expected|")
                    }
                    report = result
                }
                let url = URL(fileURLWithPath: output)
                try LSTMWFile.write(description, to: url, producer: "lstm-convert \(LSTMConvert.configuration.version)")
                guard !quiet else { return }
                let bytes = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
                print(ConversionSummary(keras: keras, description: description, output: output, bytes: bytes, testReport: report).text)
            }
        }
    }
}

/// The one-paragraph account `convert` prints: what was read, what was written, what was dropped.
struct ConversionSummary {
    let keras: KerasModelFile
    let description: ModelDescription
    let output: String
    let bytes: Int
    var testReport: ParityReport? = nil

    var text: String {
        let version = keras.kerasVersion.map { "Keras \($0.shownFromFile)" }
            ?? keras.generation.map { "Keras \($0 == .keras3 ? 3 : 2), from \(keras.generationEvidence ?? "the config")" }
        let source = [version, keras.config.name.map { "\(keras.config.className.shownFromFile) \($0.quotedForMessage)" }]
            .compactMap { $0 }.joined(separator: ", ")
        let layers = description.layers.map(Self.describe).joined(separator: "; ")
        let dropped = keras.layers.filter { KerasModelFile.inferenceIdentityLayers.contains($0.className) }
            .map { "\($0.name.quotedForMessage) (\($0.className.shownFromFile))" }
        let time = description.timeSteps.map(String.init) ?? "time"
        let input = description.inputIsTokens ? "token ids [batch, \(time)]" : "[batch, \(time), \(description.inputFeatures)]"
        let inputs = description.graph == nil ? "input \(input)"
            : "a graph of \(counted(description.inputTensors.count, "input")) (\(description.inputTensors.map(\.name.quotedForMessage).joined(separator: ", "))) and \(counted(description.outputTensors.count, "output")) (\(description.outputTensors.map(\.name.quotedForMessage).joined(separator: ", ")))"
        var text = "Converted \(keras.path.shownFromFile(maxLength: .max)) (\(source)) to \(output.shownFromFile(maxLength: .max)): \(inputs); "
        text += "\(description.layers.count) layer\(description.layers.count == 1 ? "" : "s"): \(layers); "
        text += "\(description.parameterCount.formatted()) parameters, \(bytes.formatted()) bytes"
        if !dropped.isEmpty { text += "; identity at inference, left out: \(dropped.joined(separator: ", "))" }
        if let vector = description.testVector, let testReport {
            text += "; test vector \(vector.input.shape) -> \(vector.expectedOutput.shape) stored, reproduced with max absolute error \(String(format: "%.3g", Double(testReport.maxAbsoluteError)))"
        }
        return text + "."
    }

    static func describe(_ layer: Layer) -> String {
        switch layer {
        case .lstm(let lstm):
            let sequences = lstm.returnSequences ? ", returns sequences" : ""
            let bias = lstm.bias == nil ? ", no bias" : ""
            let backwards = lstm.goBackwards ? ", go_backwards" : ""
            let state = lstm.stateful ? ", stateful" : ""
            return "\(lstm.name.quotedForMessage) LSTM \(lstm.inputSize)→\(lstm.units) (\(lstm.activation.rawValue)/\(lstm.recurrentActivation.rawValue)\(sequences)\(backwards)\(state)\(bias))"
        case .dense(let dense):
            return "\(dense.name.quotedForMessage) Dense \(dense.inputSize)→\(dense.units) (\(dense.activation.rawValue)\(dense.bias == nil ? ", no bias" : ""))"
        case .gru(let gru):
            let sequences = gru.returnSequences ? ", returns sequences" : ""
            let bias = gru.bias == nil ? ", no bias" : ""
            let reset = gru.resetAfter ? "reset after" : "reset before"
            let backwards = gru.goBackwards ? ", go_backwards" : ""
            let state = gru.stateful ? ", stateful" : ""
            return "\(gru.name.quotedForMessage) GRU \(gru.inputSize)→\(gru.units) (\(gru.activation.rawValue)/\(gru.recurrentActivation.rawValue), \(reset)\(sequences)\(backwards)\(state)\(bias))"
        case .simpleRNN(let rnn):
            let sequences = rnn.returnSequences ? ", returns sequences" : ""
            let bias = rnn.bias == nil ? ", no bias" : ""
            let backwards = rnn.goBackwards ? ", go_backwards" : ""
            let state = rnn.stateful ? ", stateful" : ""
            return "\(rnn.name.quotedForMessage) SimpleRNN \(rnn.inputSize)→\(rnn.units) (\(rnn.activation.rawValue)\(sequences)\(backwards)\(state)\(bias))"
        case .bidirectional(let layer):
            return "\(layer.name.quotedForMessage) Bidirectional \(layer.mergeMode.rawValue) of [\(describe(layer.forward)), \(describe(layer.backward))]"
        case .embedding(let layer):
            return "\(layer.name.quotedForMessage) Embedding \(layer.inputDim) ids→\(layer.outputDim)\(layer.maskZero ? " (mask_zero)" : "")"
        case .masking(let layer):
            return "\(layer.name.quotedForMessage) Masking \(layer.features) (mask_value \(layer.maskValue))"
        case .activation(let layer):
            return "\(layer.name.quotedForMessage) Activation \(layer.activation.rawValue)"
        case .layerNormalization(let layer):
            return "\(layer.name.quotedForMessage) LayerNormalization \(layer.features) (epsilon \(layer.epsilon))"
        case .batchNormalization(let layer):
            return "\(layer.name.quotedForMessage) BatchNormalization \(layer.features) (epsilon \(layer.epsilon))"
        case .conv1D(let conv):
            return "\(conv.name.quotedForMessage) Conv1D \(conv.inputSize)→\(conv.filters) (kernel \(conv.kernelSize), strides \(conv.strides), dilation \(conv.dilation), \(conv.padding.rawValue), \(conv.activation.rawValue)\(conv.bias == nil ? ", no bias" : ""))"
        case .pooling1D(let pooling):
            return "\(pooling.name.quotedForMessage) \(layer.kerasClassName) \(pooling.poolSize) (strides \(pooling.strides), \(pooling.padding.rawValue))"
        case .globalPooling1D(let pooling):
            return "\(pooling.name.quotedForMessage) \(layer.kerasClassName) \(pooling.features)"
        case .flatten(let flatten):
            return "\(flatten.name.quotedForMessage) Flatten \(flatten.timeSteps)×\(flatten.features)→\(flatten.timeSteps * flatten.features)"
        case .reshape(let reshape):
            return "\(reshape.name.quotedForMessage) Reshape \(reshape.inputShape)→\(reshape.targetShape)"
        case .repeatVector(let repeated):
            return "\(repeated.name.quotedForMessage) RepeatVector ×\(repeated.n)"
        case .merge(let merge):
            return "\(merge.name.quotedForMessage) \(merge.mode.kerasClassName) of \(merge.inputCount)"
        case .concatenate(let concatenate):
            return "\(concatenate.name.quotedForMessage) Concatenate \(concatenate.inputSizes)→\(concatenate.outputSize)"
        case .swapBatchTime(let swap):
            return "\(swap.name.quotedForMessage) SwapBatchTime \(swap.features) (batch and time axes swapped for time_major)"
        }
    }
}

/// `"1 input"`, `"2 inputs"`.
func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

extension Int {
    /// The number with thousands separators, such as `12,345`.
    func formatted() -> String {
        let digits = String(magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (self < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}
