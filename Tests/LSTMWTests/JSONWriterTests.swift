import Testing
@testable import LSTMW

@Suite("Header JSON writer")
struct JSONWriterTests {
    @Test("escapes exactly what JSON requires")
    func quoting() {
        #expect(JSONWriter.quoted("plain") == #""plain""#)
        #expect(JSONWriter.quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSONWriter.quoted("\n\r\t\u{8}\u{C}\u{0}\u{1F}") == #""\n\r\t\b\f\u0000\u001f""#)
        #expect(JSONWriter.quoted("/é🧠\u{7F}") == "\"/é🧠\u{7F}\"")
    }

    @Test("every string survives writing and parsing")
    func roundTrip() throws {
        let samples = (0..<0x80).map { String(Unicode.Scalar(UInt8($0))) } + ["", "naïve", "🧠🧠", "\u{2028}", "\u{FEFF}x"]
        for sample in samples {
            #expect(try JSONParser.parse(Array(JSONWriter.quoted(sample).utf8)) == .string(sample))
        }
    }

    @Test("objects keep members in writing order, with null for nil")
    func objects() {
        var writer = JSONWriter()
        writer.object { root in
            root.member("z", 1)
            root.member("a", nil as String?)
            root.member("m", object: { $0.member("shape", [2, 3]); $0.member("ok", true) })
            root.member("list", objects: [1, 2]) { item, fields in fields.member("n", item) }
            root.member("gates", ["i", "f"])
        }
        #expect(writer.text == #"{"z":1,"a":null,"m":{"shape":[2,3],"ok":true},"list":[{"n":1},{"n":2}],"gates":["i","f"]}"#)
    }
}
