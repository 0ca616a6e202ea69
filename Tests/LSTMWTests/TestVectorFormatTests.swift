import Foundation
import Testing
@testable import LSTMW

/// The optional test vector of format 1.2: written after the layers' tensors, read back bit for
/// bit, checked like every other part of the file.
@Suite struct TestVectorFormatTests {
    /// `ModelFixtures.tiny()` (1 feature, LSTM(1) -> Dense(1)) with a two-sequence test vector.
    /// The expected output only has to have the right shape here; the runtime's tests check values.
    static func tinyWithVector() -> ModelDescription {
        var model = ModelFixtures.tiny()
        model.testVector = TestVector(input: Tensor(shape: [2, 3, 1], values: [0.5, -1, 2, 0, 0.25, -0.125]),
                                      expectedOutput: Tensor(shape: [2, 1], values: [-0.75, 0.0625]))
        return model
    }

    @Test func aTestVectorRoundTripsAndMakesTheFileVersion12() throws {
        let model = Self.tinyWithVector()
        let bytes = try LSTMWFile.encode(model)
        #expect(bytes.u16(at: 10) == 2)
        #expect(try LSTMWFile.decode(bytes) == model)
        #expect(try LSTMWFile.encode(LSTMWFile.decode(bytes)) == bytes)
        let text = FileParts(bytes).headerText
        #expect(text.hasSuffix(#""test_vector":{"input":{"name":"input","dtype":"float32","shape":[2,3,1],"offset":896,"byte_length":24},"expected_output":{"name":"expected_output","dtype":"float32","shape":[2,1],"offset":960,"byte_length":8}}}"#), "\(text)")
    }

    @Test func withoutATestVectorTheBytesAreThoseOfEarlierVersions() throws {
        let bytes = try LSTMWFile.encode(ModelFixtures.tiny())
        #expect(bytes.u16(at: 10) == 0)
        #expect(!FileParts(bytes).headerText.contains("test_vector"))
    }

    @Test func inspectShowsWhereTheTestVectorIs() throws {
        let bytes = try LSTMWFile.encode(Self.tinyWithVector())
        let directory = try LSTMWFile.inspect(bytes)
        let vector = try #require(directory.testVector)
        #expect(directory.version == .init(major: 1, minor: 2))
        #expect(vector.input.shape == [2, 3, 1] && vector.expectedOutput.shape == [2, 1])
        let start = directory.dataRange.lowerBound
        #expect(vector.input.byteRange == (start + 896)..<(start + 920))
        let stored = (0..<6).map { Float(bitPattern: bytes.u32(at: vector.input.offset + 4 * $0)) }
        #expect(stored == [0.5, -1, 2, 0, 0.25, -0.125])
        #expect(try LSTMWFile.inspect(LSTMWFile.encode(ModelFixtures.tiny())).testVector == nil)
    }

    @Test func aTestVectorInAFileThatDeclaresAnEarlierVersionIsRefused() throws {
        var parts = FileParts(try LSTMWFile.encode(Self.tinyWithVector()))
        parts.minor = 1
        let error = try #require(throws: LSTMWError.self) { try LSTMWFile.decode(parts.assembled()) }
        #expect(error.code == .malformedHeader)
        #expect(error.message.contains("test_vector, which needs format version 1.2; the file declares 1.1"))
    }

    @Test(arguments: [
        (#""shape":[2,3,1],"offset":896"#, #""shape":[2,3,2],"offset":896"#, "byte_length 24, but 12 float32 elements take 48 bytes"),
        (#""offset":960,"byte_length":8"#, #""offset":1024,"byte_length":8"#, "runs past the end of the data section"),
        (#""offset":960,"byte_length":8"#, #""offset":896,"byte_length":8"#, "overlaps"),
        (#""offset":960,"byte_length":8"#, #""offset":961,"byte_length":8"#, "is not aligned to 64 bytes"),
        (#""name":"expected_output""#, #""name":"output""#, "needs 'expected_output' there"),
        (#""dtype":"float32","shape":[2,1]"#, #""dtype":"float64","shape":[2,1]"#, "has dtype 'float64'"),
        (#""shape":[2,3,1],"offset":896"#, #""shape":[1048576,1048576],"offset":896"#, "more than the limit of 268435456"),
    ])
    func aMalformedTestVectorEntryIsRefused(old: String, new: String, fragment: String) throws {
        var parts = FileParts(try LSTMWFile.encode(Self.tinyWithVector()))
        parts.replaceInHeader(old, with: new)
        let error = try #require(throws: LSTMWError.self) { try LSTMWFile.decode(parts.assembled()) }
        #expect(error.message.contains(fragment), "\(error)")
    }

    @Test func aTestVectorThatDoesNotFitTheModelIsRefusedOnWriteAndRead() throws {
        let cases: [(TestVector, String)] = [
            (TestVector(input: Tensor(shape: [2, 3, 2], values: .init(repeating: 0, count: 12)), expectedOutput: Tensor(shape: [2, 1], values: [0, 0])),
             "the test vector's input has shape [2, 3, 2]"),
            (TestVector(input: Tensor(shape: [2, 3, 1], values: .init(repeating: 0, count: 6)), expectedOutput: Tensor(shape: [2, 3, 1], values: .init(repeating: 0, count: 6))),
             "expected output has shape [2, 3, 1]; for its input the model outputs [2, 1]"),
            (TestVector(input: Tensor(shape: [2, 3, 1], values: [0, 0, .nan, 0, 0, 0]), expectedOutput: Tensor(shape: [2, 1], values: [0, 0])),
             "input holds a non-finite value (nan) at flat index 2"),
            (TestVector(input: Tensor(shape: [2, 3, 1], values: .init(repeating: 0, count: 6)), expectedOutput: Tensor(shape: [2, 1], values: [0, .infinity])),
             "expected output holds a non-finite value (inf) at flat index 1"),
        ]
        for (vector, fragment) in cases {
            var model = ModelFixtures.tiny()
            model.testVector = vector
            let error = try #require(throws: LSTMWError.self) { try LSTMWFile.encode(model) }
            #expect(error.code == .invalidModel && error.message.contains(fragment), "\(error)")
        }
        // The same check on read: a NaN written into the stored input (CRC refreshed).
        var parts = FileParts(try LSTMWFile.encode(Self.tinyWithVector()))
        parts.data.replaceSubrange(896..<900, with: [0x00, 0x00, 0xC0, 0x7F])
        let error = try #require(throws: LSTMWError.self) { try LSTMWFile.decode(parts.assembled()) }
        #expect(error.code == .invalidModel && error.message.contains("test vector's input holds a non-finite value"), "\(error)")
    }

    @Test func aModelWithAFixedLengthRefusesAVectorOfAnotherLength() throws {
        var model = ModelFixtures.tiny()
        model.timeSteps = 4
        model.testVector = Self.tinyWithVector().testVector
        let error = try #require(throws: LSTMWError.self) { try model.validate() }
        #expect(error.message.contains("has 3 time steps; the model was built for 4"))
    }
}
