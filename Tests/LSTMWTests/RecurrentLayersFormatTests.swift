import Testing
@testable import LSTMW

/// Format 1.1: GRU and SimpleRNN layers, their tensor names, version rules and refusals.
@Suite("GRU and SimpleRNN in .lstmw files")
struct RecurrentLayersFormatTests {
    static func gru(_ name: String, input: Int, units: Int, resetAfter: Bool, bias: Bool = true,
                    _ g: inout SeededGenerator) -> Layer {
        let kernel = GRUGates { _ in ModelFixtures.tensor([input, units], &g) }
        let recurrent = GRUGates { _ in ModelFixtures.tensor([units, units], &g) }
        let biases: GRUGates<Tensor>? = bias ? GRUGates { _ in ModelFixtures.tensor([units], &g) } : nil
        let recurrentBiases: GRUGates<Tensor>? = bias && resetAfter ? GRUGates { _ in ModelFixtures.tensor([units], &g) } : nil
        return .gru(GRULayer(name: name, inputSize: input, units: units, activation: .tanh,
                             recurrentActivation: .hardSigmoidKeras3, returnSequences: true, resetAfter: resetAfter,
                             kernel: kernel, recurrentKernel: recurrent, bias: biases, recurrentBias: recurrentBiases))
    }

    static func rnn(_ name: String, input: Int, units: Int, bias: Bool = true, _ g: inout SeededGenerator) -> Layer {
        .simpleRNN(SimpleRNNLayer(name: name, inputSize: input, units: units, activation: .relu, returnSequences: false,
                                  kernel: ModelFixtures.tensor([input, units], &g),
                                  recurrentKernel: ModelFixtures.tensor([units, units], &g),
                                  bias: bias ? ModelFixtures.tensor([units], &g) : nil))
    }

    /// GRU (reset_after) -> GRU (reset before, no bias) -> GRU (reset before) -> SimpleRNN -> Dense.
    static func mixed() -> ModelDescription {
        var g = SeededGenerator(seed: 7)
        return ModelDescription(
            source: ModelSource(kerasVersion: "3.15.1", backend: "tensorflow", modelName: "mixed", modelClass: "Sequential"),
            inputFeatures: 3, timeSteps: nil,
            layers: [
                gru("gru_a", input: 3, units: 4, resetAfter: true, &g),
                gru("gru_b", input: 4, units: 5, resetAfter: false, bias: false, &g),
                gru("gru_c", input: 5, units: 2, resetAfter: false, &g),
                rnn("rnn", input: 2, units: 6, &g),
                ModelFixtures.dense("dense", input: 6, units: 2, activation: .softmax, &g),
            ])
    }

    @Test("GRU and SimpleRNN layers round-trip exactly and deterministically")
    func roundTrip() throws {
        let model = Self.mixed()
        let bytes = try LSTMWFile.encode(model)
        #expect(try LSTMWFile.decode(bytes) == model)
        #expect(try LSTMWFile.encode(LSTMWFile.decode(bytes)) == bytes)
    }

    @Test("a file with a GRU or SimpleRNN is version 1.1; LSTM and Dense only stay 1.0")
    func versions() throws {
        let mixed = try LSTMWFile.inspect(LSTMWFile.encode(Self.mixed()))
        #expect(mixed.version == .init(major: 1, minor: 1))
        let lstm = try LSTMWFile.inspect(LSTMWFile.encode(ModelFixtures.stacked()))
        #expect(lstm.version == .init(major: 1, minor: 0))
    }

