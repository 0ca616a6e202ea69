@testable import NPY
import Testing

@Suite struct PythonLiteralTests {
    private func parse(_ text: String, utf8: Bool = false) throws(NPYError) -> PythonLiteral {
        try PythonLiteralParser.parse(Array(text.utf8), utf8: utf8)
    }

    @Test func valuesOfEveryKind() throws {
        guard case .dict(let entries) = try parse(" {'a': (1, -2, +3,), \"b\": [True, False, None], 'c': {}, 'd': 'x\\'y'} ")
        else { Issue.record("not a dict"); return }
        #expect(entries.map(\.key) == ["a", "b", "c", "d"])
        guard case .tuple(let a) = entries[0].value, case .list(let b) = entries[1].value,
              case .dict(let c) = entries[2].value, case .string(let d) = entries[3].value
        else { Issue.record("wrong types"); return }
        #expect(a.count == 3 && b.count == 3 && c.isEmpty && d == "x'y")
        if case .int(let minusTwo) = a[1] { #expect(minusTwo == -2) } else { Issue.record("not an int") }
        if case .bool(true) = b[0], case .none = b[2] {} else { Issue.record("wrong constants") }
    }

    @Test func emptyAndSingleTuples() throws {
        guard case .tuple(let empty) = try parse("()"), case .tuple(let one) = try parse("(7 ,)") else {
            Issue.record("not tuples"); return
        }
        #expect(empty.isEmpty && one.count == 1)
        #expect(throws: NPYError.self) { try parse("(7)") }
    }

    /// Versions 1.0 and 2.0 headers are Latin-1, 3.0 headers UTF-8.
    @Test func stringEncodings() throws {
        let bytes: [UInt8] = [0x27, 0xC3, 0xA9, 0x27]  // 'é' in UTF-8
        guard case .string(let utf8) = try PythonLiteralParser.parse(bytes, utf8: true),
              case .string(let latin1) = try PythonLiteralParser.parse(bytes, utf8: false)
        else { Issue.record("not strings"); return }
        #expect(utf8 == "é")
        #expect(latin1 == "Ã©")
        #expect(throws: NPYError.self) { try PythonLiteralParser.parse([0x27, 0xFF, 0x27], utf8: true) }
    }

    @Test func nestingIsLimited() throws {
        let depth = PythonLiteralParser.maximumDepth
        _ = try parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        #expect(throws: NPYError.self) {
            try parse(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1))
        }
        #expect(throws: NPYError.self) { try parse(String(repeating: "(", count: 60_000)) }
    }

    @Test func errorsSayWhere() {
        do {
            _ = try parse("{'a': 1 'b': 2}")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .malformedHeader)
            #expect(error.message == "header is not a valid Python literal at offset 8: expected ',' or '}', found \"'\"")
        }
    }
}
