import Testing
@testable import LSTMW

@Suite("Header model")
struct LSTMWHeaderTests {
    @Test("the required tensor lists follow the spec")
    func expectedTensors() {
        let lstm = LSTMWHeader.LayerRecord.expectedTensors(type: .lstm, inputSize: 3, units: 4, useBias: true)
        #expect(lstm.map(\.name) == ["W_i", "W_f", "W_c", "W_o", "U_i", "U_f", "U_c", "U_o", "b_i", "b_f", "b_c", "b_o"])
        #expect(lstm.map(\.shape) == [[3, 4], [3, 4], [3, 4], [3, 4], [4, 4], [4, 4], [4, 4], [4, 4], [4], [4], [4], [4]])
        #expect(LSTMWHeader.LayerRecord.expectedTensors(type: .lstm, inputSize: 3, units: 4, useBias: false).count == 8)
        let dense = LSTMWHeader.LayerRecord.expectedTensors(type: .dense, inputSize: 5, units: 2, useBias: true)
        #expect(dense.map(\.name) == ["kernel", "bias"])
        #expect(dense.map(\.shape) == [[5, 2], [2]])
        #expect(LSTMWHeader.LayerRecord.expectedTensors(type: .dense, inputSize: 5, units: 2, useBias: false).map(\.name) == ["kernel"])
        #expect(LSTMWHeader.gateOrder == ["i", "f", "c", "o"])
    }

    @Test("the writer's tensor names are the ones the reader requires")
    func writerMatchesReader() {
        for layer in ModelFixtures.stacked().layers {
            let record = LSTMWHeader.LayerRecord(layer, tensors: [])
            #expect(layer.fileTensors.map(\.name) == record.expectedTensors.map(\.name))
            #expect(layer.fileTensors.map(\.tensor.shape) == record.expectedTensors.map(\.shape))
        }
    }

    @Test("planning packs tensors at consecutive multiples of 64")
    func plan() throws {
        let (header, tensors, dataLength) = try LSTMWHeader.plan(ModelFixtures.stacked(), producer: "p")
        let offsets = header.layers.flatMap { $0.tensors.map(\.offset) }
        #expect(offsets == tensors.map(\.offset))
        var expected = 0
        for (record, placed) in zip(header.layers.flatMap(\.tensors), tensors) {
            #expect(record.offset == expected)
            #expect(record.byteLength == placed.tensor.count * 4)
            expected = (expected + record.byteLength + 63) / 64 * 64
        }
        #expect(dataLength == expected)
    }

    @Test("a header survives JSON and back")
    func jsonRoundTrip() throws {
        let (header, _, _) = try LSTMWHeader.plan(ModelFixtures.stacked(), producer: "p \"q\"")
        #expect(try LSTMWHeader.decode(Array(header.json.utf8), limits: .default) == header)
    }
}
