import Foundation
import Testing
@testable import LSTMW

/// Hostile `.lstmw` input, from the committed corpus (Tests/Corpus/lstmw, the fuzzer's seeds):
/// every cut point, every byte flipped, every header key given the wrong type, huge declared
/// sizes, inconsistent shapes and non-finite weights. Each must be refused with a one-line
/// `LSTMWError`, by `decode` and `inspect` alike, without trapping.
@Suite struct LSTMWBadInputTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus/lstmw")

    static let seeds: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? [])
        .filter { $0.hasSuffix(".lstmw") }.sorted()

    static func seed(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: corpus.appendingPathComponent(name)))
    }

    /// Decodes and inspects `bytes`: both must fail alike with a one-line message, or both succeed.
    @discardableResult
    static func outcome(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> LSTMWError? {
        let decoded = Result { () throws(LSTMWError) in try LSTMWFile.decode(bytes) }
        let inspected = Result { () throws(LSTMWError) in try LSTMWFile.inspect(bytes) }
        StreamingAgreement.expectAgreement(bytes, with: decoded, sourceLocation: sourceLocation)
        switch (decoded, inspected) {
        case (.success, .success):
            return nil
        case (.failure(let error), .failure(let other)):
            #expect(error == other, "decode and inspect disagree", sourceLocation: sourceLocation)
            #expect(isOneLine(error.message), "not one line: \(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.utf8.count < 1000, "too long: \(error.message.prefix(200))", sourceLocation: sourceLocation)
            return error
        default:
            Issue.record("decode and inspect disagree: \(decoded) / \(inspected)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test func theCorpusIsThere() throws {
        #expect(Self.seeds.count >= 4, "Tests/Corpus/lstmw: \(Self.seeds)")
        for name in Self.seeds { #expect(Self.outcome(try Self.seed(name)) == nil, "\(name) should decode") }
    }

    @Test(arguments: seeds)
    func everyTruncationIsRefused(name: String) throws {
        let file = try Self.seed(name)
        for cut in 0..<file.count {
            let error = Self.outcome(Array(file[..<cut]))
            #expect(error != nil, "\(name) cut at \(cut) decoded")
            if cut > 12, let error {
                #expect(error.code == .truncated || error.code == .checksumMismatch, "\(name) cut at \(cut): \(error.code) \(error.message)")
            }
        }
    }

    @Test(arguments: seeds)
    func everyFlippedByteIsRefused(name: String) throws {
        let file = try Self.seed(name)
        for index in file.indices {
            var flipped = file
            flipped[index] ^= 1 << UInt8(index % 8)
            #expect(Self.outcome(flipped) != nil, "\(name): flipping bit \(index % 8) of byte \(index) went unnoticed")
        }
    }

    @Test func emptyAndForeignFilesAreNotLSTMW() throws {
        #expect(Self.outcome([])?.code == .truncated)
        #expect(Self.outcome(Array("\u{89}HDF\r\n\u{1A}\n".utf8))?.code == .notLSTMW)
        var wrongMagic = try Self.seed("k2_lstm_single.lstmw")
        wrongMagic[1] = UInt8(ascii: "X")
        #expect(Self.outcome(wrongMagic)?.code == .notLSTMW)
        #expect(Self.outcome([UInt8](repeating: 0, count: 4096))?.code == .notLSTMW)
    }

    @Test func aPreambleDeclaringTerabytesIsRefusedBeforeAnythingIsAllocated() throws {
        let file = try Self.seed("k2_lstm_single.lstmw")
        let hugeData = file.editingPreamble { bytes in
            bytes.set(UInt64(1) << 40, at: 32)                               // data length: 1 TiB
            bytes.set(bytes.u64(at: 24) + (UInt64(1) << 40), at: 40)         // file length to match
        }
        #expect(Self.outcome(hugeData)?.code == .limitExceeded)
        let hugeHeader = file.editingPreamble { $0.set(UInt32.max, at: 12) }
        #expect(Self.outcome(hugeHeader)?.code == .limitExceeded)
    }

    @Test func aTensorDeclaringTwoToTheFortyElementsIsRefused() throws {
        var parts = FileParts(try Self.seed("k2_lstm_single.lstmw"))
        // units 2^20 and input_size 2^20 make W_i [2^20, 2^20]: 2^40 elements, 4 TiB.
        parts.headerText = parts.headerText
            .replacingOccurrences(of: #""input_size":5"#, with: #""input_size":1048576"#)
            .replacingOccurrences(of: #""shape":[5,6]"#, with: #""shape":[1048576,1048576]"#)
        let error = Self.outcome(parts.assembled())
        #expect(error?.code == .limitExceeded, "\(String(describing: error))")
        #expect(error?.message.contains("1099511627776 elements") == true, "\(String(describing: error))")
    }

    @Test func shapesThatDisagreeWithTheLayerSizesAreRefused() throws {
        let original = FileParts(try Self.seed("k2_lstm_single.lstmw"))
        var units = original
        units.replaceInHeader(#""units":6"#, with: #""units":7"#)
        #expect(Self.outcome(units.assembled())?.code == .malformedHeader)
        var shape = original
        shape.replaceInHeader(#""shape":[6,6]"#, with: #""shape":[6,5]"#)
        #expect(Self.outcome(shape.assembled())?.code == .malformedHeader)
        var features = original
        features.replaceInHeader(#""features":5"#, with: #""features":4"#)
        #expect(Self.outcome(features.assembled())?.code == .invalidModel)
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity, Float(bitPattern: 0x7FA0_0001)])
    func nonFiniteWeightsAreAnInvalidModel(value: Float) throws {
        var parts = FileParts(try Self.seed("k3_lstm_stacked_softmax.lstmw"))
        for index in stride(from: 0, to: parts.data.count, by: 4) where parts.data[index..<(index + 4)] != [0, 0, 0, 0] {
            parts.data.replaceSubrange(index..<(index + 4), with: withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init))
            break
        }
        let error = Self.outcome(parts.assembled())
        #expect(error?.code == .invalidModel)
        #expect(error?.message.contains("non-finite") == true, "\(String(describing: error))")
    }

    /// Every key of the header, in turn, given a value of each JSON type it does not have.
    @Test func everyHeaderKeyWithAWrongTypeIsRefused() throws {
        let parts = FileParts(try Self.seed("k3_lstm_stacked_softmax.lstmw"))
        let header = try JSONParser.parse(parts.header)
        let optional: Set<String> = ["source.keras_version", "source.backend", "source.model_name",
                                     "source.model_class", "input.time_steps"]
        var cases = 0
        for (path, value) in Self.leaves(header) {
            for replacement in Self.wrongTypes(for: value) {
                var edited = parts
                edited.headerText = Self.render(Self.replacing(path, in: header, with: replacement))
                let error = Self.outcome(edited.assembled())
                cases += 1
                let label = path.joined(separator: ".")
                if replacement == .null, optional.contains(label) {
                    #expect(error == nil, "\(label) = null is allowed: \(String(describing: error))")
                } else {
                    #expect(error != nil, "\(label) = \(Self.render(replacement)) was accepted")
                }
            }
        }
        #expect(cases > 300)
    }

    /// Fuzzer finding (fuzz-lstmw, 2 s in): a control character where a JSON value should start
    /// was quoted raw into the message (`unexpected character '\u{0C}'`), breaking the one-line rule.
    @Test func controlCharactersInTheHeaderMakeOneLineMessages() throws {
        for byte: UInt8 in [0x0C, 0x0B, 0x85, 0x00, 0x7F, 0x1B] {  // (LF and CR are JSON whitespace)
            var parts = FileParts(try Self.seed("k2_lstm_single.lstmw"))
            parts.header = Array(#"{"format":"#.utf8) + [byte] + Array(#""lstmw"}"#.utf8)
            let error = Self.outcome(parts.assembled())
            #expect(error?.code == .malformedHeader)
            if byte < 0x80 {
                #expect(error?.message.contains("byte 0x\(hex(byte))") == true, "\(String(describing: error))")
            }
        }
        var escape = FileParts(try Self.seed("k2_lstm_single.lstmw"))
        escape.header = Array(#"{"format":"lstm\"#.utf8) + [0x0C] + Array(#""}"#.utf8)
        #expect(Self.outcome(escape.assembled())?.message.contains("byte 0x0C") == true)
    }

    @Test func hostileNamesAndHugeShapesMakeShortOneLineMessages() throws {
        var parts = FileParts(try Self.seed("k2_lstm_single.lstmw"))
        parts.replaceInHeader(#""name":"lstm""#, with: #""name":"lstm\nerror: forged\u2028\u0085""# + ",\"x\":\"" + String(repeating: "y", count: 100_000) + "\"")
        parts.replaceInHeader(#""type":"lstm""#, with: #""type":"gru\n""#)
        let error = Self.outcome(parts.assembled())
        #expect(error?.code == .malformedHeader)
        var rank = FileParts(try Self.seed("k2_lstm_single.lstmw"))
        rank.replaceInHeader(#""shape":[5,6]"#, with: #""shape":["# + Array(repeating: "1", count: 50_000).joined(separator: ",") + "]")
        let rankError = Self.outcome(rank.assembled())
        #expect(rankError?.code == .malformedHeader)
    }

    /// Review finding: `validate()` quoted layer names raw, so a name with a line break in a
    /// well-formed file made a multi-line `invalidModel` message.
    @Test func aLayerNameWithALineBreakStillMakesAOneLineValidationMessage() throws {
        var parts = FileParts(try Self.seed("k2_lstm_single.lstmw"))
        parts.replaceInHeader(#""name":"lstm""#, with: #""name":"lstm\nerror: forged\u2028""#)
        parts.replaceInHeader(#""features":5"#, with: #""features":4"#)
        let error = Self.outcome(parts.assembled())
        #expect(error?.code == .invalidModel)
        #expect(error?.message.contains(#"'lstm\u{a}error: forged\u{2028}'"#) == true, "\(String(describing: error))")
    }

    // MARK: - JSON helpers: walk and rewrite a parsed header

    /// Every value in `json` with its path of keys and `[index]`es.
    static func leaves(_ json: JSONValue, _ path: [String] = []) -> [([String], JSONValue)] {
        var out: [([String], JSONValue)] = path.isEmpty ? [] : [(path, json)]
        switch json {
        case .object(let object):
            for key in object.keys { out += leaves(object[key]!, path + [key]) }
        case .array(let items):
            for (index, item) in items.enumerated() { out += leaves(item, path + ["[\(index)]"]) }
        default:
            break
        }
        return out
    }

    /// JSON values of every type `value` does not have (an integer is not "another type" of number).
    static func wrongTypes(for value: JSONValue) -> [JSONValue] {
        var object = JSONObject()
        _ = object.insert("k", .number("1"))
        let all: [JSONValue] = [.string("x"), .number("1.5"), .number("7"), .bool(true), .null, .array([.number("1")]), .object(object)]
        func kind(_ value: JSONValue) -> String {
            switch value {
            case .null: "null"
            case .bool: "bool"
            case .number: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }
        return all.filter { kind($0) != kind(value) }
    }

    static func replacing(_ path: [String], in json: JSONValue, with value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch json {
        case .object(let object):
            var copy = JSONObject()
            for key in object.keys { _ = copy.insert(key, key == first ? replacing(rest, in: object[key]!, with: value) : object[key]!) }
            return .object(copy)
        case .array(var items):
            let index = Int(first.dropFirst().dropLast())!
            items[index] = replacing(rest, in: items[index], with: value)
            return .array(items)
        default:
            return json
        }
    }

    static func render(_ json: JSONValue) -> String {
        switch json {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let text): text
        case .string(let text): JSONWriter.quoted(text)
        case .array(let items): "[" + items.map(render).joined(separator: ",") + "]"
        case .object(let object): "{" + object.keys.map { JSONWriter.quoted($0) + ":" + render(object[$0]!) }.joined(separator: ",") + "}"
        }
    }
}

/// Whether `text` has no line break of any kind (LF, CR, VT, FF, NEL, U+2028, U+2029).
private func isOneLine(_ text: String) -> Bool { !text.contains { $0.isNewline } }
