@testable import KerasImport
import Testing

@Suite struct KerasModelConfigTests {
    /// Keras 2's inbound_nodes form, with the layers listed out of order.
    static let keras2Chain = """
        {"class_name": "Functional", "config": {"name": "f", "layers": [
          {"class_name": "Dense", "name": "head", "config": {"name": "head", "units": 2}, "inbound_nodes": [[["enc", 0, 0, {}]]]},
          {"class_name": "InputLayer", "name": "inp", "config": {"batch_input_shape": [null, 5, 3], "name": "inp"}, "inbound_nodes": []},
          {"class_name": "LSTM", "name": "enc", "config": {"name": "enc", "units": 4}, "inbound_nodes": [[["inp", 0, 0, {}]]]}
        ], "input_layers": [["inp", 0, 0]], "output_layers": [["head", 0, 0]]}}
        """

    /// Keras 3's form: keras_history inside args, flat output_layers.
    static let keras3Chain = """
        {"class_name": "Functional", "config": {"name": "f", "layers": [
          {"class_name": "InputLayer", "name": "inp", "config": {"batch_shape": [null, null, 3], "name": "inp"}, "inbound_nodes": []},
          {"class_name": "LSTM", "name": "enc", "config": {"name": "enc", "units": 4},
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, null, 3], "keras_history": ["inp", 0, 0]}}], "kwargs": {"training": false, "mask": null}}]},
          {"class_name": "Dense", "name": "head", "config": {"name": "head", "units": 2},
           "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "keras_history": ["enc", 0, 0]}}], "kwargs": {}}]}
        ], "input_layers": ["inp", 0, 0], "output_layers": ["head", 0, 0]}}
        """

    @Test func ordersAKeras2FunctionalChainFromInputToOutput() throws {
        let config = try KerasModelConfig(json: Self.keras2Chain, file: "m.h5")
        #expect(config.layers.map(\.name) == ["inp", "enc", "head"])
        #expect(config.inputShape == [nil, 5, 3])
    }

    @Test func ordersAKeras3FunctionalChainAndKeepsAVariableTimeAxis() throws {
        let config = try KerasModelConfig(json: Self.keras3Chain, file: "m.h5")
        #expect(config.layers.map(\.name) == ["inp", "enc", "head"])
        #expect(config.inputShape == [nil, nil, 3])
    }

