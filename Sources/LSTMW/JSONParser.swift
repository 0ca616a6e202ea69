/// A strict RFC 8259 JSON parser for `.lstmw` headers.
///
/// Stricter than `JSONDecoder` where a file format needs it: the input must be valid UTF-8 with
/// no byte-order mark, an object may not repeat a key (readers that disagree on which duplicate
/// wins are a classic way to smuggle data past a checker), nesting is bounded, and lone UTF-16
/// surrogates in `\u` escapes are refused. Works on a bounded buffer and never recurses deeper
/// than ``maxDepth``.
struct JSONParser {
    /// The deepest nesting of arrays and objects accepted. A v1 header needs 5.
    static let maxDepth = 32

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `bytes` as one JSON value, with nothing but whitespace after it.
    static func parse(_ bytes: [UInt8]) throws(LSTMWError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw failure("starts with a UTF-8 byte-order mark", at: 0) }
        if String(validating: bytes, as: UTF8.self) == nil {
            throw failure("is not valid UTF-8", at: firstInvalidUTF8(in: bytes) ?? 0)
        }
        var parser = JSONParser(bytes)
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw failure("has extra data after the JSON value", at: parser.index) }
        return value
    }

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence, if any.
    private static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    private static func failure(_ what: String, at offset: Int) -> LSTMWError {
        LSTMWError(.malformedHeader, "the header \(what) (near byte \(offset) of the header)")
    }

    private func failure(_ what: String) -> LSTMWError {
        Self.failure(what, at: index)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func expect(_ literal: String) throws(LSTMWError) {
        for byte in literal.utf8 {
            guard current == byte else { throw failure("is not valid JSON: expected '\(literal)'") }
            index += 1
        }
    }

    private mutating func parseValue() throws(LSTMWError) -> JSONValue {
        skipWhitespace()
        guard let byte = current else { throw failure("is not valid JSON: unexpected end") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("is not valid JSON: unexpected \(Self.describe(byte))")
        }
    }

    private mutating func enter() throws(LSTMWError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw failure("nests arrays and objects more than \(Self.maxDepth) deep") }
        index += 1
    }

    private mutating func parseObject() throws(LSTMWError) -> JSONValue {
        try enter()
        var object = JSONObject()
        skipWhitespace()
        if current == UInt8(ascii: "}") { index += 1; depth -= 1; return .object(object) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw failure("is not valid JSON: expected a string key") }
            let keyStart = index
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw failure("is not valid JSON: expected ':'") }
            index += 1
            let value = try parseValue()
            guard object.insert(key, value) else {
                throw Self.failure("repeats the key \(key.quotedForMessage) in one object", at: keyStart)
            }
            skipWhitespace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            guard current == UInt8(ascii: "}") else { throw failure("is not valid JSON: expected ',' or '}'") }
            index += 1
            depth -= 1
            return .object(object)
        }
    }

    private mutating func parseArray() throws(LSTMWError) -> JSONValue {
        try enter()
        var array: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { index += 1; depth -= 1; return .array(array) }
        while true {
            array.append(try parseValue())
            skipWhitespace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            guard current == UInt8(ascii: "]") else { throw failure("is not valid JSON: expected ',' or ']'") }
            index += 1
            depth -= 1
            return .array(array)
        }
    }

    private mutating func parseNumber() throws(LSTMWError) -> String {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, isDigit(first) else { throw failure("is not valid JSON: bad number") }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if current == UInt8(ascii: ".") {
            index += 1
            guard let byte = current, isDigit(byte) else { throw failure("is not valid JSON: bad number") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let byte = current, isDigit(byte) else { throw failure("is not valid JSON: bad number") }
            skipDigits()
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A byte for an error message: `character 'x'` if it is printable ASCII, else `byte 0x0C`,
    /// so a control character in a hostile header cannot break the one-line rule.
    private static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "character '\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(hex(byte))"
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { index += 1 }
    }

    private mutating func parseString() throws(LSTMWError) -> String {
        index += 1  // the opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw failure("is not valid JSON: unterminated string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw failure("is not valid JSON: unterminated string") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: try parseUnicodeEscape())
                default: throw failure("is not valid JSON: bad escape, a backslash before \(Self.describe(escape))")
                }
            case 0..<0x20:
                throw failure("is not valid JSON: unescaped control character in a string")
            default:
                utf8.append(byte)
            }
        }
    }

    /// The UTF-8 of the scalar a `\uXXXX` escape (or a surrogate pair of them) names; the
    /// `\u` has been consumed.
    private mutating func parseUnicodeEscape() throws(LSTMWError) -> [UInt8] {
        let high = try parseHex4()
        var scalarValue = high
        if (0xD800..<0xDC00).contains(high) {
            guard current == UInt8(ascii: "\\") else { throw failure("has a lone UTF-16 surrogate escape") }
            index += 1
            guard current == UInt8(ascii: "u") else { throw failure("has a lone UTF-16 surrogate escape") }
            index += 1
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("has a lone UTF-16 surrogate escape") }
            scalarValue = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw failure("has a lone UTF-16 surrogate escape") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func parseHex4() throws(LSTMWError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = hexDigitValue(byte) else {
                throw failure("is not valid JSON: bad \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private func hexDigitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
