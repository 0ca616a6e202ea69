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
        let model = Fixtures.invalid("k2_sepconv.h5").path
        let result = try CommandLineTool.run(["explain", model])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.contains("layer 'sepconv_1' (SeparableConv1D): not supported by the converter yet"))
        #expect(result.standardOutput.contains("sepconv_1/sepconv_1/depthwise_kernel:0"))
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
        #expect(result.errorLines == ["error: \(path): neither a .lstmw file, a Keras HDF5 (.h5) file nor a .keras archive"])
    }
}

@Suite struct ExplainRecurrentTests {
    @Test func showsGRUGateBlocksWithBothBiasRows() throws {
        let result = try CommandLineTool.run(["explain", Fixtures.root.appendingPathComponent("k2_gru_reset_after/model.h5").path])
        #expect(result.status == 0, "\(result)")
        let text = result.standardOutput
        #expect(text.contains("layer 'gru' (GRU): units 6"))
        #expect(text.contains("reset_after true"))
        for (gate, start, end) in [("z", 0, 6), ("r", 6, 12), ("h", 12, 18)] {
            #expect(text.contains("W_\(gate) = kernel[:, \(start):\(end)]"))
            #expect(text.contains("U_\(gate) = recurrent_kernel[:, \(start):\(end)]"))
            #expect(text.contains("b_\(gate) = bias[0, \(start):\(end)]"))
            #expect(text.contains("rb_\(gate) = bias[1, \(start):\(end)]"))
        }
    }

    @Test func showsGRUResetBeforeBiasAndSimpleRNNDatasets() throws {
        let gru = try CommandLineTool.run(["explain", Fixtures.root.appendingPathComponent("k3_gru_reset_before/model.h5").path])
        #expect(gru.status == 0, "\(gru)")
        #expect(gru.standardOutput.contains("b_h = bias[10:15]"))
        #expect(!gru.standardOutput.contains("rb_"))
        let rnn = try CommandLineTool.run(["explain", Fixtures.root.appendingPathComponent("k3_simple_rnn/model.h5").path])
        #expect(rnn.status == 0, "\(rnn)")
        #expect(rnn.standardOutput.contains("W = kernel   U = recurrent_kernel   b = bias"))
    }

    @Test func showsTheKerasOriginOfGRUTensorsInALSTMWFile() throws {
        let directory = try TemporaryDirectory()
        let output = directory.file("g.lstmw")
        let convert = try CommandLineTool.run(["-q", Fixtures.root.appendingPathComponent("k2_gru_reset_after/model.h5").path, output.path])
        try #require(convert.status == 0, "\(convert)")
        let result = try CommandLineTool.run(["explain", output.path])
        #expect(result.status == 0, "\(result)")
        let text = result.standardOutput
        #expect(text.contains(".lstmw 1.1"))
        #expect(text.contains("layer 'gru' (GRU), 4 → 6, activation tanh, recurrent_activation sigmoid, reset_after true"))
        for pattern in ["W_r    [4, 6]", "= Keras kernel[:, 6:12]", "= Keras recurrent_kernel[:, 12:18]",
                        "= Keras bias[0, 0:6]", "= Keras bias[1, 6:12]"] {
            #expect(text.contains(pattern), "missing \(pattern)")
        }
    }
}
