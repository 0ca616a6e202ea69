import Foundation
import LSTMRuntime
import LSTMW

// Loads a .lstmw file and runs it on a constant input: the smallest program a server needs.
guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: runtime-only model.lstmw\n".utf8))
    exit(64)
}
do {
    let model = try Model(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1]))
    let timeSteps = 10
    let input = Tensor(shape: [1, timeSteps, model.inputFeatures],
                       values: (0..<(timeSteps * model.inputFeatures)).map { Float($0 % 7) / 7 - 0.5 })
    let output = try model.predict(input)
    print("output \(output.shape): \(output.values.prefix(8).map { String(format: "%.6f", $0) }.joined(separator: " "))")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
