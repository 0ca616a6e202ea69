import Foundation
import HDF5
import Testing
import TestSupport

@Suite struct HDF5FileTests {
    let k2 = Fixtures.root.appendingPathComponent("k2_lstm_functional/model.h5").path
    let k3 = Fixtures.root.appendingPathComponent("k3_lstm_stacked_softmax/model.h5").path

    @Test func readsVariableLengthStringAttributes() throws {
        let file = try HDF5File(path: k2)
        #expect(try file.root.stringAttribute("keras_version") == "2.21.0")
        #expect(try file.root.stringAttribute("backend") == "tensorflow")
        let layerNames = try file.root.group("model_weights").stringListAttribute("layer_names")
        #expect(layerNames == ["inp", "enc", "dropout", "dec", "head"])
    }

    @Test func readsAnEmptyFloat64NameListAsNoStrings() throws {
        let file = try HDF5File(path: k2)
        #expect(try file.root.group("model_weights/inp").stringListAttribute("weight_names") == [])
    }

    @Test func readsDatasetShapeAndValues() throws {
        let file = try HDF5File(path: k3)
        let dataset = try file.root.dataset("model_weights/dense/stacked_seq/dense/kernel")
        #expect(try dataset.shape() == [5, 3])
        let values = try dataset.readFloats()
        #expect(values.count == 15)
        #expect(values.allSatisfy { $0.isFinite && $0 != 0 })
    }

    @Test func refusesADatasetLargerThanTheLimit() throws {
        let file = try HDF5File(path: k3)
        let dataset = try file.root.dataset("model_weights/dense/stacked_seq/dense/kernel")
        #expect(throws: HDF5Error.self) { try dataset.readFloats(maxElements: 14) }
    }

    @Test func listsMembersInNameOrder() throws {
        let file = try HDF5File(path: k3)
        #expect(try file.root.group("model_weights").memberNames() == ["dense", "lstm", "lstm_1", "top_level_model_weights"])
    }

    @Test func answersKindsAndMissingPaths() throws {
        let root = try HDF5File(path: k3).root
        #expect(root.kind(of: "model_weights") == .group)
        #expect(root.kind(of: "model_weights/dense/stacked_seq/dense/bias") == .dataset)
        #expect(root.kind(of: "model_weights/nothing/here") == nil)
        #expect(!root.hasAttribute("no_such_attribute"))
        #expect(throws: HDF5Error.self) { try root.dataset("model_weights/nothing") }
        #expect(throws: HDF5Error.self) { try root.stringAttribute("no_such_attribute") }
    }

    @Test func namesTheFileWhenItIsMissingOrNotHDF5() throws {
        let missing = "/nonexistent/model.h5"
        let error = try #require(throws: HDF5Error.self) { try HDF5File(path: missing) }
        #expect(error.code == .cannotOpen)
        #expect(error.description == "\(missing): no such file")

        let npy = Fixtures.invalid("input_wrong_features.npy").path
        let notHDF5 = try #require(throws: HDF5Error.self) { try HDF5File(path: npy) }
        #expect(notHDF5.code == .notHDF5)
        #expect(notHDF5.description.hasPrefix(npy))
    }

    @Test func refusesADirectory() throws {
        let error = try #require(throws: HDF5Error.self) { try HDF5File(path: Fixtures.root.path) }
        #expect(error.code == .cannotOpen)
    }
}
