import Foundation
import Testing
import TestSupport

@Suite struct ExplainCommandTests {
    /// k3_lstm_single is LSTM(6): gate k owns columns 6k ..< 6k+6 of each Keras weight.
    @Test func showsWhereEachGateIsInAKerasFile() throws {
        let model = Fixtures.root.appendingPathComponent("k3_lstm_single/model.h5").path
        let result = try CommandLineTool.run(["explain", model])
        #expect(result.status == 0, "\(result)")
        let text = result.standardOutput
        #expect(text.contains("Keras 3.15.1"))
        #expect(text.contains("/model_weights/lstm/single_seq/lstm/lstm_cell/kernel"))
        #expect(text.contains("[5, 24]"))
        for (gate, start, end) in [("i", 0, 6), ("f", 6, 12), ("c", 12, 18), ("o", 18, 24)] {
            #expect(text.contains("W_\(gate) = kernel[:, \(start):\(end)]"))
            #expect(text.contains("U_\(gate) = recurrent_kernel[:, \(start):\(end)]"))
            #expect(text.contains("b_\(gate) = bias[\(start):\(end)]"))
            #expect(text.contains("W_\(gate)[0, :] = ["))
        }
    }

    @Test func explainsLayersItCannotConvert() throws {
        let model = Fixtures.invalid("k2_gru.h5").path
        let result = try CommandLineTool.run(["explain", model])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.contains("layer 'gru_1' (GRU): not supported by the converter yet"))
        #expect(result.standardOutput.contains("gru_1/gru_cell/kernel:0"))
    }

    @Test func showsTensorsAndTheirKerasOriginInALSTMWFile() throws {
        let directory = try TemporaryDirectory()
        let output = directory.file("m.lstmw")
        let convert = try CommandLineTool.run(["-q", Fixtures.root.appendingPathComponent("k2_lstm_single/model.h5").path, output.path])
        try #require(convert.status == 0, "\(convert)")
        let result = try CommandLineTool.run(["explain", output.path, "--samples", "2"])
        #expect(result.status == 0, "\(result)")
        let text = result.standardOutput
        #expect(text.contains(".lstmw 1.0"))
        #expect(text.contains("from Keras 2.21.0"))
        for (gate, start, end) in [("i", 0, 6), ("f", 6, 12), ("c", 12, 18), ("o", 18, 24)] {
            #expect(text.contains("W_\(gate)"))
            #expect(text.contains("= Keras kernel[:, \(start):\(end)]"))
            #expect(text.contains("= Keras recurrent_kernel[:, \(start):\(end)]"))
            #expect(text.contains("= Keras bias[\(start):\(end)]"))
        }
    }

    @Test func refusesAFileThatIsNeither() throws {
        let path = Fixtures.invalid("input_wrong_features.npy").path
        let result = try CommandLineTool.run(["explain", path])
        #expect(result.status == 1)
        #expect(result.errorLines == ["error: \(path): neither a .lstmw file nor a Keras HDF5 (.h5) model"])
    }
}
