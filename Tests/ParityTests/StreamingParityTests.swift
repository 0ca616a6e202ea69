import Foundation
import KerasImport
import LSTMRuntime
import LSTMW
import NPY
import Testing
import TestSupport

/// A session fed one timestep at a time must end where `predict` on the whole sequence ends, for
/// every fixture whose layers can stream (masks included: a masked token carries the state over);
/// the others must refuse to stream with a message naming the layer.
@Suite struct StreamingParityTests {
    @Test(arguments: Fixtures.parityCases)
    func aSessionReachesWhatPredictComputes(fixture: Fixture) throws {
        let model = try Model(KerasModelFile(fixture).modelDescription())
        let input = try NPYFile.read(contentsOf: fixture.input)
        let time = input.shape[1]
        let features = input.shape.count == 3 ? input.shape[2] : 1
        let first = Array(input.floatValues().prefix(time * features))
        let whole = try model.predict(first, batch: 1, timeSteps: time)
        let session = model.makeSession()
        let streamed = Result { () throws(RuntimeError) -> [Float] in
            var last: [Float] = []
            for t in 0..<time { last = try session.step(Array(first[(t * features)..<((t + 1) * features)])) }
            return last
        }
        let streamable = !model.description.layers.contains { layer in
            layer.goBackwards || ["Bidirectional", "Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D",
                                  "GlobalAveragePooling1D", "Flatten", "Reshape", "RepeatVector", "SwapBatchTime"].contains(layer.kerasClassName)
        }
        let last: [Float]
        switch streamed {
        case .success(let values):
            #expect(streamable, "\(fixture) streamed although a layer reads several timesteps")
            last = values
        case .failure(let error):
            #expect(!streamable, "\(fixture) refused to stream: \(error)")
            #expect(error.code == .unsupported && error.message.contains("layer '"), "\(fixture): \(error)")
            return
        }
        let expected = Array(whole.values.suffix(model.outputFeatures))
        #expect(last == expected, "\(fixture): session \(last) vs predict \(expected)")
    }
}
