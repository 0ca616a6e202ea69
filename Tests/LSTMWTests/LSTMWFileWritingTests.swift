import Testing
@testable import LSTMW

@Suite("Writing .lstmw files")
struct LSTMWFileWritingTests {
    @Test("encode then decode gives back an equal description")
    func roundTrip() throws {
        let model = ModelFixtures.stacked()
        let bytes = try LSTMWFile.encode(model)
        #expect(try LSTMWFile.decode(bytes) == model)
        #expect(try LSTMWFile.decode(LSTMWFile.encode(ModelFixtures.tiny())) == ModelFixtures.tiny())
    }

    @Test("re-encoding a decoded file reproduces it bit for bit")
    func bitExactReencode() throws {
        let bytes = try LSTMWFile.encode(ModelFixtures.stacked(), producer: "lstm-convert 0.1.0")
        let again = try LSTMWFile.encode(LSTMWFile.decode(bytes), producer: "lstm-convert 0.1.0")
        #expect(again == bytes)
    }

    @Test("weights survive bit for bit, including signed zero, subnormals and extremes")
    func exactFloats() throws {
        let special: [Float] = [-0.0, 0, .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude,
                                -.greatestFiniteMagnitude, 1 / 3, .ulpOfOne]
        var model = ModelFixtures.tiny()
        model.layers[1] = .dense(DenseLayer(name: "dense", inputSize: 1, units: 8, activation: .linear,
                                            kernel: Tensor(shape: [1, 8], values: special),
                                            bias: Tensor(shape: [8], values: special.reversed())))
        let decoded = try LSTMWFile.decode(LSTMWFile.encode(model))
        guard case .dense(let dense) = decoded.layers[1] else { Issue.record("not dense"); return }
        #expect(dense.kernel.values.map(\.bitPattern) == special.map(\.bitPattern))
    }

    @Test("the same description always encodes to the same bytes")
    func deterministic() throws {
        let first = try LSTMWFile.encode(ModelFixtures.stacked(seed: 9))
        let second = try LSTMWFile.encode(ModelFixtures.stacked(seed: 9))
        #expect(first == second)
        #expect(try LSTMWFile.encode(ModelFixtures.stacked(seed: 10)) != first)
        #expect(try LSTMWFile.encode(ModelFixtures.stacked(seed: 9), producer: "other") != first)
    }

    @Test("preamble fields follow the spec's table")
    func preambleFields() throws {
        let bytes = try LSTMWFile.encode(ModelFixtures.stacked())
        #expect(Array(bytes[0..<8]) == [0x89, 0x4C, 0x53, 0x54, 0x4D, 0x57, 0x0D, 0x0A])
        #expect(bytes.u16(at: 8) == 1)
        #expect(bytes.u16(at: 10) == 0)
        let headerLength = Int(bytes.u32(at: 12))
        #expect(bytes.u64(at: 16) == 64)
        let dataOffset = Int(bytes.u64(at: 24))
        #expect(dataOffset % 64 == 0 && dataOffset >= 64 + headerLength && dataOffset < 64 + headerLength + 64)
        let dataLength = Int(bytes.u64(at: 32))
        #expect(dataLength % 64 == 0)
        #expect(bytes.u64(at: 40) == UInt64(bytes.count))
        #expect(dataOffset + dataLength == bytes.count)
        #expect(bytes.u32(at: 48) == CRC32.checksum(bytes[64..<(64 + headerLength)]))
        #expect(bytes.u32(at: 52) == CRC32.checksum(bytes[dataOffset...]))
        #expect(bytes.u32(at: 56) == 0)
        #expect(bytes.u32(at: 60) == CRC32.checksum(bytes[0..<60]))
        #expect(bytes[(64 + headerLength)..<dataOffset].allSatisfy { $0 == 0 })
    }

    @Test("tensors are 64-byte aligned, in header order, little-endian, with zero padding")
    func dataLayout() throws {
        let model = ModelFixtures.stacked()
        let bytes = try LSTMWFile.encode(model)
        let directory = try LSTMWFile.inspect(bytes)
        var covered = Set<Int>()
        var previousEnd = directory.dataRange.lowerBound
        for (layer, entry) in zip(model.layers, directory.layers) {
            for ((name, tensor), placed) in zip(layer.fileTensors, entry.tensors) {
                #expect(placed.name == name)
                #expect(placed.offset % 64 == 0)
                #expect(placed.offset >= previousEnd && placed.offset - previousEnd < 64)
                previousEnd = placed.byteRange.upperBound
                let stored = (0..<tensor.count).map { Float(bitPattern: bytes.u32(at: placed.offset + 4 * $0)) }
                #expect(stored == tensor.values)
                covered.formUnion(placed.byteRange)
            }
        }
        let padding = directory.dataRange.filter { !covered.contains($0) }
        #expect(!padding.isEmpty)
        #expect(padding.allSatisfy { bytes[$0] == 0 })
        #expect(directory.dataRange.upperBound - previousEnd < 64)
    }

    @Test("the header is compact JSON with keys in the documented order")
    func headerText() throws {
        let parts = FileParts(try LSTMWFile.encode(ModelFixtures.tiny(), producer: "test"))
        let text = parts.headerText
        #expect(text.hasPrefix(#"{"format":"lstmw","producer":"test","source":{"keras_version":"3.15.1","backend":"tensorflow","model_name":"tiny","model_class":"Sequential"},"input":{"features":1,"time_steps":null},"layers":[{"type":"lstm","name":"lstm","input_size":1,"units":1,"activation":"tanh","recurrent_activation":"sigmoid","return_sequences":false,"use_bias":true,"gate_order":["i","f","c","o"],"tensors":[{"name":"W_i","dtype":"float32","shape":[1,1],"offset":0,"byte_length":4},{"name":"W_f","dtype":"float32","shape":[1,1],"offset":64,"byte_length":4}"#))
        #expect(text.hasSuffix(#"{"type":"dense","name":"dense","input_size":1,"units":1,"activation":"linear","use_bias":true,"tensors":[{"name":"kernel","dtype":"float32","shape":[1,1],"offset":768,"byte_length":4},{"name":"bias","dtype":"float32","shape":[1],"offset":832,"byte_length":4}]}]}"#))
    }

    @Test("strings with quotes, control characters and non-ASCII survive the header")
    func stringEscaping() throws {
        var model = ModelFixtures.tiny()
        model.source = ModelSource(kerasVersion: nil, backend: "\u{1}\t\\", modelName: "naïve \"λ\" 🧠\n", modelClass: "")
        let decoded = try LSTMWFile.decode(LSTMWFile.encode(model, producer: "p\u{7F}\u{2028}"))
        #expect(decoded.source == model.source)
        #expect(try LSTMWFile.inspect(LSTMWFile.encode(model, producer: "p\u{7F}\u{2028}")).producer == "p\u{7F}\u{2028}")
    }

    @Test("an invalid description is refused before anything is encoded")
    func refusesInvalidModel() {
        var model = ModelFixtures.tiny()
        model.inputFeatures = 2
        expectFailure(.invalidModel, mentioning: "layer 'lstm'") { () throws(LSTMWError) in
            _ = try LSTMWFile.encode(model)
        }
        var nan = ModelFixtures.tiny()
        nan.layers[1] = .dense(DenseLayer(name: "dense", inputSize: 1, units: 1, activation: .linear,
                                          kernel: Tensor(shape: [1, 1], values: [.nan]), bias: nil))
        expectFailure(.invalidModel, mentioning: "non-finite") { () throws(LSTMWError) in
            _ = try LSTMWFile.encode(nan)
        }
    }
}
