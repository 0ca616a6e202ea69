import ArgumentParser
import Foundation
import KerasImport
import LSTMW

extension LSTMConvert {
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a Keras .h5 model (Keras 2 or Keras 3) to a .lstmw file.",
            discussion: """
                The output is written to a temporary file beside it and renamed into place, so a \
                failed conversion leaves no partial file. Layers or options the runtime cannot \
                execute exactly as Keras does are refused by name.
                """
        )

        @Argument(help: "The Keras model, saved with model.save(\"model.h5\").")
        var model: String

        @Argument(help: "The .lstmw file to write (replaced if it exists).")
        var output: String

        @Flag(name: .shortAndLong, help: "Print nothing on success.")
        var quiet = false

        func validate() throws {
            let input = URL(fileURLWithPath: model).standardizedFileURL.path
            guard input != URL(fileURLWithPath: output).standardizedFileURL.path else {
                throw ValidationError("the output would overwrite the input model")
            }
        }

        func run() throws {
            try reportingErrors {
                guard try ModelFileKind.detect(path: model) == .hdf5 else {
                    throw CommandFailure("\(model): already a .lstmw file")
                }
                let keras = try KerasModelFile(path: model)
                let description = try keras.modelDescription()
                let url = URL(fileURLWithPath: output)
                try LSTMWFile.write(description, to: url, producer: "lstm-convert \(LSTMConvert.configuration.version)")
                guard !quiet else { return }
                let bytes = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
                print(ConversionSummary(keras: keras, description: description, output: output, bytes: bytes).text)
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

    var text: String {
        let source = [keras.kerasVersion.map { "Keras \($0)" }, keras.config.name.map { "\(keras.config.className) '\($0)'" }]
            .compactMap { $0 }.joined(separator: ", ")
        let layers = description.layers.map(Self.describe).joined(separator: "; ")
        let dropped = keras.layers.filter { KerasModelFile.inferenceIdentityLayers.contains($0.className) }
            .map { "'\($0.name)' (\($0.className))" }
        let time = description.timeSteps.map(String.init) ?? "time"
        let input = description.inputIsTokens ? "token ids [batch, \(time)]" : "[batch, \(time), \(description.inputFeatures)]"
        var text = "Converted \(keras.path) (\(source)) to \(output): input \(input); "
        text += "\(description.layers.count) layer\(description.layers.count == 1 ? "" : "s"): \(layers); "
        text += "\(description.parameterCount.formatted()) parameters, \(bytes.formatted()) bytes"
        if !dropped.isEmpty { text += "; identity at inference, left out: \(dropped.joined(separator: ", "))" }
        return text + "."
    }

    static func describe(_ layer: Layer) -> String {
        switch layer {
        case .lstm(let lstm):
            let sequences = lstm.returnSequences ? ", returns sequences" : ""
            let bias = lstm.bias == nil ? ", no bias" : ""
            let backwards = lstm.goBackwards ? ", go_backwards" : ""
            return "'\(lstm.name)' LSTM \(lstm.inputSize)→\(lstm.units) (\(lstm.activation.rawValue)/\(lstm.recurrentActivation.rawValue)\(sequences)\(backwards)\(bias))"
        case .dense(let dense):
            return "'\(dense.name)' Dense \(dense.inputSize)→\(dense.units) (\(dense.activation.rawValue)\(dense.bias == nil ? ", no bias" : ""))"
        case .gru(let gru):
            let sequences = gru.returnSequences ? ", returns sequences" : ""
            let bias = gru.bias == nil ? ", no bias" : ""
            let reset = gru.resetAfter ? "reset after" : "reset before"
            return "'\(gru.name)' GRU \(gru.inputSize)→\(gru.units) (\(gru.activation.rawValue)/\(gru.recurrentActivation.rawValue), \(reset)\(sequences)\(bias))"
        case .simpleRNN(let rnn):
            let sequences = rnn.returnSequences ? ", returns sequences" : ""
            let bias = rnn.bias == nil ? ", no bias" : ""
            return "'\(rnn.name)' SimpleRNN \(rnn.inputSize)→\(rnn.units) (\(rnn.activation.rawValue)\(sequences)\(bias))"
        case .bidirectional(let layer):
            return "'\(layer.name)' Bidirectional \(layer.mergeMode.rawValue) of [\(describe(layer.forward)), \(describe(layer.backward))]"
        case .embedding(let layer):
            return "'\(layer.name)' Embedding \(layer.inputDim) ids→\(layer.outputDim)\(layer.maskZero ? " (mask_zero)" : "")"
        case .masking(let layer):
            return "'\(layer.name)' Masking \(layer.features) (mask_value \(layer.maskValue))"
        case .activation(let layer):
            return "'\(layer.name)' Activation \(layer.activation.rawValue)"
        case .layerNormalization(let layer):
            return "'\(layer.name)' LayerNormalization \(layer.features) (epsilon \(layer.epsilon))"
        case .batchNormalization(let layer):
            return "'\(layer.name)' BatchNormalization \(layer.features) (epsilon \(layer.epsilon))"
        case .conv1D(let conv):
            return "'\(conv.name)' Conv1D \(conv.inputSize)→\(conv.filters) (kernel \(conv.kernelSize), strides \(conv.strides), dilation \(conv.dilation), \(conv.padding.rawValue), \(conv.activation.rawValue)\(conv.bias == nil ? ", no bias" : ""))"
        case .pooling1D(let pooling):
            return "'\(pooling.name)' \(layer.kerasClassName) \(pooling.poolSize) (strides \(pooling.strides), \(pooling.padding.rawValue))"
        case .globalPooling1D(let pooling):
            return "'\(pooling.name)' \(layer.kerasClassName) \(pooling.features)"
        case .flatten(let flatten):
            return "'\(flatten.name)' Flatten \(flatten.timeSteps)×\(flatten.features)→\(flatten.timeSteps * flatten.features)"
        case .reshape(let reshape):
            return "'\(reshape.name)' Reshape \(reshape.inputShape)→\(reshape.targetShape)"
        case .repeatVector(let repeated):
            return "'\(repeated.name)' RepeatVector ×\(repeated.n)"
        }
    }
}

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
