import Foundation
import Testing
@testable import LSTMW

@Suite("Reading and writing files")
struct LSTMWFileFilesTests {
    /// A fresh empty directory, removed after `body`.
    private func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lstmw-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// The sorted names in `directory`, or a marker when it cannot be listed.
    private func contents(of directory: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()) ?? ["<unreadable>"]
    }

    @Test("write then read gives back the model, and the file holds exactly the encoded bytes")
    func roundTrip() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.lstmw")
            let model = ModelFixtures.stacked()
            try LSTMWFile.write(model, to: url, producer: "files test")
            #expect(try LSTMWFile.read(contentsOf: url) == model)
            #expect(try [UInt8](Data(contentsOf: url)) == LSTMWFile.encode(model, producer: "files test"))
            #expect(try LSTMWFile.inspect(contentsOf: url).producer == "files test")
            #expect(contents(of: directory) == ["model.lstmw"])
        }
    }

    @Test("writing over an existing file replaces it and leaves no temporary file")
    func overwrite() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.lstmw")
            try LSTMWFile.write(ModelFixtures.stacked(), to: url)
            try LSTMWFile.write(ModelFixtures.tiny(), to: url)
            #expect(try LSTMWFile.read(contentsOf: url) == ModelFixtures.tiny())
            #expect(contents(of: directory) == ["model.lstmw"])
        }
    }

    @Test("an invalid model writes nothing")
    func invalidModelWritesNothing() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.lstmw")
            var model = ModelFixtures.tiny()
            model.timeSteps = 0
            expectFailure(.invalidModel, mentioning: "time steps") { () throws(LSTMWError) in
                try LSTMWFile.write(model, to: url)
            }
            #expect(contents(of: directory) == [])
        }
    }

    @Test("an invalid model leaves an existing file untouched")
    func invalidModelKeepsOldFile() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.lstmw")
            try LSTMWFile.write(ModelFixtures.stacked(), to: url)
            let before = try Data(contentsOf: url)
            var model = ModelFixtures.tiny()
            model.layers.removeAll()
            expectFailure(.invalidModel) { () throws(LSTMWError) in try LSTMWFile.write(model, to: url) }
            #expect(try Data(contentsOf: url) == before)
            #expect(contents(of: directory) == ["model.lstmw"])
        }
    }

    @Test("a missing directory is an I/O error naming the path, and creates nothing")
    func missingDirectory() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("absent/model.lstmw")
            expectFailure(.io, mentioning: url.path, "No such file or directory") { () throws(LSTMWError) in
                try LSTMWFile.write(ModelFixtures.tiny(), to: url)
            }
            #expect(contents(of: directory) == [])
        }
    }

    @Test("a failed rename removes the temporary file")
    func failedRename() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("model.lstmw")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            try Data([1]).write(to: url.appendingPathComponent("keep"))
            expectFailure(.io, mentioning: "\(url.path): cannot replace") { () throws(LSTMWError) in
                try LSTMWFile.write(ModelFixtures.tiny(), to: url)
            }
            #expect(contents(of: directory) == ["model.lstmw"])
            #expect(contents(of: url) == ["keep"])
        }
    }

    @Test("read errors start with the path and keep their code")
    func readErrors() throws {
        try withTemporaryDirectory { directory in
            let missing = directory.appendingPathComponent("missing.lstmw")
            expectFailure(.io, mentioning: "\(missing.path): cannot open", "No such file") { () throws(LSTMWError) in
                _ = try LSTMWFile.read(contentsOf: missing)
            }
            expectFailure(.io, mentioning: "\(directory.path): not a regular file") { () throws(LSTMWError) in
                _ = try LSTMWFile.read(contentsOf: directory)
            }
            let url = directory.appendingPathComponent("model.lstmw")
            var bytes = try LSTMWFile.encode(ModelFixtures.stacked())
            bytes.removeLast(10)
            try Data(bytes).write(to: url)
            expectFailure(.truncated, mentioning: "\(url.path): the file is") { () throws(LSTMWError) in
                _ = try LSTMWFile.read(contentsOf: url)
            }
            expectFailure(.truncated, mentioning: "\(url.path): ") { () throws(LSTMWError) in
                _ = try LSTMWFile.inspect(contentsOf: url)
            }
            expectFailure(.limitExceeded, mentioning: "\(url.path): the file is \(bytes.count) bytes, more than the limit of 100") { () throws(LSTMWError) in
                _ = try LSTMWFile.read(contentsOf: url, limits: .init(maxFileBytes: 100))
            }
            let web = try #require(URL(string: "https://example.com/model.lstmw"))
            expectFailure(.io, mentioning: "is not a file URL") { () throws(LSTMWError) in
                _ = try LSTMWFile.read(contentsOf: web)
            }
            expectFailure(.io, mentioning: "is not a file URL") { () throws(LSTMWError) in
                try LSTMWFile.write(ModelFixtures.tiny(), to: web)
            }
        }
    }
}
