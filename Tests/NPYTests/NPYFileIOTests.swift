import Foundation
import NPY
import Testing

@Suite struct NPYFileIOTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("npy-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writeThenRead() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("x.npy")
        try NPYFile.write(float32: [1, 2, 3, 4, 5, 6], shape: [2, 3], to: url)
        #expect(try NPYFile.read(contentsOf: url) == NPYArray(float32: [1, 2, 3, 4, 5, 6], shape: [2, 3]))
        // Overwriting replaces the file, and no temporary file is left beside it.
        try NPYFile.write(float32: [7], shape: [], to: url)
        #expect(try NPYFile.read(contentsOf: url) == NPYArray(float32: [7], shape: []))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["x.npy"])
    }

    @Test func failedWriteLeavesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("missing/x.npy")
        do {
            try NPYFile.write(float32: [1], shape: [1], to: url)
            Issue.record("writing into a missing directory succeeded")
        } catch {
            #expect(error.code == .io)
            #expect(error.message.hasPrefix(url.path + ": "))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func readErrorsNameThePath() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("nope.npy")
        #expect(throws: NPYError.self) { try NPYFile.read(contentsOf: missing) }
        do { _ = try NPYFile.read(contentsOf: missing) } catch {
            #expect(error.code == .io && error.message.hasPrefix(missing.path + ": "))
        }

        let bad = directory.appendingPathComponent("bad.npy")
        try Data(npyBytes(header: "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }\n",
                          data: [0, 0, 0, 0])).write(to: bad)
        do { _ = try NPYFile.read(contentsOf: bad) } catch {
            #expect(error.code == .unsupportedDType)
            #expect(error.message.hasPrefix(bad.path + ": big-endian"))
        }
    }

    /// A header declaring far more data than the file holds is refused from the file's size,
    /// before the data is read or anything of the declared size is allocated.
    @Test func sizesAreCheckedAgainstTheFileBeforeReading() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(String, [UInt8], NPYError.Code)] = [
            ("huge.npy", npyBytes(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }\n",
                                  data: [0, 0, 0, 0, 0, 0, 0, 0]), .truncated),
            ("long.npy", npyBytes(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n",
                                  data: bytes(float32: [1, 2])), .trailingData),
            ("cut.npy", Array(npyBytes(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n").prefix(30)),
             .truncated),
        ]
        for (name, file, code) in cases {
            let url = directory.appendingPathComponent(name)
            try Data(file).write(to: url)
            do {
                _ = try NPYFile.read(contentsOf: url)
                Issue.record("\(name) was accepted")
            } catch {
                #expect(error.code == code, "\(name): \(error)")
                #expect(error.message.hasPrefix(url.path + ": "))
            }
        }
    }
}
