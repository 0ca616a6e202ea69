import Foundation
import LSTMRuntime
import LSTMW
import Testing

/// `Model(contentsOf:)`, `Model(bytes:)` and `Model(data:)`: the model a `.lstmw` file holds,
/// or a typed error naming the file and the reason.
@Suite struct ModelLoadingTests {
    private static func description() -> ModelDescription {
        var rng = SeededGenerator(seed: 51)
        return RandomModels.stackedClassifier(using: &rng)
    }

    private static func input() -> Tensor {
        var rng = SeededGenerator(seed: 52)
        return RandomModels.input(batch: 2, time: 6, features: 4, using: &rng)
    }

    /// The loaded model computes the same bits as one built from the description in memory.
    private func expectSameModel(_ loaded: Model, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let description = Self.description()
        #expect(loaded.description == description, sourceLocation: sourceLocation)
        let expected = try Model(description).predict(Self.input())
        #expect(try loaded.predict(Self.input()) == expected, sourceLocation: sourceLocation)
    }

    @Test func loadsAFile() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.lstmw")
            try LSTMWFile.write(Self.description(), to: url)
            try expectSameModel(try Model(contentsOf: url))
        }
    }

    @Test func loadsBytesDataAndSlices() throws {
        let bytes = try LSTMWFile.encode(Self.description())
        try expectSameModel(try Model(bytes: bytes))
        try expectSameModel(try Model(data: Data(bytes)))
        // A slice that does not start at index 0, as a request body inside a larger buffer.
        let padded = [0xAA, 0xBB] + bytes + [0xCC]
        try expectSameModel(try Model(bytes: padded[2..<(2 + bytes.count)]))
        // A collection without contiguous storage is copied, then read.
        try expectSameModel(try Model(bytes: bytes.lazy.map { $0 }))
    }

    @Test func refusesACorruptedFileNamingIt() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("corrupted.lstmw")
            var bytes = try LSTMWFile.encode(Self.description())
            bytes[bytes.count - 1] ^= 0x40  // a weight's last byte: the data section's checksum no longer matches
            try Data(bytes).write(to: url)
            let error = try #require(caught { () throws(RuntimeError) in try Model(contentsOf: url) })
            #expect(error.code == .invalidFile)
            #expect(error.message.hasPrefix("\(url.path): "))
            #expect(error.message.contains("checksum mismatch"))
        }
    }

    @Test func refusesATruncatedFileNamingIt() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("truncated.lstmw")
            let bytes = try LSTMWFile.encode(Self.description())
            try Data(bytes.prefix(bytes.count / 2)).write(to: url)
            let error = try #require(caught { () throws(RuntimeError) in try Model(contentsOf: url) })
            #expect(error.code == .invalidFile)
            #expect(error.message.hasPrefix("\(url.path): "))
        }
    }

    @Test func refusesAMissingFileAsAnIOError() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("missing.lstmw")
            let error = try #require(caught { () throws(RuntimeError) in try Model(contentsOf: url) })
            #expect(error.code == .io)
            #expect(error.message.contains(url.path))
        }
    }

    @Test func refusesADirectory() throws {
        try withTemporaryDirectory { directory in
            let error = try #require(caught { () throws(RuntimeError) in try Model(contentsOf: directory) })
            #expect(error.code == .io)
            #expect(error.message.contains(directory.path))
        }
    }

    @Test func refusesBytesThatAreNotLSTMW() throws {
        let error = try #require(caught { () throws(RuntimeError) in
            try Model(bytes: Array("{\"not\": \"a model\"}".utf8))
        })
        #expect(error.code == .invalidFile)
        #expect(!error.message.isEmpty)
    }

    @Test func appliesTheLimits() throws {
        let bytes = try LSTMWFile.encode(Self.description())
        let error = try #require(caught { () throws(RuntimeError) in
            try Model(data: Data(bytes), limits: LSTMWFile.Limits(maxFileBytes: 64))
        })
        #expect(error.code == .invalidFile)
        #expect(error.message.contains("limit"))
    }
}
