import LSTMW
import Testing
@testable import LSTMRuntime

/// A Bidirectional layer large enough that, given two threads, its directions run at once (one
/// thread each): the result must be the bits of one thread, and of the two directions run as
/// models of their own and merged by hand.
@Suite struct PackedBidirectionalTests {
    private static func layers(returnSequences: Bool, using rng: inout SeededGenerator) -> (forward: Layer, backward: Layer) {
        let forward = RandomModels.lstm("forward", inputSize: 12, units: 40, returnSequences: returnSequences, using: &rng)
        guard case .lstm(var backward) = RandomModels.lstm("backward", inputSize: 12, units: 40,
                                                            returnSequences: returnSequences, using: &rng) else {
            preconditionFailure("an LSTM")
        }
        backward.goBackwards = true
        return (forward, .lstm(backward))
    }

    @Test(arguments: [(BidirectionalMergeMode.concat, true), (.concat, false), (.sum, true), (.mul, false), (.ave, true)])
    func bothDirectionsAtOnceGiveTheBitsOfOneThread(mergeMode: BidirectionalMergeMode, returnSequences: Bool) throws {
        var rng = SeededGenerator(seed: 91)
        let (forward, backward) = Self.layers(returnSequences: returnSequences, using: &rng)
        let description = RandomModels.model(inputFeatures: 12, [.bidirectional(BidirectionalLayer(
            name: "bidirectional", mergeMode: mergeMode, forward: forward, backward: backward))])
        let (batch, time) = (4, 40)
        #expect(batch * time * 40 * 160 >= 1 << 18, "enough work to run the directions at once")
        let input = RandomModels.input(batch: batch, time: time, features: 12, using: &rng)
        let model = try Model(description)
        let alone = try model.withThreads(1).predict(input)
        let together = try model.withThreads(2).predict(input)
        #expect(together.shape == alone.shape)
        #expect(together.values.map(\.bitPattern) == alone.values.map(\.bitPattern))

        let ahead = try Model(RandomModels.model(inputFeatures: 12, [forward])).withThreads(1).predict(input).values
        var behind = try Model(RandomModels.model(inputFeatures: 12, [backward])).withThreads(1).predict(input).values
        let n = 40
        if returnSequences {  // Keras puts the backward outputs back in time order
            behind = (0..<(batch * time * n)).map { i in
                let (b, t, j) = (i / (time * n), i / n % time, i % n)
                return behind[(b * time + time - 1 - t) * n + j]
            }
        }
        let rows = returnSequences ? batch * time : batch
        let merged: [Float] = (0..<rows).flatMap { r -> [Float] in
            let (f, b) = (Array(ahead[(r * n)..<((r + 1) * n)]), Array(behind[(r * n)..<((r + 1) * n)]))
            switch mergeMode {
            case .concat: return f + b
            case .sum: return zip(f, b).map { $0 + $1 }
            case .mul: return zip(f, b).map { $0 * $1 }
            case .ave: return zip(f, b).map { ($0 + $1) / 2 }
            case .none: return []  // two outputs: a graph's, tested in ModelGraphPredictTests
            }
        }
        #expect(alone.values.map(\.bitPattern) == merged.map(\.bitPattern))
    }
}
