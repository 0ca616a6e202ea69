import Testing
@testable import LSTMW

@Suite("Inspecting .lstmw files")
struct LSTMWFileDirectoryTests {
    let model = ModelFixtures.stacked()
    let file = try! LSTMWFile.encode(ModelFixtures.stacked(), producer: "lstm-convert 0.1.0")

    @Test("the directory reports version, provenance, ranges and checksums from the file")
    func summary() throws {
        let directory = try LSTMWFile.inspect(file)
        #expect(directory.version == .init(major: 1, minor: 0))
        #expect(directory.producer == "lstm-convert 0.1.0")
        #expect(directory.source == model.source)
        #expect(directory.inputFeatures == 3)
        #expect(directory.timeSteps == 5)
        #expect(directory.fileLength == file.count)
        #expect(directory.headerRange == 64..<(64 + Int(file.u32(at: 12))))
        #expect(directory.dataRange == Int(file.u64(at: 24))..<file.count)
        #expect(directory.headerChecksum == file.u32(at: 48))
        #expect(directory.dataChecksum == file.u32(at: 52))
    }

    @Test("each layer lists its tensors with names, gates, shapes and absolute offsets")
    func tensors() throws {
        let directory = try LSTMWFile.inspect(file)
        #expect(directory.layers.map(\.type) == [.lstm, .lstm, .dense, .dense])
        #expect(directory.layers.map(\.name) == ["lstm_1", "lstm_2", "dense_1", "dense_2"])
        #expect(directory.layers.map(\.inputSize) == [3, 4, 5, 2])
        #expect(directory.layers.map(\.units) == [4, 5, 2, 2])
        let lstm = directory.layers[0].tensors
        #expect(lstm.map(\.name) == ["W_i", "W_f", "W_c", "W_o", "U_i", "U_f", "U_c", "U_o", "b_i", "b_f", "b_c", "b_o"])
        #expect(lstm.map(\.gate) == Array(repeating: [LSTMGate.input, .forget, .cell, .output], count: 3).flatMap { $0 })
        #expect(lstm.map(\.shape) == Array(repeating: [3, 4], count: 4) + Array(repeating: [4, 4], count: 4) + Array(repeating: [4], count: 4))
        #expect(directory.layers[1].tensors.count == 8)
        #expect(directory.layers[2].tensors.map(\.name) == ["kernel", "bias"])
        #expect(directory.layers[2].tensors.map(\.gate) == [nil, nil])
        #expect(directory.layers[3].tensors.map(\.name) == ["kernel"])

        guard case .lstm(let layer) = model.layers[0] else { Issue.record("not an LSTM"); return }
        let forget = lstm[1]
        #expect(forget.offset == directory.dataRange.lowerBound + 64)
        #expect(forget.byteLength == 48 && forget.elementCount == 12)
        #expect(forget.byteRange == forget.offset..<(forget.offset + 48))
        let stored = (0..<12).map { Float(bitPattern: file.u32(at: forget.offset + 4 * $0)) }
        #expect(stored == layer.kernel.forget.values)
    }

    @Test("W_f holds Keras kernel columns units..<2*units, as the spec says")
    func kerasColumnBlocks() throws {
        let (input, units) = (2, 3)
        let keras = Tensor(shape: [input, 4 * units], values: (0..<(input * 4 * units)).map(Float.init))
        let blocks = LSTMGates { keras.columns(($0.index * units)..<(($0.index + 1) * units)) }
        let recurrent = LSTMGates { _ in Tensor(shape: [units, units], values: Array(repeating: 0, count: units * units)) }
        let model = ModelDescription(source: ModelSource(), inputFeatures: input, timeSteps: nil, layers: [
            .lstm(LSTMLayer(name: "lstm", inputSize: input, units: units, activation: .tanh, recurrentActivation: .sigmoid,
                            returnSequences: false, kernel: blocks, recurrentKernel: recurrent, bias: nil)),
        ])
        let bytes = try LSTMWFile.encode(model)
        let wf = try #require(try LSTMWFile.inspect(bytes).layers[0].tensors.first { $0.name == "W_f" })
        let stored = (0..<wf.elementCount).map { Float(bitPattern: bytes.u32(at: wf.offset + 4 * $0)) }
        // Row r of W_f is kernel[r, 3..<6] = 12r + 3, 12r + 4, 12r + 5.
        #expect(stored == [3, 4, 5, 15, 16, 17])
    }

    @Test("inspect refuses exactly what decode refuses")
    func sameChecks() {
        var damaged = file
        damaged[damaged.count - 1] ^= 1
        expectDecodeFailure(damaged, .checksumMismatch)  // checks inspect too
        var nan = FileParts(file)
        nan.data.replaceSubrange(0..<4, with: [0x00, 0x00, 0xC0, 0x7F])
        expectDecodeFailure(nan.assembled(), .invalidModel)
    }
}
