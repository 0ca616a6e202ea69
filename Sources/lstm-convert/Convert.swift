import ArgumentParser
import FileIO
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
        let source = [keras.kerasVersion.map { "Keras \($0.shownFromFile)" },
                      keras.config.name.map { "\(keras.config.className.shownFromFile) \($0.quotedForMessage)" }]
            .compactMap { $0 }.joined(separator: ", ")
        let layers = description.layers.map(Self.describe).joined(separator: "; ")
        let dropped = keras.layers.filter { KerasModelFile.inferenceIdentityLayers.contains($0.className) }
            .map { "\($0.name.quotedForMessage) (\($0.className.shownFromFile))" }
        var text = "Converted \(keras.path.shownFromFile(maxLength: .max)) (\(source)) to \(output.shownFromFile(maxLength: .max)): input [batch, \(description.timeSteps.map(String.init) ?? "time"), \(description.inputFeatures)]; "
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
            return "\(lstm.name.quotedForMessage) LSTM \(lstm.inputSize)→\(lstm.units) (\(lstm.activation.rawValue)/\(lstm.recurrentActivation.rawValue)\(sequences)\(bias))"
        case .dense(let dense):
            return "\(dense.name.quotedForMessage) Dense \(dense.inputSize)→\(dense.units) (\(dense.activation.rawValue)\(dense.bias == nil ? ", no bias" : ""))"
        case .gru(let gru):
            let sequences = gru.returnSequences ? ", returns sequences" : ""
            let bias = gru.bias == nil ? ", no bias" : ""
            let reset = gru.resetAfter ? "reset after" : "reset before"
            return "\(gru.name.quotedForMessage) GRU \(gru.inputSize)→\(gru.units) (\(gru.activation.rawValue)/\(gru.recurrentActivation.rawValue), \(reset)\(sequences)\(bias))"
        case .simpleRNN(let rnn):
            let sequences = rnn.returnSequences ? ", returns sequences" : ""
            let bias = rnn.bias == nil ? ", no bias" : ""
            return "\(rnn.name.quotedForMessage) SimpleRNN \(rnn.inputSize)→\(rnn.units) (\(rnn.activation.rawValue)\(sequences)\(bias))"
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
