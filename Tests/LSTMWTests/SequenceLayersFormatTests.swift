@testable import LSTMW
import Testing

/// The layer types of format 1.2: every one survives a round trip through a file, the file
/// declares 1.2, a file that declares 1.1 is refused, and the chain rules name the layer.
@Suite struct SequenceLayersFormatTests {
    /// Embedding with mask → Bidirectional GRU (sequences) → norms → Activation → global average → Dense.
    static func tokenModel() -> ModelDescription {
        var g = SeededGenerator(seed: 7)
        func gru(_ name: String, backwards: Bool) -> Layer {
            .gru(GRULayer(name: name, inputSize: 4, units: 3, activation: .tanh, recurrentActivation: .hardSigmoidKeras3,
                          returnSequences: true, resetAfter: true,
                          kernel: GRUGates { _ in ModelFixtures.tensor([4, 3], &g) },
                          recurrentKernel: GRUGates { _ in ModelFixtures.tensor([3, 3], &g) },
                          bias: GRUGates { _ in ModelFixtures.tensor([3], &g) },
                          recurrentBias: GRUGates { _ in ModelFixtures.tensor([3], &g) }, goBackwards: backwards))
        }
        let layers: [Layer] = [
            .embedding(EmbeddingLayer(name: "tokens", inputDim: 9, outputDim: 4, maskZero: true,
                                      embeddings: ModelFixtures.tensor([9, 4], &g))),
            .bidirectional(BidirectionalLayer(name: "both", mergeMode: .concat, forward: gru("forward_gru", backwards: false),
                                              backward: gru("backward_gru", backwards: true))),
            .layerNormalization(LayerNormalizationLayer(name: "ln", features: 6, epsilon: 1e-3,
                                                        gamma: ModelFixtures.tensor([6], &g), beta: nil)),
            .batchNormalization(BatchNormalizationLayer(
                name: "bn", features: 6, epsilon: 0.01, gamma: nil, beta: ModelFixtures.tensor([6], &g),
                movingMean: ModelFixtures.tensor([6], &g), movingVariance: Tensor(shape: [6], values: [1, 2, 0.5, 3, 1, 0.25]))),
            .activation(ActivationLayer(name: "act", features: 6, activation: .gelu)),
            .globalPooling1D(GlobalPooling1DLayer(name: "pool", mode: .average, features: 6)),
            ModelFixtures.dense("head", input: 6, units: 2, activation: .softmax, &g),
        ]
        return ModelDescription(source: ModelSource(kerasVersion: "3.15.1"), inputFeatures: 1, timeSteps: nil, layers: layers)
    }

    /// Conv1D → pooling → backwards LSTM → Flatten → Dense → Reshape → LSTM → RepeatVector → SimpleRNN.
    static func sequenceModel() -> ModelDescription {
        var g = SeededGenerator(seed: 8)
        let conv = Conv1DLayer(name: "conv", inputSize: 3, filters: 4, kernelSize: 3, strides: 1, dilation: 2,
                               padding: .causal, activation: .selu, kernel: ModelFixtures.tensor([3, 3, 4], &g), bias: nil)
        var lstm = ModelFixtures.lstm("reader", input: 4, units: 5, returnSequences: true, &g)
        if case .lstm(var layer) = lstm { layer.goBackwards = true; lstm = .lstm(layer) }
        let layers: [Layer] = [
            .conv1D(conv),
            .pooling1D(Pooling1DLayer(name: "pool", mode: .max, features: 4, poolSize: 2, strides: 2, padding: .same)),
            lstm,
            .flatten(FlattenLayer(name: "flat", timeSteps: 4, features: 5)),
            ModelFixtures.dense("code", input: 20, units: 6, activation: .swish, &g),
            .reshape(ReshapeLayer(name: "shape", inputShape: [6], targetShape: [2, 3])),
            ModelFixtures.lstm("encoder", input: 3, units: 2, returnSequences: false, &g),
            .repeatVector(RepeatVectorLayer(name: "again", n: 3, features: 2)),
            .simpleRNN(SimpleRNNLayer(name: "decoder", inputSize: 2, units: 2, activation: .softsign, returnSequences: true,
                                      kernel: ModelFixtures.tensor([2, 2], &g), recurrentKernel: ModelFixtures.tensor([2, 2], &g),
                                      bias: nil)),
        ]
        return ModelDescription(source: ModelSource(), inputFeatures: 3, timeSteps: 8, layers: layers)
    }

    @Test(arguments: [tokenModel(), sequenceModel()])
    func everyLayerSurvivesARoundTrip(model: ModelDescription) throws {
        let bytes = try LSTMWFile.encode(model)
        #expect(try LSTMWFile.decode(bytes) == model)
        #expect(try LSTMWFile.inspect(bytes).version == .init(major: 1, minor: 2))
    }

    @Test func aFileDeclaring11CannotHoldThem() throws {
        var parts = FileParts(try LSTMWFile.encode(Self.tokenModel()))
        parts.minor = 1
        expectDecodeFailure(parts.assembled(), .malformedHeader,
                            mentioning: "layer 'tokens' (type 'embedding') needs format version 1.2; the file declares 1.1")
    }

    @Test func theOutputShapeFollowsTheTimeAxis() throws {
        let model = Self.sequenceModel()
        #expect(model.outputIsSequence)
        #expect(try model.outputTimeSteps(forInput: 8) == 3)
        #expect(throws: LSTMWError.self) { try model.outputTimeSteps(forInput: 9) }  // Flatten was built for 4 pooled steps
        #expect(!Self.tokenModel().outputIsSequence)
        #expect(Self.tokenModel().inputIsTokens)
    }

    @Test func chainRulesNameTheLayer() {
        var masked = Self.sequenceModel()
        masked.layers.insert(.masking(MaskingLayer(name: "again_mask", features: 3, maskValue: 0)), at: 0)
        expectFailure(.invalidModel, mentioning: "layer 'conv' (Conv1D) cannot take the mask") { () throws(LSTMWError) in try masked.validate() }
        var variable = Self.sequenceModel()
        variable.timeSteps = nil
        expectFailure(.invalidModel, mentioning: "layer 'flat' (Flatten) flattens 4 timesteps, but the sequence reaching it has any number of") {  () throws(LSTMWError) in
            try variable.validate()
        }
        var late = Self.tokenModel()
        late.layers.swapAt(0, 4)
        expectFailure(.invalidModel, mentioning: "layer") { () throws(LSTMWError) in try late.validate() }
    }
}
