@testable import LSTMW
import Testing

/// The `swap_batch_time` layer of format 1.3, which represents Keras 2's `time_major`: it
/// survives a round trip in a 1.3 file, comes only right before a recurrent layer (and right after
/// one that returns sequences), never under a mask or around a stateful layer, and makes the
/// output's first axis the input's time axis when the recurrent layer returns a vector.
@Suite struct SwapBatchTimeFormatTests {
    static func swap(_ name: String, _ features: Int) -> Layer {
        .swapBatchTime(SwapBatchTimeLayer(name: name, features: features))
    }

    /// swap → LSTM(sequences) → swap → swap → LSTM(vector) → Dense.
    static func model(_ edit: (inout [Layer]) -> Void = { _ in }) -> ModelDescription {
        var g = SeededGenerator(seed: 21)
        var layers: [Layer] = [
            swap("a:time_major_input", 3),
            ModelFixtures.lstm("a", input: 3, units: 4, returnSequences: true, &g),
            swap("a:time_major_output", 4),
            swap("b:time_major_input", 4),
            ModelFixtures.lstm("b", input: 4, units: 2, returnSequences: false, &g),
            ModelFixtures.dense("head", input: 2, units: 2, activation: .linear, &g),
        ]
        edit(&layers)
        return ModelDescription(source: ModelSource(), inputFeatures: 3, timeSteps: nil, layers: layers)
    }

    @Test func survivesARoundTripInA13File() throws {
        let model = Self.model()
        try model.validate()
        let bytes = try LSTMWFile.encode(model)
        #expect(try LSTMWFile.decode(bytes) == model)
        #expect(try LSTMWFile.inspect(bytes).version == .init(major: 1, minor: 3))
        #expect(FileParts(bytes).headerText.contains(#"{"type":"swap_batch_time","name":"a:time_major_input","input_size":3,"units":3,"tensors":[]}"#))
        #expect(model.outputShape(batch: 5, time: 9) == [9, 2])
        #expect(!model.outputIsSequence)
    }

    @Test func aBalancedModelKeepsItsBatch() throws {
        let model = Self.model { layers in layers.removeSubrange(3...) }
        try model.validate()
        #expect(model.outputShape(batch: 5, time: 9) == [5, 9, 4])
    }

    @Test func aFileDeclaring12CannotHoldIt() throws {
        var parts = FileParts(try LSTMWFile.encode(Self.model()))
        parts.minor = 2
        expectDecodeFailure(parts.assembled(), .malformedHeader,
                            mentioning: "layer 'a:time_major_input' (type 'swap_batch_time') needs format version 1.3; the file declares 1.2")
    }

    @Test func keepsItsFeatures() throws {
        var parts = FileParts(try LSTMWFile.encode(Self.model()))
        parts.replaceInHeader(#""name":"a:time_major_input","input_size":3,"units":3"#, with: #""name":"a:time_major_input","input_size":3,"units":4"#)
        expectDecodeFailure(parts.assembled(), .malformedHeader, mentioning: "a swap_batch_time layer keeps its features")
    }

    /// Models that break one rule, with the message naming it.
    static func broken(_ rule: String) -> (ModelDescription, String) {
        var g = SeededGenerator(seed: 1)
        switch rule {
        case "dense after a swap":
            return (model { $0[1] = ModelFixtures.dense("d", input: 3, units: 4, activation: .relu, &g) },
                    "layer 'd' (Dense) follows swapped batch and time axes")
        case "no swap back after sequences":
            return (model { $0.removeSubrange(2...3) }, "layer 'b' (LSTM) follows swapped batch and time axes")
        case "a swap at the end":
            return (model { $0.removeSubrange(4...) }, "the model ends with its batch and time axes swapped")
        case "a swap of a vector":
            return (model { $0.insert(swap("late", 2), at: 5) }, "layer 'late' (SwapBatchTime) needs a sequence")
        case "a mask":
            return (model { $0.insert(.masking(MaskingLayer(name: "m", features: 3, maskValue: 0)), at: 0) },
                    "layer 'a:time_major_input' (SwapBatchTime) cannot take the mask")
        default:
            return (model { if case .lstm(var cell) = $0[1] { cell.stateful = true; $0[1] = .lstm(cell) } },
                    "layer 'a' (LSTM) is stateful and reads swapped batch and time axes")
        }
    }

    @Test(arguments: ["dense after a swap", "no swap back after sequences", "a swap at the end", "a swap of a vector",
                      "a mask", "a stateful layer"])
    func refusesWhatIsNotATimeMajorLayer(rule: String) throws {
        let (model, message) = Self.broken(rule)
        let error = try #require(throws: LSTMWError.self, "\(rule)") { try model.validate() }
        #expect(error.message.contains(message), "\(rule): \(error.message)")
    }
}
