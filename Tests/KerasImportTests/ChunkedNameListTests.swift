import HDF5
@testable import KerasImport
import Testing
import TestSupport

/// Keras splits a name list longer than 64 KiB into `names0`, `names1`, … fixed-length chunks.
@Suite struct ChunkedNameListTests {
    @Test func joinsChunksInOrderAndPrefersTheWholeList() throws {
        let root = try HDF5File(path: Fixtures.root.appendingPathComponent("hdf5/attributes.h5").path).root
        #expect(try root.chunkedStringList("names") == ["first", "second", "third"])
        #expect(try root.chunkedStringList("vl_list") == ["a", "bc", ""])
        #expect(try root.chunkedStringList("absent") == [])
    }
}
