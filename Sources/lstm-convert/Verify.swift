import ArgumentParser
import Foundation
import LSTMRuntime
import LSTMW
import NPY

extension LSTMConvert {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that the model reproduces reference outputs (such as Keras's) within a tolerance.",
            discussion: """
                Runs the model on --input and compares with --expected element by element: an \
                element passes when |actual - expected| <= atol + rtol * |expected| (NumPy's \
                allclose rule). Prints the largest absolute and relative errors and where the worst \
                element is; exits 0 if every element passes and 1 otherwise.

                Without --input and --expected, checks a .lstmw file against the test vector stored \
                in it (lstm-convert model.h5 out.lstmw --test-input x.npy --test-output y.npy).
                """
        )

        @OptionGroup var options: ModelInputOptions

        @Option(name: .shortAndLong, help: "The reference output, a .npy file of the model's output shape; a model with several outputs takes one per output, in the model's order or as NAME=PATH.")
        var expected: [String] = []

        @Option(help: "Absolute tolerance.")
        var atol: Float = 1e-5

        @Option(help: "Relative tolerance, a fraction of |expected|.")
        var rtol: Float = 1e-5

        func validate() throws {
            guard atol >= 0, rtol >= 0, atol.isFinite, rtol.isFinite else {
                throw ValidationError("tolerances must be finite and non-negative")
            }
            guard options.input.isEmpty == expected.isEmpty else {
                throw ValidationError("--input and --expected go together; leave both out to use the test vector stored in a .lstmw file")
            }
        }

        func run() throws {
            var passed = false
            try reportingErrors {
                guard !expected.isEmpty else {
                    passed = try verifyStoredTestVector()
                    return
                }
                let (runtime, inputs) = try options.load()
                let paths = try assign(expected, to: runtime.outputs.map(\.name), what: "--expected")
                let results = try runtime.predict(inputs)
                passed = true
                for ((path, actual), spec) in zip(zip(paths, results), runtime.outputs) {
                    let reference = try NPYFile.read(contentsOf: URL(fileURLWithPath: path))
                    guard reference.shape == actual.shape else {
                        throw CommandFailure("\(path): the expected output has shape \(reference.shape); the model outputs \(actual.shape)")
                    }
                    let report = try ParityReport(actual: actual, expected: Tensor(shape: reference.shape, values: reference.floatValues()),
                                                  atol: atol, rtol: rtol)
                    if results.count > 1 { print("output \(spec.name.quotedForMessage)") }
                    print(ParityText(report: report, model: options.model, inputShape: inputs[0].shape).text)
                    passed = passed && report.passed
                }
            }
            if !passed { throw ExitCode.failure }
        }

        /// Checks the model against the test vector its `.lstmw` file stores; whether it passed.
        private func verifyStoredTestVector() throws -> Bool {
            guard try ModelFileKind.detect(path: options.model) == .lstmw else {
                throw CommandFailure("\(options.model): only a .lstmw file stores a test vector; give --input and --expected")
            }
            let runtime = try Model(contentsOf: URL(fileURLWithPath: options.model))
            guard let vector = runtime.testVector else {
                throw CommandFailure("\(options.model): the file stores no test vector (convert with --test-input x.npy --test-output y.npy), so give --input and --expected")
            }
            let report = try runtime.verifyTestVector(atol: atol, rtol: rtol)
            print("test vector stored in \(options.model)")
            print(ParityText(report: report, model: options.model, inputShape: vector.input.shape).text)
            return report.passed
        }
    }
}

/// The lines `verify` prints for a report.
struct ParityText {
    let report: ParityReport
    let model: String
    let inputShape: [Int]

    var text: String {
        let worst = "[" + report.worstIndex.map(String.init).joined(separator: ", ") + "]"
        let tolerance = "atol \(format(report.atol)) + rtol \(format(report.rtol)) * |expected|"
        var lines = [
            "model \(model), input \(inputShape), \(report.count) output elements compared",
            "max absolute error \(format(report.maxAbsoluteError)) at \(worst) (actual \(report.worstActual), expected \(report.worstExpected))",
            "max relative error \(format(report.maxRelativeError))",
        ]
        lines.append(report.passed
            ? "PASS: every element is within \(tolerance)"
            : "FAIL: \(report.failures) of \(report.count) elements are outside \(tolerance)")
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Float) -> String { String(format: "%.3g", Double(value)) }
}
