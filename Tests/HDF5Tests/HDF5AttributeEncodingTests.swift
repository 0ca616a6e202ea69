import HDF5
import Testing
import TestSupport

/// Fixtures/hdf5/attributes.h5 holds each string encoding Keras and h5py write
/// (tools/make_hdf5_samples.py); the reader must give the same strings for all of them.
@Suite struct HDF5AttributeEncodingTests {
    let root: HDF5Group

    init() throws {
        root = try HDF5File(path: Fixtures.root.appendingPathComponent("hdf5/attributes.h5").path).root
    }

    @Test func readsVariableLengthUTF8() throws {
        #expect(try root.stringAttribute("vl_scalar") == "lstm_é")
        #expect(try root.stringListAttribute("vl_list") == ["a", "bc", ""])
    }

    @Test func readsFixedLengthStringsAndTrimsTheirPadding() throws {
        #expect(try root.stringAttribute("fixed_scalar") == "3.15.1")
        #expect(try root.stringListAttribute("nullpad_list") == ["lstm", "dense_1"])
        #expect(try root.stringListAttribute("spacepad_list") == ["x", "yz"])
    }

    @Test func readsAnEmptyNumericListAsNoStringsButRefusesOtherNumbers() throws {
        #expect(try root.stringListAttribute("empty_list") == [])
        let error = try #require(throws: HDF5Error.self) { try root.stringAttribute("number") }
        #expect(error.code == .unexpectedType)
        #expect(error.description.contains("attribute 'number' is not a string attribute"))
    }

    @Test func refusesAListWhereOneStringIsExpected() throws {
        let error = try #require(throws: HDF5Error.self) { try root.stringAttribute("vl_list") }
        #expect(error.description.hasSuffix("attribute 'vl_list' holds 3 strings, expected 1"))
    }

    @Test func readsFloat64DatasetsAsFloatAndRefusesIntegers() throws {
        let doubles = try root.dataset("doubles")
        #expect(try doubles.shape() == [2, 3])
        #expect(try doubles.readFloats() == [0.1, -2.0, 1e-3, 4.0, 5.5, -6.25])
        let error = try #require(throws: HDF5Error.self) { try root.dataset("ints").readFloats() }
        #expect(error.code == .unexpectedType)
        #expect(try root.dataset("group/nested").readFloats() == [1, 1])
    }
}
