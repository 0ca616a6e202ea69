import LSTMRuntime
import LSTMW
import Testing

/// `Model.predict` against the independent Double reference, on seeded random models.
@Suite struct ModelPredictTests {
    private func check(_ description: ModelDescription, batch: Int, time: Int, seed: UInt64,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        var rng = SeededGenerator(seed: seed)
        let input = RandomModels.input(batch: batch, time: time, features: description.inputFeatures, using: &rng)
        let model = try Model(description)
        let output = try model.predict(input)
        expectClose(output, ReferenceModel.predict(description, input), sourceLocation: sourceLocation)
    }

    @Test(arguments: [false, true])
    func singleLSTM(returnSequences: Bool) throws {
        var rng = SeededGenerator(seed: 1)
        let description = RandomModels.model(inputFeatures: 5, [
            RandomModels.lstm("lstm", inputSize: 5, units: 6, returnSequences: returnSequences, using: &rng),
        ])
        try check(description, batch: 3, time: 7, seed: 2)
        #expect(try Model(description).outputIsSequence == returnSequences)
    }

    @Test func stackedLSTMThenDenseSoftmax() throws {
        var rng = SeededGenerator(seed: 3)
        let description = RandomModels.model(inputFeatures: 4, [
            RandomModels.lstm("lstm_1", inputSize: 4, units: 8, returnSequences: true, using: &rng),
            RandomModels.lstm("lstm_2", inputSize: 8, units: 5, returnSequences: false, using: &rng),
            RandomModels.dense("dense", inputSize: 5, units: 3, activation: .softmax, using: &rng),
        ])
        try check(description, batch: 2, time: 9, seed: 4)
    }

    @Test func withoutBias() throws {
        var rng = SeededGenerator(seed: 5)
        let description = RandomModels.model(inputFeatures: 3, [
            RandomModels.lstm("lstm", inputSize: 3, units: 5, returnSequences: true, useBias: false, using: &rng),
            RandomModels.dense("dense", inputSize: 5, units: 2, activation: .tanh, useBias: false, using: &rng),
        ])
        try check(description, batch: 2, time: 8, seed: 6)
    }

    static let elementwise = Activation.allCases.filter(\.isElementwise)

    @Test(arguments: elementwise)
    func cellActivation(_ activation: Activation) throws {
        var rng = SeededGenerator(seed: 7)
        let description = RandomModels.model(inputFeatures: 4, [
            RandomModels.lstm("lstm", inputSize: 4, units: 5, returnSequences: true, activation: activation,
                              using: &rng),
        ])
        try check(description, batch: 2, time: 6, seed: 8)
    }

    @Test(arguments: elementwise)
    func recurrentActivation(_ activation: Activation) throws {
        var rng = SeededGenerator(seed: 9)
        let description = RandomModels.model(inputFeatures: 4, [
            RandomModels.lstm("lstm", inputSize: 4, units: 5, returnSequences: true,
                              recurrentActivation: activation, using: &rng),
        ])
        try check(description, batch: 2, time: 6, seed: 10)
    }

    @Test(arguments: Activation.allCases)
    func denseOnASequence(_ activation: Activation) throws {
        var rng = SeededGenerator(seed: 11)
        let description = RandomModels.model(inputFeatures: 3, [
            RandomModels.dense("dense_in", inputSize: 3, units: 6, activation: .relu, using: &rng),
            RandomModels.lstm("lstm", inputSize: 6, units: 4, returnSequences: true, using: &rng),
            RandomModels.dense("dense_out", inputSize: 4, units: 3, activation: activation, using: &rng),
        ])
        let model = try Model(description)
        #expect(model.outputIsSequence)
        try check(description, batch: 3, time: 5, seed: 12)
    }

    /// Sizes that reach every path of the matrix product: four-row blocks and a leftover row,
    /// 32- and 8-column tiles and leftover columns.
    @Test(arguments: [(9, 13, 5), (16, 7, 4), (2, 1, 6), (1, 1, 1)])
    func oddSizes(units: Int, inputSize: Int, batch: Int) throws {
        var rng = SeededGenerator(seed: UInt64(units * 100 + inputSize))
        let description = RandomModels.model(inputFeatures: inputSize, [
            RandomModels.lstm("lstm_1", inputSize: inputSize, units: units, returnSequences: true, using: &rng),
            RandomModels.lstm("lstm_2", inputSize: units, units: units + 3, returnSequences: false, using: &rng),
            RandomModels.dense("dense", inputSize: units + 3, units: 11, activation: .sigmoid, using: &rng),
        ])
        try check(description, batch: batch, time: 6, seed: 13)
    }

    /// Each batch element is computed on its own: the batch's rows equal the rows predicted one at
    /// a time, bit for bit, and differ from each other.
    @Test func batchElementsAreIndependent() throws {
        var rng = SeededGenerator(seed: 14)
        let description = RandomModels.model(inputFeatures: 4, [
            RandomModels.lstm("lstm", inputSize: 4, units: 7, returnSequences: true, using: &rng),
            RandomModels.dense("dense", inputSize: 7, units: 3, activation: .softmax, using: &rng),
        ])
        let model = try Model(description)
        let (batch, time) = (6, 5)
        let input = RandomModels.input(batch: batch, time: time, features: 4, using: &rng)
        let output = try model.predict(input)
        let rowSize = time * 3
        var rows: [[Float]] = []
        for b in 0..<batch {
            let alone = try model.predict(Array(input.values[(b * time * 4)..<((b + 1) * time * 4)]),
                                          batch: 1, timeSteps: time)
            let row = Array(output.values[(b * rowSize)..<((b + 1) * rowSize)])
            #expect(alone.values == row, "batch element \(b)")
            rows.append(row)
        }
        #expect(Set(rows.map { $0.map(\.bitPattern) }).count == batch)
    }

    /// Any length is accepted, even when the description records a fixed one.
    @Test func otherLengthThanDescribed() throws {
        var rng = SeededGenerator(seed: 15)
        var description = RandomModels.model(inputFeatures: 2, [
            RandomModels.lstm("lstm", inputSize: 2, units: 3, returnSequences: false, using: &rng),
        ])
        description.timeSteps = 4
        try check(description, batch: 1, time: 9, seed: 16)
    }

    @Test func flatValuesMatchTensorInput() throws {
        var rng = SeededGenerator(seed: 17)
        let model = try Model(RandomModels.model(inputFeatures: 3, [
            RandomModels.lstm("lstm", inputSize: 3, units: 4, returnSequences: true, using: &rng),
        ]))
        let input = RandomModels.input(batch: 2, time: 3, features: 3, using: &rng)
        let fromTensor = try model.predict(input)
        let fromValues = try model.predict(input.values, batch: 2, timeSteps: 3)
        #expect(fromTensor == fromValues)
        #expect(fromTensor.shape == [2, 3, 4])
    }

    @Test func nestedArraysMatchTensorInput() throws {
        var rng = SeededGenerator(seed: 18)
        let model = try Model(RandomModels.stackedClassifier(inputFeatures: 3, using: &rng))
        let input = RandomModels.input(batch: 2, time: 4, features: 3, using: &rng)
        let nested = (0..<2).map { b in
            (0..<4).map { t in Array(input.values[((b * 4 + t) * 3)..<((b * 4 + t + 1) * 3)]) }
        }
        let fromNested = try model.predict(nested)
        #expect(fromNested == (try model.predict(input)))
        #expect(fromNested.shape == [2, 3])
    }
}
