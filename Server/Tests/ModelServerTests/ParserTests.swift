@testable import ModelServer
import RequestDecoding
import Testing

/// The request reader on its own: what it accepts and the numbers it reads.
@Suite struct ParserTests {
    private func parse(_ json: String, features: Int = 2) throws(RequestError) -> PredictRequest {
        var bytes = Array(json.utf8)
        return try bytes.withUnsafeMutableBytes { raw in
            Result { () throws(RequestError) in try PredictRequest.parse(UnsafeRawBufferPointer(raw), features: features) }
        }.get()
    }

    @Test func readsRowAndColumnarFormats() throws {
        let row = try parse(#"{"instances": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]}"#)
        #expect(row.format == .row)
        #expect(row.input.shape == [2, 2, 2])
        #expect(row.input.values == [1, 2, 3, 4, 5, 6, 7, 8])
        let columnar = try parse(#"{"inputs": [[[1, 2]]], "signature_name": ""}"#)
        #expect(columnar.format == .columnar)
        #expect(columnar.input.shape == [1, 1, 2])
    }

    @Test(arguments: [
        ("0", Float(0)), ("-0", Float(-0.0)), ("1.5", 1.5), ("-2.25e2", -225), ("1E-3", 0.001), ("1e+2", 100),
        ("0.1", 0.1), ("3.4028235e38", .greatestFiniteMagnitude), ("1e-50", 0), ("-0.00001", -0.00001),
        ("0.30000001192092896", 0.3), ("123456789", 123456792),
    ])
    func readsNumbersAsFloat32(text: String, value: Float) throws {
        let request = try parse("{\"instances\": [[[\(text), 0]]]}")
        #expect(request.input.values[0] == value)
        #expect(request.input.values[0].sign == value.sign)
    }

    @Test(arguments: ["01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "1_000", "- 1", "infinity", "nan"])
    func refusesNumbersJSONDoesNotAllow(text: String) {
        #expect(throws: RequestError.self) { try parse("{\"instances\": [[[\(text), 0]]]}") }
    }

    @Test func shortestFloatTextRoundTrips() throws {
        // What the server writes reads back as the same float32.
        var generator = SystemRandomNumberGenerator()
        let values = (0..<2000).map { _ in Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &generator)) * (Bool.random() ? 1 : -1) }
        let json = "{\"instances\": [[" + stride(from: 0, to: values.count, by: 2).map { "[\(values[$0]),\(values[$0 + 1])]" }.joined(separator: ",") + "]]}"
        #expect(try parse(json).input.values == values)
    }

    @Test func writesNestedPredictions() {
        let bytes = ServedModel.encode(.init(shape: [2, 1, 2], values: [0.5, -1, 1e-7, 3]), key: "predictions")
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"predictions":[[[0.5,-1.0]],[[1e-07,3.0]]]}"#)
    }

    /// The message of the error parsing `json` throws.
    private func message(_ json: String, features: Int = 2) -> String {
        do {
            _ = try parse(json, features: features)
            return "accepted"
        } catch {
            return error.message
        }
    }

    /// Review finding (docs/fuzzing.md, F16): keys, signature names and number texts from the body
    /// went into messages raw, so an escaped line break in a key made a two-line error, and a key
    /// or number of a megabyte a megabyte-long one. They are now escaped, quoted and cut.
    @Test func textFromTheBodyIsEscapedAndCutInMessages() {
        #expect(message(#"{"a\nerror: forged": 1}"#) == #"unknown field "a\u{a}error: forged"; a request has "instances" (row format) or "inputs" (columnar format), and optionally "signature_name""#)
        #expect(message(#"{"signature_name": "x\u001b[2J\r", "instances": [[[1, 2]]]}"#)
                == #"unknown signature_name "x\u{1b}[2J\u{d}"; the model has only "serving_default""#)
        let key = String(repeating: "k", count: 1_000_000)
        #expect(message("{\"\(key)\": 1}") == "unknown field \"\(String(repeating: "k", count: 80))…\"; a request has \"instances\" (row format) "
                + "or \"inputs\" (columnar format), and optionally \"signature_name\"")
        let digits = "1" + String(repeating: "0", count: 100_000)
        #expect(message("{\"instances\": [[[\(digits), 0]]]}")
                == "instances[0][0][0] is \(digits.prefix(40))…, which is not finite; inputs must be finite float32 values")
        let float32Overflow = "1" + String(repeating: "0", count: 60)
        #expect(message("{\"instances\": [[[\(float32Overflow), 0]]]}")
                == "instances[0][0][0] is \(float32Overflow.prefix(40))…, beyond float32's range (±3.4e38); inputs must be finite float32 values")
        #expect(message(#"{"instances": [[[1e39, 0]]]}"#) == "instances[0][0][0] is 1e39, beyond float32's range (±3.4e38); inputs must be finite float32 values")
    }
}
