import Foundation
import LSTMRuntime
import Testing

@Suite struct LayerSummaryTests {
    @Test func describesItselfOnOneLine() {
        let lstm = LayerSummary(name: "lstm_2", kind: .lstm, inputSize: 32, outputSize: 16, outputIsSequence: false,
                                parameterCount: 3136)
        #expect(lstm.description == "lstm_2: LSTM 32 -> 16 per sequence, 3136 parameters")
        let dense = LayerSummary(name: "out", kind: .dense, inputSize: 16, outputSize: 4, outputIsSequence: true,
                                 parameterCount: 68)
        #expect(dense.description == "out: Dense 16 -> 4 per timestep, 68 parameters")
    }

    @Test func kindsAreKerasClassNames() throws {
        #expect(LayerSummary.Kind.lstm.rawValue == "LSTM")
        #expect(LayerSummary.Kind.dense.description == "Dense")
        let json = String(decoding: try JSONEncoder().encode([LayerSummary.Kind.lstm]), as: UTF8.self)
        #expect(json == #"["LSTM"]"#)
    }
}
