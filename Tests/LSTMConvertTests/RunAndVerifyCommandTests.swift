import Foundation
import NPY
import Testing
import TestSupport

@Suite struct RunAndVerifyCommandTests {
    let fixture = Fixtures.root.appendingPathComponent("k2_lstm_stacked_softmax")

    func converted(in directory: TemporaryDirectory) throws -> URL {
        let output = directory.file("model.lstmw")
        let result = try CommandLineTool.run(["-q", fixture.appendingPathComponent("model.h5").path, output.path])
        try #require(result.status == 0, "\(result)")
        return output
    }

    @Test func runWritesKerasOutputsAsFloat32NPY() throws {
        let directory = try TemporaryDirectory()
        let model = try converted(in: directory)
        let output = directory.file("y.npy")
        let result = try CommandLineTool.run(["run", model.path, "--input", fixture.appendingPathComponent("input.npy").path,
                                              "--output", output.path])
        #expect(result.status == 0, "\(result)")
        let actual = try NPYFile.read(contentsOf: output)
        let expected = try NPYFile.read(contentsOf: fixture.appendingPathComponent("expected.npy"))
        #expect(actual.dtype == .float32)
        #expect(actual.shape == expected.shape)
        for (a, e) in zip(actual.floatValues(), expected.floatValues()) { #expect(abs(a - e) <= 1e-5) }
    }

    @Test func runAcceptsFloat64InputAndKerasFilesDirectly() throws {
        let directory = try TemporaryDirectory()
        let input = try NPYFile.read(contentsOf: fixture.appendingPathComponent("input.npy"))
        let wide = directory.file("x64.npy")
        try Data(float64NPY(input.floatValues().map(Double.init), shape: input.shape)).write(to: wide)
        let output = directory.file("y.npy")
        let result = try CommandLineTool.run(["run", fixture.appendingPathComponent("model.h5").path,
                                              "-i", wide.path, "-o", output.path])
        #expect(result.status == 0, "\(result)")
        let expected = try NPYFile.read(contentsOf: fixture.appendingPathComponent("expected.npy"))
        for (a, e) in zip(try NPYFile.read(contentsOf: output).floatValues(), expected.floatValues()) {
            #expect(abs(a - e) <= 1e-5)
        }
    }

    @Test func runRefusesAnInputWithTheWrongFeatureCount() throws {
        let directory = try TemporaryDirectory()
        let model = try converted(in: directory)
        let bad = Fixtures.invalid("input_wrong_features.npy").path
        let output = directory.file("y.npy")
        let result = try CommandLineTool.run(["run", model.path, "--input", bad, "--output", output.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines == ["error: \(bad): the input has 9 features per timestep (shape [2, 7, 9]); the model expects 4"])
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func verifyPassesAndReportsTheError() throws {
        let directory = try TemporaryDirectory()
        let model = try converted(in: directory)
        let result = try CommandLineTool.run(["verify", model.path, "--input", fixture.appendingPathComponent("input.npy").path,
                                              "--expected", fixture.appendingPathComponent("expected.npy").path])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.contains("max absolute error"))
        #expect(result.standardOutput.contains("max relative error"))
        #expect(result.standardOutput.contains("PASS: every element is within atol 1e-05"))
    }

    /// The Keras 3 hard_sigmoid outputs are not those of the Keras 2 model with the same weights:
    /// verify must notice, report the worst element and exit 1.
    @Test func verifyFailsOnOutputsFromAnotherModel() throws {
        let k2 = Fixtures.root.appendingPathComponent("k2_lstm_hard_sigmoid")
        let k3 = Fixtures.root.appendingPathComponent("k3_lstm_hard_sigmoid")
        let result = try CommandLineTool.run(["verify", k2.appendingPathComponent("model.h5").path,
                                              "--input", k2.appendingPathComponent("input.npy").path,
                                              "--expected", k3.appendingPathComponent("expected.npy").path])
        #expect(result.status == 1, "\(result)")
        #expect(result.standardOutput.contains("FAIL:"))
        #expect(result.standardOutput.contains("max absolute error"))
    }

    @Test func verifyRefusesExpectedValuesOfTheWrongShape() throws {
        let result = try CommandLineTool.run(["verify", fixture.appendingPathComponent("model.h5").path,
                                              "--input", fixture.appendingPathComponent("input.npy").path,
                                              "--expected", fixture.appendingPathComponent("input.npy").path])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.count == 1)
        #expect(result.errorLines.first?.contains("the expected output has shape [2, 9, 4]; the model outputs [2, 3]") == true, "\(result)")
    }
}

/// A version 1.0 little-endian float64 .npy file, built byte by byte.
func float64NPY(_ values: [Double], shape: [Int]) -> [UInt8] {
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(shape.map(String.init).joined(separator: ", ")),), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
    bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
    bytes += Array(header.utf8)
    for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
    return bytes
}
