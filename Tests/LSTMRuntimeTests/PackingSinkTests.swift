import Foundation
import LSTMW
import Testing
@testable import LSTMRuntime

/// Loading a `.lstmw` file packs the recurrent and Dense weights straight from its bytes
/// (`PackingSink`); the model must be the one packing the decoded description gives, to the bit.
@Suite struct PackingSinkTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus/lstmw")

    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? [])
        .filter { $0.hasSuffix(".lstmw") }.sorted()

    /// An input the model takes: token ids below the Embedding's input_dim, or features.
    private static func input(for description: ModelDescription) -> Tensor {
        var rng = SeededGenerator(seed: 77)
        let (batch, time) = (3, description.timeSteps ?? 7)
        if case .embedding(let embedding) = description.layers.first {
            return Tensor(shape: [batch, time], values: (0..<(batch * time)).map { _ in Float(Int.random(in: 0..<embedding.inputDim, using: &rng)) })
        }
        return RandomModels.input(batch: batch, time: time, features: description.inputFeatures, using: &rng)
    }

    @Test func theCorpusIsThere() {
        #expect(Self.files.count >= 8)
    }

    @Test(arguments: files)
    func loadingPacksTheSameModelAsTheDecodedDescription(name: String) throws {
        let url = Self.corpus.appendingPathComponent(name)
        let bytes = try [UInt8](Data(contentsOf: url))
        let description = try LSTMWFile.decode(bytes)
        let reference = try Model(description)
        // A graph takes one tensor per input: its stored test vector's.
        let inputs = description.graph == nil ? [Self.input(for: description)] : try #require(description.testVector).inputs
        let expected = try reference.predict(inputs)
        for loaded in [try Model(contentsOf: url), try Model(bytes: bytes)] {
            #expect(loaded.description == description, "\(name)")
            #expect(try loaded.predict(inputs).flatMap { $0.values.map(\.bitPattern) } == expected.flatMap { $0.values.map(\.bitPattern) }, "\(name)")
            #expect(loaded.layers == reference.layers)
        }
    }

    @Test(arguments: [0, 9, 70, 200, -1])
    func aDamagedFileIsRefusedWithTheReadersMessage(position: Int) throws {
        let name = try #require(Self.files.first)
        var bytes = try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent(name)))
        bytes[position < 0 ? bytes.count + position : position] ^= 0x20
        let expected: LSTMWError = try #require({ () -> LSTMWError? in
            do throws(LSTMWError) { _ = try LSTMWFile.decode(bytes); return nil } catch { return error }
        }())
        let error = try #require(caught { () throws(RuntimeError) in try Model(bytes: bytes) })
        #expect(error.code == .invalidFile)
        #expect(error.message == expected.message)
    }
}
