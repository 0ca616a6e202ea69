import Foundation
import NPY
import Testing
import TestSupport

/// A model that starts with an Embedding takes `[batch, time]` token ids from `run` and `verify`.
@Suite struct TokenInputCommandTests {
    let fixture = Fixtures.root.appendingPathComponent("k2_embedding_mask_lstm")

    @Test func runTakesInt32TokenIDsAndMatchesKeras() throws {
        let directory = try TemporaryDirectory()
        let output = directory.file("y.npy")
        let result = try CommandLineTool.run(["run", fixture.appendingPathComponent("model.h5").path,
                                              "--input", fixture.appendingPathComponent("input.npy").path, "--output", output.path])
        #expect(result.status == 0, "\(result)")
        let actual = try NPYFile.read(contentsOf: output)
        let expected = try NPYFile.read(contentsOf: fixture.appendingPathComponent("expected.npy"))
        #expect(actual.shape == expected.shape)
        for (a, e) in zip(actual.floatValues(), expected.floatValues()) { #expect(abs(a - e) <= 1e-5) }
    }

    @Test(arguments: [
        (NPYArray(int64: [1, 2, 3, 4, 25, 1], shape: [2, 3]), "token id 25.0 at [1, 1] is not a whole number from 0 to 19 (embedding 'embedding')"),
        (NPYArray(float64: [1, 2.5], shape: [1, 2]), "token id 2.5 at [0, 1] is not a whole number from 0 to 19"),
        (NPYArray(int32: [-1, 2], shape: [1, 2]), "token id -1.0 at [0, 0]"),
        (NPYArray(int32: [1, 2], shape: [1, 2, 1]), "the model takes token ids [batch, time]"),
    ])
    func refusesIDsOutsideTheVocabularyByPosition(input: NPYArray, message: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("x.npy")
        try NPYFile.write(input, to: path)
        let result = try CommandLineTool.run(["run", fixture.appendingPathComponent("model.h5").path,
                                              "--input", path.path, "--output", directory.file("y.npy").path])
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains(message), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("y.npy").path))
    }
}
