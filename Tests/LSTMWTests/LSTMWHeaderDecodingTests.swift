import Testing
@testable import LSTMW

@Suite("Header checks")
struct LSTMWHeaderDecodingTests {
    let file = try! LSTMWFile.encode(ModelFixtures.stacked())

    /// Expects the file with `old` replaced by `new` in its header (checksums fixed) to fail.
    private func expectHeaderEdit(_ old: String, _ new: String, _ code: LSTMWError.Code = .malformedHeader,
                                  mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        var parts = FileParts(file)
        parts.replaceInHeader(old, with: new, sourceLocation: sourceLocation)
        let error = expectDecodeFailure(parts.assembled(), code, sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error?.message.contains(fragment) == true, "message lacks '\(fragment)': \(error?.message ?? "")",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("malformed JSON is refused")
    func malformedJSON() {
        for broken in [#"{"format":"lstmw""#, #"{"format":'lstmw'}"#, #"{"format":"lstmw",}"#, "", "   ",
                       #"{"format":"lstmw"} {}"#, #"{"a":01}"#, #"{"a":"\x"}"#, #"{"a":tru}"#, "[1,2]", #""lstmw""#] {
            var parts = FileParts(file)
            parts.headerText = broken
            if broken.isEmpty {
                expectDecodeFailure(parts.assembled(), .malformedHeader, mentioning: "header length is 0")
            } else {
                expectDecodeFailure(parts.assembled(), .malformedHeader, mentioning: "the header")
            }
        }
    }

    @Test("duplicate keys, a byte-order mark, invalid UTF-8 and deep nesting are refused")
    func strictJSON() {
        expectHeaderEdit(#""units":4,"#, #""units":4,"units":40,"#, mentioning: ["repeats the key 'units'"])
        expectHeaderEdit(#"{"format""#, "\u{FEFF}{\"format\"", mentioning: ["byte-order mark"])
        expectHeaderEdit(#""time_steps":5"#, #""time_steps":5,"x":"# + String(repeating: "[", count: 100_000)
                         + String(repeating: "]", count: 100_000), mentioning: ["nests"])
        var parts = FileParts(file)
        parts.replaceInHeader(#""producer":"lstm-swift LSTMW""#, with: #""producer":"lstm-swift LSTMW?""#)
        let at = parts.header.firstIndex(of: UInt8(ascii: "?"))!
        parts.header[at] = 0xC0
        expectDecodeFailure(parts.assembled(), .malformedHeader, mentioning: "not valid UTF-8", "byte \(at)")
    }

    @Test("missing keys are named with their path")
    func missingKeys() {
        expectHeaderEdit(#""format":"lstmw","#, "", mentioning: ["missing the key 'format'"])
        expectHeaderEdit(#""use_bias":false,"#, "", mentioning: ["layers[1]", "missing the key 'use_bias'"])
        expectHeaderEdit(#""dtype":"float32","#, "", mentioning: ["layers[0].tensors[0]", "missing the key 'dtype'"])
        expectHeaderEdit(#""input":{"features":3,"time_steps":5},"#, "", mentioning: ["missing the key 'input'"])
    }

    @Test("values of the wrong JSON type are refused, naming the key")
    func wrongTypes() {
        expectHeaderEdit(#""units":4"#, #""units":"4""#, mentioning: ["'layers[0].units' must be an integer, found a string"])
        expectHeaderEdit(#""units":4"#, #""units":4.0"#, mentioning: ["'layers[0].units' must be an integer, found the number 4.0"])
        expectHeaderEdit(#""units":4"#, #""units":4e0"#, mentioning: ["must be an integer"])
        expectHeaderEdit(#""units":4"#, #""units":99999999999999999999"#, mentioning: ["out of the 64-bit integer range"])
        expectHeaderEdit(#""return_sequences":true"#, #""return_sequences":1"#, mentioning: ["'layers[0].return_sequences' must be true or false"])
        expectHeaderEdit(#""use_bias":true"#, #""use_bias":"true""#, mentioning: ["must be true or false, found a string"])
        expectHeaderEdit(#""shape":[3,4]"#, #""shape":"3x4""#, mentioning: ["'layers[0].tensors[0].shape' must be an array"])
        expectHeaderEdit(#""shape":[3,4]"#, #""shape":[3,null]"#, mentioning: ["'layers[0].tensors[0].shape[1]' must be an integer, found null"])
        expectHeaderEdit(#""offset":0"#, #""offset":false"#, mentioning: ["'layers[0].tensors[0].offset' must be an integer, found a boolean"])
        expectHeaderEdit(#""name":"lstm_1""#, #""name":1"#, mentioning: ["'layers[0].name' must be a string"])
        expectHeaderEdit(#""layers":["#, #""layers":[7,"#, mentioning: ["'layers[0]' must be an object, found the number 7"])
        expectHeaderEdit(#""source":{"#, #""source":[],"x":{"#, mentioning: ["'source' must be an object, found an array"])
        expectHeaderEdit(#""keras_version":"2.15.0""#, #""keras_version":2.15"#, mentioning: ["'source.keras_version' must be a string or null"])
        expectHeaderEdit(#""time_steps":5"#, #""time_steps":"5""#, mentioning: ["'input.time_steps' must be an integer"])
        expectHeaderEdit(#""format":"lstmw""#, #""format":"safetensors""#, mentioning: ["'format' is 'safetensors'"])
    }

    @Test("unknown layer types and activations are named")
    func unknownNames() {
        expectHeaderEdit(#""type":"dense","name":"dense_1""#, #""type":"conv2d","name":"dense_1""#,
                         mentioning: ["layers[2] ('dense_1') has unknown layer type 'conv2d'", "lstm, dense, gru, simple_rnn"])
        expectHeaderEdit(#""activation":"softmax""#, #""activation":"mish""#,
                         mentioning: ["layer 'dense_1' has unknown activation 'mish'", "hard_sigmoid_keras3"])
        expectHeaderEdit(#""recurrent_activation":"hard_sigmoid_keras2""#, #""recurrent_activation":"hard_sigmoid""#,
                         mentioning: ["layer 'lstm_2' has unknown recurrent_activation 'hard_sigmoid'"])
    }

    @Test("gate order, dtype, tensor names and counts must be exactly as specified")
    func tensorLists() {
        expectHeaderEdit(#""gate_order":["i","f","c","o"]"#, #""gate_order":["i","o","f","c"]"#,
                         mentioning: ["gate_order ['i', 'o', 'f', 'c']"])
        expectHeaderEdit(#""dtype":"float32""#, #""dtype":"float16""#, mentioning: ["tensor 'lstm_1/W_i' has dtype 'float16'"])
        expectHeaderEdit(#""name":"W_f""#, #""name":"W_o""#, mentioning: ["header key 'layers[0].tensors[1].name' is 'W_o', but layer 'lstm_1' needs 'W_f' there"])
        expectHeaderEdit(#""use_bias":false"#, #""use_bias":true"#, mentioning: ["layer 'lstm_2' lists 8 tensors", "has 12"])
        expectHeaderEdit(#""shape":[3,4]"#, #""shape":[4,3]"#, mentioning: ["tensor 'lstm_1/W_i' has shape [4, 3], but input_size 3 and units 4 require [3, 4]"])
        expectHeaderEdit(#""shape":[3,4]"#, #""shape":[3,4,1]"#, mentioning: ["has shape [3, 4, 1]"])
        expectHeaderEdit(#""shape":[3,4]"#, #""shape":[-3,-4]"#, mentioning: ["negative extent -3"])
        expectHeaderEdit(#""byte_length":48"#, #""byte_length":52"#, mentioning: ["byte_length 52, but 12 float32 elements take 48 bytes"])
        expectHeaderEdit(#""offset":0"#, #""offset":-64"#, mentioning: ["negative offset -64"])
    }

    @Test("a tensor claiming 2^40 elements or an overflowing shape hits a limit")
    func hugeShapes() {
        expectHeaderEdit(#""shape":[3,4],"offset":0,"byte_length":48"#,
                         #""shape":[1048576,1048576],"offset":0,"byte_length":4398046511104"#, .limitExceeded,
                         mentioning: ["tensor 'lstm_1/W_i'", "1099511627776 elements, more than the limit of 268435456"])
        expectHeaderEdit(#""shape":[3,4]"#, #""shape":[4294967296,4294967296]"#, .limitExceeded, mentioning: ["overflows"])
        expectHeaderEdit(#""shape":[3,4]"#, #""shape":[0,9223372036854775807,2]"#, .malformedHeader,
                         mentioning: ["byte_length 48, but 0 float32 elements take 0 bytes"])
    }

    @Test("more layers than the limit are refused before they are decoded")
    func layerLimit() {
        expectDecodeFailure(file, .limitExceeded, mentioning: "4 layers, more than the limit of 3", limits: .init(maxLayers: 3))
        #expect(throws: Never.self) { try LSTMWFile.decode(file, limits: .init(maxLayers: 4)) }
    }

    @Test("names from the file are quoted safely in messages")
    func hostileNames() {
        expectHeaderEdit(#""activation":"softmax""#, #""activation":"x\ny\u001b[31m""#,
                         mentioning: [#"unknown activation 'x\u{a}y\u{1b}[31m'"#])
        expectHeaderEdit(#""activation":"softmax""#, "\"activation\":\"" + String(repeating: "z", count: 500) + "\"",
                         mentioning: [String(repeating: "z", count: 80) + "…'"])
    }
}
