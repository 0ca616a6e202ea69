@testable import LSTMW
import Testing

/// The `stateful` key of format 1.3: written only for stateful layers (so other files keep their
/// bytes and version), read back on every recurrent type including a Bidirectional's layer, refused
/// in a file that declares an older minor version, and ignored by a reader that does not know it.
@Suite struct StatefulFormatTests {
    static func stateful(_ layer: Layer) -> Layer {
        switch layer {
        case .lstm(var cell): cell.stateful = true; return .lstm(cell)
        case .gru(var cell): cell.stateful = true; return .gru(cell)
        case .simpleRNN(var cell): cell.stateful = true; return .simpleRNN(cell)
        case .bidirectional(var wrapper):
            wrapper.forward = stateful(wrapper.forward)
            wrapper.backward = stateful(wrapper.backward)
            return .bidirectional(wrapper)
        default: return layer
        }
    }

    /// A stateful LSTM, then a Bidirectional GRU whose directions are stateful, then a Dense head.
    static func model(stateful isStateful: Bool = true) -> ModelDescription {
        var g = SeededGenerator(seed: 13)
        func gru(_ name: String, backwards: Bool) -> Layer {
            .gru(GRULayer(name: name, inputSize: 4, units: 3, activation: .tanh, recurrentActivation: .sigmoid,
                          returnSequences: false, resetAfter: true,
                          kernel: GRUGates { _ in ModelFixtures.tensor([4, 3], &g) },
                          recurrentKernel: GRUGates { _ in ModelFixtures.tensor([3, 3], &g) },
                          bias: GRUGates { _ in ModelFixtures.tensor([3], &g) },
                          recurrentBias: GRUGates { _ in ModelFixtures.tensor([3], &g) }, goBackwards: backwards))
        }
        var layers: [Layer] = [
            ModelFixtures.lstm("lstm", input: 2, units: 4, returnSequences: true, &g),
            .bidirectional(BidirectionalLayer(name: "both", mergeMode: .sum, forward: gru("forward_gru", backwards: false),
                                              backward: gru("backward_gru", backwards: true))),
            ModelFixtures.dense("head", input: 3, units: 2, activation: .linear, &g),
        ]
        if isStateful { layers = layers.map(stateful) }
        return ModelDescription(source: ModelSource(), inputFeatures: 2, timeSteps: nil, layers: layers)
    }

    @Test func statefulLayersSurviveARoundTripInA13File() throws {
        let model = Self.model()
        #expect(model.isStateful && model.layers.map(\.stateful) == [true, true, false])
        let bytes = try LSTMWFile.encode(model)
        #expect(try LSTMWFile.decode(bytes) == model)
        #expect(try LSTMWFile.inspect(bytes).version == .init(major: 1, minor: 3))
        let header = FileParts(bytes).headerText
        #expect(header.contains(#""use_bias":true,"stateful":true,"gate_order":["i","f","c","o"]"#))
        #expect(header.contains(#""layer":{"type":"gru","name":"forward_gru","input_size":4,"units":3,"activation":"tanh","recurrent_activation":"sigmoid","return_sequences":false,"reset_after":true,"use_bias":true,"stateful":true,"gate_order":["z","r","h"]}"#))
    }

    @Test func aModelWithoutStateIsWrittenAsBefore() throws {
        let bytes = try LSTMWFile.encode(Self.model(stateful: false))
        #expect(!FileParts(bytes).headerText.contains("stateful"))
        #expect(try LSTMWFile.inspect(bytes).version == .init(major: 1, minor: 2))
        #expect(try !LSTMWFile.decode(bytes).isStateful)
    }

    @Test func aFileDeclaring12CannotHoldIt() throws {
        var parts = FileParts(try LSTMWFile.encode(Self.model()))
        parts.minor = 2
        expectDecodeFailure(parts.assembled(), .malformedHeader,
                            mentioning: "layer 'lstm' (type 'lstm', stateful) needs format version 1.3; the file declares 1.2")
    }

    /// What a reader that ignores the key sees: the same layers without state, which is what
    /// `predict` runs anyway.
    @Test func withoutTheKeyTheModelIsTheStatelessOne() throws {
        var parts = FileParts(try LSTMWFile.encode(Self.model()))
        while parts.headerText.contains(#","stateful":true"#) { parts.replaceInHeader(#","stateful":true"#, with: "") }
        #expect(try LSTMWFile.decode(parts.assembled()) == Self.model(stateful: false))
    }

    @Test(arguments: [(#""stateful":true"#, #""stateful":1"#), (#""stateful":true"#, #""stateful":null"#)])
    func aStatefulValueMustBeABoolean(old: String, new: String) throws {
        var parts = FileParts(try LSTMWFile.encode(Self.model()))
        parts.replaceInHeader(old, with: new)
        expectDecodeFailure(parts.assembled(), .malformedHeader, mentioning: "layers[0].stateful")
    }

    @Test func bothDirectionsOfABidirectionalAgree() throws {
        var model = Self.model()
        guard case .bidirectional(var wrapper) = model.layers[1], case .gru(var backward) = wrapper.backward else {
            Issue.record("the model's second layer is a Bidirectional GRU")
            return
        }
        backward.stateful = false
        wrapper.backward = .gru(backward)
        model.layers[1] = .bidirectional(wrapper)
        let error = try #require(throws: LSTMWError.self) { try model.validate() }
        #expect(error.message.contains("differ in kind, sizes, return_sequences or stateful"))
    }
}
