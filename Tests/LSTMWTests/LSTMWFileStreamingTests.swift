import Foundation
import Testing
@testable import LSTMW

/// A sink that takes every recurrent, Dense and Bidirectional layer's tensors as bytes and keeps
/// them decoded, to compare with what `decode` reads.
struct RecordingSink: LSTMWWeightSink {
    var taken: [Bool] = []
    var received: [[Int: [Float]]] = []
    var order: [(layer: Int, tensor: Int)] = []

    mutating func begin(_ layers: [Layer]) -> [Bool] {
        taken = layers.map { layer in
            switch layer {
            case .lstm, .gru, .simpleRNN, .dense, .bidirectional: true
            default: false
            }
        }
        received = layers.map { _ in [:] }
        return taken
    }

    mutating func receive(layer: Int, tensor: Int, bytes: UnsafeRawBufferPointer) {
        #expect(received[layer][tensor] == nil, "tensor \(tensor) of layer \(layer) received twice")
        received[layer][tensor] = (0..<(bytes.count / 4)).map {
            Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
        }
        order.append((layer, tensor))
    }
}

/// The streaming read must agree with `decode` on every input: the same error, or the same model.
enum StreamingAgreement {
    static func expectAgreement(_ bytes: [UInt8], with decoded: Result<ModelDescription, LSTMWError>,
                                sourceLocation: SourceLocation) {
        var sink = RecordingSink()
        let streamed = Result { () throws(LSTMWError) in try LSTMWFile.decode(bytes, into: &sink) }
        switch (decoded, streamed) {
        case (.failure(let error), .failure(let other)):
            #expect(error == other, "decode and its streaming form disagree", sourceLocation: sourceLocation)
        case (.success(let model), .success(let placeheld)):
            expectSameModel(model, placeheld, sink: sink, sourceLocation: sourceLocation)
        default:
            Issue.record("decode and its streaming form disagree: \(decoded) / \(streamed)", sourceLocation: sourceLocation)
        }
    }

    /// `placeheld` (zeros where the sink took the weights) with the sink's tensors put back is `model`.
    static func expectSameModel(_ model: ModelDescription, _ placeheld: ModelDescription, sink: RecordingSink,
                                sourceLocation: SourceLocation) {
        #expect(model.layers.count == placeheld.layers.count, sourceLocation: sourceLocation)
        #expect(model.testVector == placeheld.testVector, sourceLocation: sourceLocation)
        #expect(model.inputFeatures == placeheld.inputFeatures && model.source == placeheld.source, sourceLocation: sourceLocation)
        for (index, (layer, other)) in zip(model.layers, placeheld.layers).enumerated() {
            let tensors = layer.fileTensors
            #expect(tensors.map(\.tensor.shape) == other.fileTensors.map(\.tensor.shape), sourceLocation: sourceLocation)
            if sink.taken[index] {
                #expect(other.fileTensors.allSatisfy { $0.tensor.values.allSatisfy { $0 == 0 } }, sourceLocation: sourceLocation)
                #expect(sink.received[index].count == tensors.count, sourceLocation: sourceLocation)
                for (t, tensor) in tensors.enumerated() {
                    #expect(sink.received[index][t]?.map(\.bitPattern) == tensor.tensor.values.map(\.bitPattern),
                            "layer \(index) tensor \(tensor.name)", sourceLocation: sourceLocation)
                }
            } else {
                #expect(layer == other, sourceLocation: sourceLocation)
                #expect(sink.received[index].isEmpty, sourceLocation: sourceLocation)
            }
        }
    }
}

/// `LSTMWFile.read(contentsOf:into:)` and `decode(_:into:)`: the streaming read a runtime packs
/// from. (Every hostile input of `LSTMWBadInputTests` also goes through it and must fail with
/// exactly `decode`'s error.)
@Suite struct LSTMWFileStreamingTests {
    static let corpus = LSTMWBadInputTests.corpus

    @Test(arguments: LSTMWBadInputTests.seeds)
    func aFileStreamsToTheModelDecodeReads(name: String) throws {
        let url = Self.corpus.appendingPathComponent(name)
        let model = try LSTMWFile.read(contentsOf: url)
        var sink = RecordingSink()
        let placeheld = try LSTMWFile.read(contentsOf: url, into: &sink)
        #expect(sink.taken.contains(true), "\(name) has no layer a runtime packs")
        StreamingAgreement.expectSameModel(model, placeheld, sink: sink, sourceLocation: #_sourceLocation)
        // Tensors come in the order they lie in the file, each once.
        let directory = try LSTMWFile.inspect(contentsOf: url)
        let offsets = sink.order.map { directory.layers[$0.layer].tensors[$0.tensor].offset }
        #expect(offsets == offsets.sorted())
    }

    @Test func aDamagedFileFailsWithTheErrorReadGives() throws {
        let name = try #require(LSTMWBadInputTests.seeds.first)
        var bytes = try LSTMWBadInputTests.seed(name)
        bytes[bytes.count - 70] ^= 0x01
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID().uuidString).lstmw")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let expected = try #require(failure { () throws(LSTMWError) in try LSTMWFile.read(contentsOf: url) })
        var sink = RecordingSink()
        let error = try #require(failure { () throws(LSTMWError) in try LSTMWFile.read(contentsOf: url, into: &sink) })
        #expect(error == expected)
        #expect(error.message.hasPrefix(url.path))
    }

    @Test func aMissingFileIsAnIOErrorNamingIt() throws {
        var sink = RecordingSink()
        let error = try #require(failure { () throws(LSTMWError) in
            try LSTMWFile.read(contentsOf: URL(fileURLWithPath: "/nonexistent/model.lstmw"), into: &sink)
        })
        #expect(error.code == .io)
        #expect(error.message.contains("/nonexistent/model.lstmw"))
    }

    @Test func nonFiniteBitPatternsAreFound() {
        for bits: UInt32 in [0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7FFF_FFFF, 0xFFFF_FFFF] {
            for position in [0, 5, 8, 17] {
                var values = [UInt32](repeating: Float(1.5).bitPattern, count: 18)
                values[position] = bits
                let finite = values.map(\.littleEndian).withUnsafeBytes { LSTMWFile.allFinite($0) }
                #expect(!finite, "0x\(String(bits, radix: 16)) at \(position)")
            }
        }
        let ordinary: [Float] = [0, -0, 1, -1, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, 3e38]
        #expect(ordinary.map(\.bitPattern.littleEndian).withUnsafeBytes { LSTMWFile.allFinite($0) })
    }
}

/// The error `body` throws, or nil.
private func failure<T>(_ body: () throws(LSTMWError) -> T) -> LSTMWError? {
    if case .failure(let error) = Result(catching: body) { return error }
    return nil
}
