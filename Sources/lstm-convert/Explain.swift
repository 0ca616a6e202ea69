import ArgumentParser
import Foundation

extension LSTMConvert {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each layer's weights and, for an LSTM, which columns hold each gate.",
            discussion: """
                For a Keras model (.h5, .keras, or weights-only with --config): every layer's datasets with their paths and shapes, and for an \
                LSTM the column blocks of kernel, recurrent_kernel and bias that hold W_i, W_f, W_c, \
                W_o (and U_*, b_*), with sample values. For a .lstmw file: every tensor with its shape \
                and byte range, and the Keras block it came from. Works on layers the converter does \
                not support too.
                """
        )

        @Argument(help: "A Keras model (.h5, .keras, or weights-only with --config) or a .lstmw file.")
        var model: String

        @Option(help: "For a weights-only Keras file: its architecture, the JSON model.to_json() wrote.")
        var config: String?

        @Option(help: "How many sample values to show per block.")
        var samples = 3

        func validate() throws {
            guard (0...64).contains(samples) else { throw ValidationError("--samples must be between 0 and 64") }
        }

        func run() throws {
            try reportingErrors {
                switch try ModelFileKind.detect(path: model) {
                case .hdf5, .kerasArchive: print(try KerasExplanation(path: model, config: config, samples: samples).text)
                case .lstmw:
                    if let config { throw CommandFailure("\(config): --config is for weights-only Keras files, not a .lstmw file") }
                    print(try LSTMWExplanation(path: model, samples: samples).text)
                }
            }
        }
    }
}

/// `[0.1234, -0.5, …]`: the first values of a row, as `explain` shows them.
func renderSample(_ values: ArraySlice<Float>, count: Int) -> String {
    let shown = values.prefix(count).map { String(format: "%.4f", Double($0)) }
    return "[" + shown.joined(separator: ", ") + (values.count > count ? ", …" : "") + "]"
}

/// Pads `text` with spaces to `width` characters.
func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// What each gate is called in the explanation.
let gateTitles = ["i": "input gate", "f": "forget gate", "c": "cell candidate", "o": "output gate"]
