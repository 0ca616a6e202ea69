import Foundation
import HDF5
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The HDF5 wrapper on hostile files from Tests/Corpus/h5 (see tools/make_bad_inputs.py): data
/// and links that point outside the file are refused, sizes the file cannot hold are refused
/// before anything is allocated, and libhdf5 stays silent on every thread.
@Suite struct HDF5BadInputTests {
    static let corpus = Fixtures.root.deletingLastPathComponent().appendingPathComponent("Tests/Corpus/h5")
    static let cell = "model_weights/lstm/lstm/lstm_cell"

    static func open(_ name: String) throws -> HDF5File { try HDF5File(path: corpus.appendingPathComponent(name).path) }

    @Test func aDatasetStoredInAnotherFileIsNotRead() throws {
        let dataset = try Self.open("external_storage.h5").root.dataset("\(Self.cell)/bias:0")
        #expect(try dataset.shape() == [24])
        let error = try #require(throws: HDF5Error.self) { try dataset.readFloats() }
        #expect(error.code == .unexpectedType)
        #expect(error.message.contains("keeps its data in 1 external file(s)"))
    }

    @Test func anExternalLinkIsNotFollowed() throws {
        let directory = try TemporaryDirectory()
        for name in ["external_link.h5", "external_link_target.h5"] {
            try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent(name), to: directory.file(name))
        }
        let root = try HDF5File(path: directory.file("external_link.h5").path).root
        #expect(root.kind(of: "model_weights/lstm/lstm") == nil)
        #expect(root.kind(of: "model_weights/lstm/lstm/lstm_cell/kernel:0") == nil)
        let group = try #require(throws: HDF5Error.self) { try root.group("model_weights/lstm/lstm") }
        #expect(group.code == .unexpectedType)
        #expect(group.message.hasSuffix("'model_weights/lstm/lstm' is a link to another file; links to other files are not followed"))
        let dataset = try #require(throws: HDF5Error.self) { try root.dataset("model_weights/lstm/lstm/lstm_cell/kernel:0") }
        #expect(dataset.code == .unexpectedType)
        // The target itself is an ordinary file and reads normally.
        let target = try HDF5File(path: directory.file("external_link_target.h5").path)
        #expect(try target.root.dataset("weights/lstm_cell/kernel:0").readFloats().count == 120)
    }

    @Test func unwrittenChunksAndCompressionBombsAreRefusedBeforeAllocation() throws {
        let huge = try Self.open("huge_unwritten_chunks.h5").root.dataset("\(Self.cell)/recurrent_kernel:0")
        let unwritten = try #require(throws: HDF5Error.self) { try huge.readFloats() }
        #expect(unwritten.code == .badSize)
        #expect(unwritten.message.hasSuffix("stores 0 bytes, its shape needs 4294967296"))

        let bomb = try Self.open("compression_bomb.h5").root
        let expanded = try #require(throws: HDF5Error.self) { try bomb.dataset("\(Self.cell)/recurrent_kernel:0").readFloats() }
        #expect(expanded.code == .badSize)
        #expect(expanded.message.hasSuffix("stores 1039 compressed bytes but would expand to 16777216, more than 1024 times as many"))
        // A compressed dataset under the 1 MiB allowance reads (80 KiB of zeros in a few hundred bytes).
        #expect(try bomb.dataset("\(Self.cell)/kernel:0").readFloats() == [Float](repeating: 0, count: 5 * 4096))

        let overflow = try Self.open("huge_shape.h5").root.dataset("\(Self.cell)/kernel:0")
        let count = try #require(throws: HDF5Error.self) { try overflow.readFloats() }
        #expect(count.code == .badSize)
        #expect(count.message.contains("more than 1073741824 elements"))
    }

    @Test func aSoftLinkLoopIsNoObject() throws {
        let root = try Self.open("soft_link_loop.h5").root
        #expect(root.kind(of: "model_weights/lstm/lstm/lstm_cell/kernel:0") == nil)
        #expect(throws: HDF5Error.self) { try root.dataset("model_weights/lstm/lstm/lstm_cell/kernel:0") }
    }

    /// Review finding: libhdf5 (thread-safe build) keeps its error-printing switch per thread, and
    /// the wrapper turned it off on the first thread only: a failed lookup on any other thread
    /// printed libhdf5's whole error stack to stderr.
    @Test func failedCallsPrintNothingOnAnyThread() throws {
        let capture = try TemporaryDirectory()
        let log = capture.file("stderr.txt").path
        let saved = dup(STDERR_FILENO)
        let file = Glibc.open(log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(saved >= 0 && file >= 0)
        fflush(nil)
        _ = dup2(file, STDERR_FILENO)
        let path = Fixtures.root.appendingPathComponent("k2_lstm_single/model.h5").path
        let done = DispatchGroup()
        for _ in 0..<4 {
            done.enter()
            Thread.detachNewThread {
                let root = try? HDF5File(path: path).root
                _ = root?.kind(of: "no/such/path")
                _ = try? root?.dataset("model_weights/missing")
                _ = try? root?.stringAttribute("missing")
                _ = try? HDF5File(path: "/dev/null")
                done.leave()
            }
        }
        done.wait()
        fflush(nil)
        _ = dup2(saved, STDERR_FILENO)
        _ = close(saved)
        _ = close(file)
        let printed = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(!printed.contains("HDF5-DIAG"), "\(printed.prefix(500))")
    }
}
