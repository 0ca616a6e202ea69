import Foundation
import LSTMW
import Testing
import TestSupport

/// What `explain` and `convert` print on standard output from a file (names, versions, option
/// values) is escaped as error messages escape it: a hostile file can neither send terminal
/// escape sequences nor forge output lines such as a fake `error:`.
@Suite struct CLIOutputEscapingTests {
    static func corpus(_ name: String) -> String { CLIBadInputTests.corpus("h5/\(name)") }

    /// No ESC, BEL, CR or other control character except the line feeds between lines; no line
    /// that starts with text the file supplied.
    static func expectInert(_ output: String, forged: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let controls = output.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F..<0xA0).contains($0.value) }
        #expect(controls.isEmpty, "control characters \(controls.map { $0.value }) in \(output.debugDescription)",
                sourceLocation: sourceLocation)
        for line in output.split(separator: "\n") {
            for text in forged {
                #expect(!line.hasPrefix(text), "forged line \(line.debugDescription)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Found in review: `explain` printed option values from the file raw, so a Keras file could
    /// clear the screen, retitle the terminal or add lines to the output.
    @Test func explainEscapesEveryStringFromAKerasFile() throws {
        let result = try CommandLineTool.run(["explain", Self.corpus("hostile_strings.h5")])
        #expect(result.status == 0, "\(result)")
        let text = result.standardOutput
        Self.expectInert(text, forged: ["error:", "fake line"])
        #expect(text.contains(#"Keras 2.21.0\u{1b}[2J (tensorflow\u{d}error: forged), Sequential 'seq\u{1b}[31m\u{a}fake line'"#), "\(text)")
        #expect(text.contains(#"activation \u{1b}]0;pwned\u{7}tanh"#), "\(text)")
        #expect(text.contains(#"recurrent_activation sigmoid\u{1b}[2K\u{d}error: forged line"#), "\(text)")
        #expect(text.contains("layer 'lstm' (LSTM)"), "\(text)")
    }

    @Test func explainEscapesALineBreakInAnOptionValue() throws {
        let result = try CommandLineTool.run(["explain", Self.corpus("config_name_with_newline.h5")])
        #expect(result.status == 0, "\(result)")
        Self.expectInert(result.standardOutput, forged: ["error:"])
        #expect(result.standardOutput.contains(#"activation tanh\u{a}error: forged second line"#), "\(result.standardOutput)")
    }

    /// Names longer than 80 characters are cut with `…`, as in error messages.
    @Test func explainCutsHugeNames() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("long.lstmw").path
        let name = String(repeating: "n", count: 10_000)
        try LSTMWFile.write(Self.denseModel(layerName: name, source: ModelSource(modelName: name)), to: URL(fileURLWithPath: path))
        let result = try CommandLineTool.run(["explain", path])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.contains("layer '\(String(repeating: "n", count: 80))…' (Dense)"), "\(result.standardOutput)")
        #expect(result.standardOutput.utf8.count < 2000, "\(result.standardOutput.utf8.count) bytes")
    }

    /// The same for a `.lstmw` file: producer, source strings and layer names.
    @Test func explainEscapesEveryStringFromAnLSTMWFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("hostile.lstmw").path
        let source = ModelSource(kerasVersion: "3.1\u{1B}[2J", backend: "jax\rerror: forged",
                                 modelName: "m\u{1B}[31m\nfake line", modelClass: "Functional\u{7}")
        let model = Self.denseModel(layerName: "d\u{1B}]0;pwned\u{7}\nerror: forged", source: source)
        try LSTMWFile.write(model, to: URL(fileURLWithPath: path), producer: "evil\u{9B}31m 1.0")
        let result = try CommandLineTool.run(["explain", path])
        #expect(result.status == 0, "\(result)")
        let text = result.standardOutput
        Self.expectInert(text, forged: ["error:", "fake line"])
        #expect(text.contains(#"written by evil\u{9b}31m 1.0"#), "\(text)")
        #expect(text.contains(#"from Keras 3.1\u{1b}[2J (jax\u{d}error: forged), Functional\u{7} 'm\u{1b}[31m\u{a}fake line'"#), "\(text)")
        #expect(text.contains(#"layer 'd\u{1b}]0;pwned\u{7}\u{a}error: forged' (Dense)"#), "\(text)")
    }

    /// `convert`'s summary names the model, its Keras version and backend from the file: escaped
    /// too. (`hostile_strings.h5` itself is refused for its activations, with an escaped error.)
    @Test func convertSummaryEscapesStringsFromTheFile() throws {
        let directory = try TemporaryDirectory()
        let output = directory.file("out.lstmw").path
        let result = try CommandLineTool.run([Self.corpus("hostile_names_convertible.h5"), output])
        #expect(result.status == 0, "\(result)")
        Self.expectInert(result.standardOutput, forged: ["error:", "fake line"])
        #expect(result.standardOutput.contains(#"(Keras 2.21.0\u{1b}[2J, Sequential 'seq\u{1b}[31m\u{a}fake line')"#), "\(result)")

        let refused = try CommandLineTool.run([Self.corpus("hostile_strings.h5"), output])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.standardOutput.isEmpty, "\(refused)")
        #expect(refused.errorLines.count == 1, "\(refused)")
        #expect(refused.errorLines.first?.contains(#"\u{1b}]0;pwned\u{7}tanh"#) == true, "\(refused)")
    }

    static func denseModel(layerName: String, source: ModelSource) -> ModelDescription {
        let dense = DenseLayer(name: layerName, inputSize: 2, units: 1, activation: .linear,
                               kernel: Tensor(shape: [2, 1], values: [0.5, -0.25]), bias: nil)
        return ModelDescription(source: source, inputFeatures: 2, timeSteps: nil, layers: [.dense(dense)])
    }
}
