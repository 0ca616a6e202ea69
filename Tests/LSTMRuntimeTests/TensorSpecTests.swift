import Foundation
import LSTMRuntime
import Testing

@Suite struct TensorSpecTests {
    @Test func describesItselfOnOneLine() {
        #expect(TensorSpec(name: "input", shape: [nil, nil, 5]).description == "input: [?, ?, 5] float32")
        #expect(TensorSpec(name: "dense", shape: [nil, 3]).description == "dense: [?, 3] float32")
        #expect(TensorSpec(name: "x", shape: [1, 2, 3]).rank == 3)
    }

    /// A server can publish the spec as JSON, with `null` for any extent.
    @Test func encodesToJSONWithNullForAnyExtent() throws {
        let spec = TensorSpec(name: "input", shape: [nil, nil, 5])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(spec), as: UTF8.self)
        #expect(json == #"{"dtype":"float32","name":"input","shape":[null,null,5]}"#)
        #expect(try JSONDecoder().decode(TensorSpec.self, from: Data(json.utf8)) == spec)
    }
}
