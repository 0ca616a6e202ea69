@testable import KerasImport
import Testing
import TestSupport

/// Where each class keeps its variables in a Keras 3 weights file, and which role each number has,
/// as the layer's configuration decides it (the orders checked against real files by
/// tools/make_file_kind_fixtures.py).
@Suite struct KerasVariableLayoutTests {
    func layout(_ className: String, _ configJSON: String = "{}") throws -> [String] {
        let config = try #require(JSONValue.parse(configJSON))
        let layout = try #require(KerasVariableLayout.of(className, config: config))
        return layout.folders.flatMap { folder in folder.roles.map { "\(folder.path)/\($0)" } }
    }

    @Test func optionalVariablesFollowTheConfig() throws {
        #expect(try layout("LSTM") == ["cell/vars/kernel", "cell/vars/recurrent_kernel", "cell/vars/bias"])
        #expect(try layout("GRU", #"{"use_bias": false}"#) == ["cell/vars/kernel", "cell/vars/recurrent_kernel"])
        #expect(try layout("Conv1D", #"{"use_bias": false}"#) == ["vars/kernel"])
        #expect(try layout("Dense") == ["vars/kernel", "vars/bias"])
        #expect(try layout("LayerNormalization") == ["vars/gamma", "vars/beta"])
        #expect(try layout("LayerNormalization", #"{"scale": false}"#) == ["vars/beta"])
        #expect(try layout("BatchNormalization", #"{"center": false}"#) == ["vars/gamma", "vars/moving_mean", "vars/moving_variance"])
        #expect(try layout("BatchNormalization", #"{"scale": false, "center": false}"#) == ["vars/moving_mean", "vars/moving_variance"])
    }

    @Test func wrappersKeepTheirLayersVariablesBelowThem() throws {
        let lstm = #"{"class_name": "LSTM", "config": {"use_bias": false}}"#
        #expect(try layout("Bidirectional", #"{"layer": \#(lstm)}"#) == [
            "forward_layer/cell/vars/kernel", "forward_layer/cell/vars/recurrent_kernel",
            "backward_layer/cell/vars/kernel", "backward_layer/cell/vars/recurrent_kernel",
        ])
        let gru = #"{"class_name": "GRU", "config": {}}"#
        #expect(try layout("Bidirectional", #"{"layer": \#(gru), "backward_layer": \#(lstm)}"#).suffix(2)
                == ["backward_layer/cell/vars/kernel", "backward_layer/cell/vars/recurrent_kernel"])
        #expect(try layout("TimeDistributed", #"{"layer": {"class_name": "Dense", "config": {}}}"#) == ["layer/vars/kernel", "layer/vars/bias"])
        // A wrapper around a class the importer does not read lists its variables by path instead.
        #expect(KerasVariableLayout.of("TimeDistributed", config: JSONValue.parse(#"{"layer": {"class_name": "Conv2D", "config": {}}}"#)!) == nil)
    }

    @Test func weightlessAndUnknownClasses() throws {
        for name in KerasVariableLayout.weightlessClasses {
            #expect(try layout(name).isEmpty, "\(name)")
        }
        #expect(KerasVariableLayout.of("SeparableConv1D", config: .object([:])) == nil)
    }

    @Test func positionsAreExactNumbersInTheLayoutsFolders() throws {
        let bidirectional = try #require(KerasVariableLayout.of("Bidirectional", config: JSONValue.parse(#"{"layer": {"class_name": "SimpleRNN", "config": {}}}"#)!))
        #expect(bidirectional.position(of: "backward_layer/cell/vars/2")! == (1, 2))
        #expect(bidirectional.position(of: "forward_layer/cell/vars/0")! == (0, 0))
        for bad in ["forward_layer/cell/vars/3", "forward_layer/cell/vars/01", "forward_layer/vars/0", "cell/vars/0", "forward_layer/cell/vars/-1"] {
            #expect(bidirectional.position(of: Substring(bad)) == nil, "\(bad)")
        }
        #expect(bidirectional.summary(below: "/layers/bidirectional/").hasPrefix("at most 3 in /layers/bidirectional/forward_layer/cell/vars/ (kernel, recurrent_kernel, bias); "))
    }

    /// In the real files: BatchNormalization(center=False) numbers moving_mean 1, and the
    /// Bidirectional's and TimeDistributed's variables sit below their wrappers' groups.
    @Test func realFilesGetTheirRolesFromTheirConfigs() throws {
        let folder = Fixtures.root.appendingPathComponent("kinds/k3_weights_conv_batchnorm_gru")
        let weights = try KerasModelFile(weightsPath: folder.appendingPathComponent("model.weights.h5").path,
                                         configPath: folder.appendingPathComponent("model.json").path)
        let roles = weights.layers.map { layer in layer.weights.map { "\($0.role)=\($0.datasetPath)" } }
        #expect(roles.contains(["kernel=/layers/conv1d/vars/0"]))
        #expect(roles.contains(["gamma=/layers/batch_normalization/vars/0", "moving_mean=/layers/batch_normalization/vars/1",
                                "moving_variance=/layers/batch_normalization/vars/2"]))
        #expect(roles.contains(["kernel=/layers/time_distributed/layer/vars/0", "bias=/layers/time_distributed/layer/vars/1"]))
        let archive = try KerasModelFile(path: Fixtures.root.appendingPathComponent("kinds/k3_keras_embedding_bidi_lstm/model.keras").path)
        let bidirectional = try #require(archive.layers.first { $0.className == "Bidirectional" })
        #expect(bidirectional.weights.map(\.role) == ["kernel", "recurrent_kernel", "bias", "kernel", "recurrent_kernel", "bias"])
        #expect(bidirectional.weights.map(\.datasetPath).allSatisfy { $0.hasPrefix("/layers/bidirectional/forward_layer/cell/vars/") || $0.hasPrefix("/layers/bidirectional/backward_layer/cell/vars/") })
    }
}