    @Test func ordersABranchingModelAsAGraph() throws {
        let branching = """
            {"class_name": "Functional", "config": {"layers": [
              {"class_name": "InputLayer", "name": "inp", "config": {"name": "inp"}, "inbound_nodes": []},
              {"class_name": "LSTM", "name": "a", "config": {"name": "a"}, "inbound_nodes": [[["inp", 0, 0, {}]]]},
              {"class_name": "LSTM", "name": "b", "config": {"name": "b"}, "inbound_nodes": [[["inp", 0, 0, {}]]]},
              {"class_name": "Concatenate", "name": "cat", "config": {"name": "cat"}, "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]}
            ], "input_layers": [["inp", 0, 0]], "output_layers": [["cat", 0, 0]]}}
            """
        let config = try KerasModelConfig(json: branching, file: "m.h5")
        #expect(config.layers.map(\.name) == ["inp", "a", "b", "cat"])
        #expect(config.graph?.inputs == ["inp"])
        #expect(config.layers.last?.calls == [[KerasTensorReference(layer: "a", node: 0, tensor: 0),
                                               KerasTensorReference(layer: "b", node: 0, tensor: 0)]])
    }

    @Test func putsALayerAfterEveryLayerItReads() throws {
        // The configuration lists the merge before one of its inputs; the order must not.
        let json = """
            {"class_name": "Functional", "config": {"layers": [
              {"class_name": "InputLayer", "name": "inp", "config": {"name": "inp"}, "inbound_nodes": []},
              {"class_name": "Add", "name": "sum", "config": {"name": "sum"}, "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]},
              {"class_name": "Dense", "name": "a", "config": {"name": "a"}, "inbound_nodes": [[["inp", 0, 0, {}]]]},
              {"class_name": "Dense", "name": "b", "config": {"name": "b"}, "inbound_nodes": [[["a", 0, 0, {}]]]}
            ], "input_layers": [["inp", 0, 0]], "output_layers": [["sum", 0, 0]]}}
            """
        #expect(try KerasModelConfig(json: json, file: "m.h5").layers.map(\.name) == ["inp", "a", "b", "sum"])
    }

    @Test func keepsSeveralOutputsAsAGraph() throws {
        let json = Self.keras2Chain.replacingOccurrences(of: #""output_layers": [["head", 0, 0]]"#,
                                                         with: #""output_layers": [["head", 0, 0], ["enc", 0, 0]]"#)
        let config = try KerasModelConfig(json: json, file: "m.h5")
        #expect(config.graph?.outputs.map(\.layer) == ["head", "enc"])
    }

    /// A layer called twice (a shared layer) becomes one entry per call, the second named `enc#1`.
    @Test func keepsEachCallOfASharedLayer() throws {
        let json = Self.keras2Chain
            .replacingOccurrences(of: #""output_layers": [["head", 0, 0]]"#, with: #""output_layers": [["head", 0, 0], ["enc", 1, 0]]"#)
            .replacingOccurrences(of: #""inbound_nodes": [[["inp", 0, 0, {}]]]"#, with: #""inbound_nodes": [[["inp", 0, 0, {}]], [["inp", 0, 0, {}]]]"#)
        let config = try KerasModelConfig(json: json, file: "m.h5")
        #expect(config.layers.map(\.callName) == ["inp", "enc", "head", "enc#1"])
    }

    @Test(arguments: [
        (#"[[["inp", 1, 0, {}]]]"#, "m.h5: layer 'enc' (LSTM) reads call 1 of 'inp', which is called 0 times"),
        (#"[[["inp", 0, 0, {"mask": [["inp", 0, 0]]}]]]"#, "m.h5: layer 'enc' (LSTM) is called with a mask or another tensor passed by keyword; not supported yet"),
    ])
    func refusesKeywordTensorsAndMissingCallsInAGraph(nodes: String, message: String) throws {
        let json = Self.keras2Chain
            .replacingOccurrences(of: #""output_layers": [["head", 0, 0]]"#, with: #""output_layers": [["head", 0, 0], ["enc", 0, 0]]"#)
            .replacingOccurrences(of: #""inbound_nodes": [[["inp", 0, 0, {}]]]"#, with: #""inbound_nodes": \#(nodes)"#)
        let error = try #require(throws: KerasImportError.self) { try KerasModelConfig(json: json, file: "m.h5") }
        #expect(error.description == message)
    }

    @Test(arguments: [
        ("not json", "m.h5: model_config is not valid JSON"),
        (#"{"config": {"layers": []}}"#, "m.h5: model_config has no 'class_name'"),
        (#"{"class_name": "Sequential", "config": {}}"#, "m.h5: model_config has no 'layers' list"),
        (#"{"class_name": "Sequential", "config": {"layers": [{"config": {}}]}}"#, "m.h5: layer #0 has no 'class_name'"),
        (#"{"class_name": "Sequential", "config": {"layers": [{"class_name": "LSTM", "config": 3}]}}"#,
         "m.h5: layer #0 (LSTM) has no 'config' object"),
        (#"{"class_name": "MyModel", "config": {"layers": []}}"#, "m.h5: model class 'MyModel' is not supported yet"),
    ])
    func refusesMalformedConfigs(json: String, message: String) throws {
        let error = try #require(throws: KerasImportError.self) { try KerasModelConfig(json: json, file: "m.h5") }
        #expect(error.description == message)
    }

    @Test func acceptsPythonsBareNaN() throws {
        let json = #"{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "d", "x": NaN}}]}}"#
        #expect(try KerasModelConfig(json: json, file: "m.h5").layers.map(\.name) == ["d"])
    }
}
