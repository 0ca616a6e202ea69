import Foundation
import Testing
@testable import LSTMW

@Suite("Format constants and the spec's worked example")
struct LSTMWFileTests {
    @Test("constants match the spec")
    func constants() {
        #expect(LSTMWFile.magic == [0x89] + Array("LSTMW\r\n".utf8))
        #expect(LSTMWFile.majorVersion == 1)
        #expect(LSTMWFile.minorVersion == 3)
        #expect(LSTMWFile.alignment == 64)
        #expect(LSTMWFile.fileExtension == "lstmw")
        #expect(LSTMWPreamble.size == 64)
    }

    /// The text of `docs/lstmw-format.md`.
    private func spec() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("docs/lstmw-format.md"), encoding: .utf8)
    }

    /// The lines of the first fenced block in `text` whose first line starts with `prefix`.
    private func fencedBlock(in text: String, startingWith prefix: String) throws -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.indices.first { lines[$0].hasPrefix("```") && lines[$0 + 1].hasPrefix(prefix) })
        let end = try #require(lines[(start + 1)...].firstIndex { $0.hasPrefix("```") })
        return Array(lines[(start + 1)..<end])
    }

    @Test("the worked example in docs/lstmw-format.md is exactly what the writer produces")
    func workedExample() throws {
        let bytes = try LSTMWFile.encode(ModelFixtures.tiny(), producer: "lstm-convert 0.1.0")
        let text = try spec()
        #expect(text.contains("is a\n2,560-byte file") && bytes.count == 2560)

        let hexLines = try fencedBlock(in: text, startingWith: "0000:")
        let documented = hexLines.flatMap { line in
            line.split(separator: ":")[1].split(separator: " ").map { UInt8($0, radix: 16)! }
        }
        #expect(documented == Array(bytes[0..<64]))

        let json = try fencedBlock(in: text, startingWith: "{\"format\"").joined()
        #expect(json == FileParts(bytes).headerText)
        #expect(json.utf8.count == 1562)
    }

    @Test("the spec's CRC check value is what the implementation computes")
    func specCheckValue() throws {
        #expect(try spec().contains("**`0xCBF43926`**"))
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
