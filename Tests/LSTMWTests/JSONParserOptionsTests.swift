import Testing
@testable import LSTMW

/// The parser's options, as KerasImport uses them for model configurations (through `package`
/// access), and the object edits it makes on parsed configs.
@Suite("JSON parser options")
struct JSONParserOptionsTests {
    private let python = JSONParser.Options(maxDepth: 128, allowsNonFiniteNumbers: true)

    @Test("Python's NaN and infinities only when allowed, as number texts")
    func nonFiniteNumbers() throws {
        let text = Array(#"[NaN, Infinity, -Infinity, -1, -0.5e1]"#.utf8)
        #expect(try JSONParser.parse(text, options: python)
                == .array([.number("NaN"), .number("Infinity"), .number("-Infinity"), .number("-1"), .number("-0.5e1")]))
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text, options: .header) }
        for bad in ["nan", "Inf", "-Infinit", "-NaN", "+Infinity", "Infinity1"] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8), options: python) }
        }
    }

    @Test("the depth limit is the caller's; the header keeps 32")
    func depth() throws {
        func nested(_ depth: Int) -> [UInt8] { Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8) }
        #expect(JSONParser.Options.header.maxDepth == 32)
        #expect(throws: Never.self) { try JSONParser.parse(nested(128), options: python) }
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(nested(129), options: python) }
        #expect(error == JSONSyntaxError("nests arrays and objects more than 128 deep", at: 128))
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(nested(33), options: .header) }
    }

    @Test("objects: setting, replacing and removing keep document order; equality ignores order")
    func objectEdits() throws {
        guard case .object(var object) = try JSONParser.parse(Array(#"{"b": 1, "a": 2, "c": 3}"#.utf8), options: python) else {
            Issue.record("not an object")
            return
        }
        object["a"] = .string("x")
        object["d"] = .null
        object["b"] = nil
        object["zz"] = nil
        #expect(object.keys == ["a", "c", "d"])
        #expect(object.map(\.key) == ["a", "c", "d"])
        #expect(object["a"] == .string("x") && object["b"] == nil && object["d"] == .null)
        #expect(object == ["d": .null, "c": .number("3"), "a": .string("x")])
        #expect(object != ["a": .string("x"), "c": .number("3")])
    }
}
