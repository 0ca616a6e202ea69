@testable import KerasImport
import LSTMW
import Testing

@Suite struct KerasLayerOptionsTests {
    func options(_ configJSON: String, className: String = "LSTM") throws -> KerasLayerOptions {
        let json = #"{"class_name": "Sequential", "config": {"layers": [{"class_name": "\#(className)", "config": \#(configJSON)}]}}"#
        let layer = try KerasModelConfig(json: json, file: "m.h5").layers[0]
        return KerasLayerOptions(layer: layer, file: "m.h5")
    }

    @Test(arguments: [
        ("return_state", "the layer would output its states"),
        ("go_backwards", "the layer would read the sequence backwards"),
        ("zero_output_for_mask", "masked timesteps would output zeros instead of repeating the previous output"),
        ("time_major", "inputs laid out [time, batch, features]"),
    ])
    func refusesOptionsThatChangeTheOutputs(key: String, meaning: String) throws {
        let refused = try options(#"{"name": "l", "\#(key)": true}"#)
        let error = try #require(throws: KerasImportError.self) {
            try refused.require(key, in: [.bool(false)], meaning: meaning)
        }
        #expect(error.description == "m.h5: layer 'l' (LSTM): option \(key)=true is not supported yet (\(meaning))")
        try options(#"{"name": "l", "\#(key)": false}"#).require(key, in: [.bool(false)], meaning: meaning)
        try options(#"{"name": "l"}"#).require(key, in: [.bool(false)], meaning: meaning)
    }

    @Test func resolvesActivationsAndHardSigmoidByGeneration() throws {
        let layer = try options(#"{"name": "l", "a": "hard_sigmoid", "b": "relu", "c": "softmax"}"#)
        #expect(try layer.activation("a", default: "tanh", generation: .keras2, allowSoftmax: false) == .hardSigmoidKeras2)
        #expect(try layer.activation("a", default: "tanh", generation: .keras3, allowSoftmax: false) == .hardSigmoidKeras3)
        #expect(try layer.activation("b", default: "tanh", generation: nil, allowSoftmax: false) == .relu)
        #expect(try layer.activation("missing", default: "tanh", generation: nil, allowSoftmax: false) == .tanh)
        #expect(try layer.activation("c", default: "tanh", generation: nil, allowSoftmax: true) == .softmax)
        #expect(throws: KerasImportError.self) { try layer.activation("c", default: "tanh", generation: nil, allowSoftmax: false) }
        let ambiguous = try #require(throws: KerasImportError.self) {
            try layer.activation("a", default: "tanh", generation: nil, allowSoftmax: false)
        }
        #expect(ambiguous.description.contains("records no keras_version"))
    }

    @Test func refusesUnknownActivationsByName() throws {
        let layer = try options(#"{"name": "l", "activation": "mish", "weird": {"class_name": "Custom"}}"#)
        let error = try #require(throws: KerasImportError.self) {
            try layer.activation("activation", default: "tanh", generation: .keras3, allowSoftmax: false)
        }
        #expect(error.description == "m.h5: layer 'l' (LSTM): activation 'mish' is not supported yet")
        #expect(throws: KerasImportError.self) { try layer.activation("weird", default: "tanh", generation: .keras3, allowSoftmax: false) }
    }

    @Test func refusesMixedPrecisionInBothPolicyForms() throws {
        try options(#"{"name": "l", "dtype": "float32"}"#).requireFloat32()
        try options(#"{"name": "l", "dtype": {"class_name": "DTypePolicy", "config": {"name": "float32"}}}"#).requireFloat32()
        for dtype in [#""mixed_float16""#, #"{"class_name": "Policy", "config": {"name": "mixed_float16"}}"#] {
            let error = try #require(throws: KerasImportError.self) { try options(#"{"name": "l", "dtype": \#(dtype)}"#).requireFloat32() }
            #expect(error.description == "m.h5: layer 'l' (LSTM): dtype policy 'mixed_float16' is not supported yet; only float32 is")
        }
    }

    @Test func readsTypedValuesAndNamesTheKeyWhenWrong() throws {
        let layer = try options(#"{"name": "l", "units": 8, "half": 2.5, "flag": "yes"}"#)
        #expect(try layer.int("units") == 8)
        #expect(try #require(throws: KerasImportError.self) { try layer.int("half") }.description
                == "m.h5: layer 'l' (LSTM): 'half' is 2.5, expected an integer")
        #expect(try #require(throws: KerasImportError.self) { try layer.int("absent") }.description
                == "m.h5: layer 'l' (LSTM): missing 'absent'")
        #expect(try #require(throws: KerasImportError.self) { try layer.bool("flag", default: false) }.description
                == "m.h5: layer 'l' (LSTM): 'flag' is 'yes', expected true or false")
    }

    @Test func weightRolesDropTheVariableSuffix() {
        #expect(KerasWeight.role(ofName: "lstm/lstm_cell/kernel:0") == "kernel")
        #expect(KerasWeight.role(ofName: "seq/lstm/lstm_cell/recurrent_kernel") == "recurrent_kernel")
        #expect(KerasWeight.role(ofName: "bias") == "bias")
    }

    @Test func generationsComeFromTheMajorVersion() {
        #expect(KerasGeneration(kerasVersion: "2.21.0") == .keras2)
        #expect(KerasGeneration(kerasVersion: "2.2.4-tf") == .keras2)
        #expect(KerasGeneration(kerasVersion: "3.15.1") == .keras3)
        #expect(KerasGeneration(kerasVersion: "1.2.2") == nil)
        #expect(KerasGeneration(kerasVersion: "") == nil)
    }
}