    @Test("tensors are named per gate, with their gates and the header's flags")
    func tensorNames() throws {
        let bytes = try LSTMWFile.encode(Self.mixed())
        let directory = try LSTMWFile.inspect(bytes)
        #expect(directory.layers.map(\.type) == [.gru, .gru, .gru, .simpleRNN, .dense])
        #expect(directory.layers[0].tensors.map(\.name)
                == ["W_z", "W_r", "W_h", "U_z", "U_r", "U_h", "b_z", "b_r", "b_h", "rb_z", "rb_r", "rb_h"])
        #expect(directory.layers[0].tensors.map(\.gruGate) == [.update, .reset, .candidate, .update, .reset, .candidate,
                                                               .update, .reset, .candidate, .update, .reset, .candidate])
        #expect(directory.layers[0].tensors.allSatisfy { $0.gate == nil })
        #expect(directory.layers[1].tensors.map(\.name) == ["W_z", "W_r", "W_h", "U_z", "U_r", "U_h"])
        #expect(directory.layers[2].tensors.map(\.name) == ["W_z", "W_r", "W_h", "U_z", "U_r", "U_h", "b_z", "b_r", "b_h"])
        #expect(directory.layers[3].tensors.map(\.name) == ["W", "U", "b"])
        #expect(directory.layers[3].tensors.map(\.shape) == [[2, 6], [6, 6], [6]])
        let header = String(decoding: FileParts(bytes).header, as: UTF8.self)
        #expect(header.contains(#""type":"gru","name":"gru_a","input_size":3,"units":4,"activation":"tanh","recurrent_activation":"hard_sigmoid_keras3","return_sequences":true,"reset_after":true,"use_bias":true,"gate_order":["z","r","h"],"tensors":"#))
        #expect(header.contains(#""type":"simple_rnn","name":"rnn","input_size":2,"units":6,"activation":"relu","return_sequences":false,"use_bias":true,"tensors":"#))
    }

    @Test("a GRU or SimpleRNN in a file that declares 1.0 is refused")
    func newTypesNeedVersion11() {
        var parts = FileParts((try? LSTMWFile.encode(Self.mixed())) ?? [])
        parts.minor = 0
        expectDecodeFailure(parts.assembled(), .malformedHeader,
                            mentioning: "layer 'gru_a' (type 'gru') needs format version 1.1; the file declares 1.0")
    }

    @Test("wrong GRU flags, gate orders and tensor lists are refused")
    func refusals() throws {
        let file = try LSTMWFile.encode(Self.mixed())
        func expectEdit(_ old: String, _ new: String, mentioning fragment: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
            var parts = FileParts(file)
            parts.replaceInHeader(old, with: new, sourceLocation: sourceLocation)
            expectDecodeFailure(parts.assembled(), .malformedHeader, mentioning: fragment, sourceLocation: sourceLocation)
        }
        expectEdit(#""gate_order":["z","r","h"]"#, #""gate_order":["r","z","h"]"#,
                   mentioning: "layer 'gru_a' has gate_order ['r', 'z', 'h']; GRU layers store the Keras order ['z', 'r', 'h']")
        expectEdit(#""reset_after":true,"#, "", mentioning: "reset_after")
        expectEdit(#""reset_after":true,"#, #""reset_after":false,"#,
                   mentioning: "layer 'gru_a' lists 12 tensors, but a gru layer with use_bias true and reset_after false has 9")
        expectEdit(#""name":"W","#, #""name":"kernel","#, mentioning: "layer 'rnn' needs 'W' there")
        expectEdit(#""type":"simple_rnn","name":"rnn","input_size":2,"units":6,"activation":"relu","return_sequences":false,"#,
                   #""type":"simple_rnn","name":"rnn","input_size":2,"units":6,"activation":"relu","#,
                   mentioning: "return_sequences")
        var parts = FileParts(file)
        parts.replaceInHeader(#""name":"rnn","input_size":2,"units":6,"activation":"relu""#,
                              with: #""name":"rnn","input_size":2,"units":6,"activation":"softmax""#)
        expectDecodeFailure(parts.assembled(), .invalidModel, mentioning: "layer 'rnn' (SimpleRNN) cannot use softmax inside the cell")
    }

    @Test("validation checks GRU biases against reset_after and every shape")
    func validation() {
        var g = SeededGenerator(seed: 9)
        guard case .gru(var layer) = Self.gru("gru", input: 3, units: 4, resetAfter: true, &g) else { return }
        layer.resetAfter = false
        let model = ModelDescription(source: ModelSource(), inputFeatures: 3, timeSteps: nil, layers: [.gru(layer)])
        expectFailure(.invalidModel) { () throws(LSTMWError) in try model.validate() }
        layer.resetAfter = true
        layer.kernel.reset = Tensor(shape: [4, 4], values: [Float](repeating: 0, count: 16))
        let bad = ModelDescription(source: ModelSource(), inputFeatures: 3, timeSteps: nil, layers: [.gru(layer)])
        let error = expectFailure(.invalidModel) { () throws(LSTMWError) in try bad.validate() }
        #expect(error?.message == "layer 'gru' (GRU): W_r has shape [4, 4], expected [3, 4]")
    }
}
