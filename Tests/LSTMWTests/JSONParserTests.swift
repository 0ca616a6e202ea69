import Testing
@testable import LSTMW

@Suite("Header JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) throws(LSTMWError) -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test("parses every kind of value, keeping key order")
    func values() throws {
        let value = try parse(#" { "b" : [1, -0, 2.5e-3, true, false, null], "a": {"s": "x"} } "#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == .array([.number("1"), .number("-0"), .number("2.5e-3"), .bool(true), .bool(false), .null]))
        #expect(object["a"] == .object({ var o = JSONObject(); _ = o.insert("s", .string("x")); return o }()))
    }

    @Test("decodes escapes, including surrogate pairs")
    func escapes() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t\u00e9\u0000\ud83e\udde0""#) == .string("\"\\/\u{8}\u{C}\n\r\té\u{0}🧠"))
        #expect(try parse("\"naïve 🧠\"") == .string("naïve 🧠"))
    }

    @Test("refuses what RFC 8259 forbids")
    func invalid() {
        for text in ["01", "1.", ".5", "-", "+1", "1e", "0x10", "NaN", "Infinity", "'a'", "\"a", "\"\u{1}\"", #""\ud800""#,
                     #""\ud800\u0041""#, #""\udc00""#, #""\u12""#, "[1,]", "{\"a\":1,}", "{a:1}", "[1 2]", "{\"a\" 1}",
                     "tru", "nul", "1 2", ""] {
            expectFailure(.malformedHeader, mentioning: "the header") { () throws(LSTMWError) in _ = try parse(text) }
        }
    }

    @Test("refuses duplicate keys, naming the key")
    func duplicates() {
        expectFailure(.malformedHeader, mentioning: "repeats the key 'units'") { () throws(LSTMWError) in
            _ = try parse(#"{"units": 1, "x": {}, "units": 1}"#)
        }
        #expect(throws: Never.self) { try parse(#"{"a": {"k": 1}, "b": {"k": 1}}"#) }
    }

    @Test("nesting up to the limit is fine, one deeper is refused without recursing further")
    func depth() {
        let depth = JSONParser.maxDepth
        #expect(throws: Never.self) { try parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) }
        expectFailure(.malformedHeader, mentioning: "nests") { () throws(LSTMWError) in
            _ = try parse(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1))
        }
        expectFailure(.malformedHeader, mentioning: "nests") { () throws(LSTMWError) in
            _ = try parse(String(repeating: "{\"a\":", count: 100_000))
        }
    }

    @Test("refuses a byte-order mark and invalid UTF-8, with its offset")
    func encoding() {
        expectFailure(.malformedHeader, mentioning: "byte-order mark") { () throws(LSTMWError) in
            _ = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        }
        for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82]] {
            expectFailure(.malformedHeader, mentioning: "not valid UTF-8", "near byte 3") { () throws(LSTMWError) in
                _ = try JSONParser.parse(Array("[\"a".utf8) + bad + Array("\"]".utf8))
            }
        }
    }

    @Test("integers are read exactly and only when written as integers")
    func integers() throws {
        #expect(try JSONFields.integer(.number("9223372036854775807"), at: "x") == .max)
        #expect(try JSONFields.integer(.number("-9223372036854775808"), at: "x") == .min)
        expectFailure(.malformedHeader, mentioning: "'x' is the number 9223372036854775808, out of the 64-bit integer range") { () throws(LSTMWError) in
            _ = try JSONFields.integer(.number("9223372036854775808"), at: "x")
        }
        expectFailure(.malformedHeader, mentioning: "must be an integer, found the number 1E3") { () throws(LSTMWError) in
            _ = try JSONFields.integer(.number("1E3"), at: "x")
        }
    }
}
