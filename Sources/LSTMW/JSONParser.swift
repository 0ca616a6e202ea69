/// A strict RFC 8259 JSON parser: the one behind `.lstmw` headers and, through `package` access,
/// KerasImport's model configurations.
///
/// Stricter than `JSONDecoder` where a file format needs it: the input must be valid UTF-8 with
/// no byte-order mark, an object may not repeat a key (readers that disagree on which duplicate
/// wins are a classic way to smuggle data past a checker), nesting is bounded, and lone UTF-16
/// surrogates in `\u` escapes are refused. Reads each byte once (a megabyte nested 128 deep
/// parses in milliseconds) and never recurses deeper than its ``Options/maxDepth``.
package struct JSONParser {
    /// What a document may hold beyond strict JSON, and how deep it may nest.
    package struct Options: Sendable {
        /// The deepest nesting of arrays and objects accepted.
        package var maxDepth: Int
        /// Accept the bare `NaN`, `Infinity` and `-Infinity` Python's `json.dumps` writes for
        /// non-finite floats, as the numbers `"NaN"`, `"Infinity"` and `"-Infinity"`.
        package var allowsNonFiniteNumbers: Bool

        package init(maxDepth: Int, allowsNonFiniteNumbers: Bool = false) {
            self.maxDepth = maxDepth
            self.allowsNonFiniteNumbers = allowsNonFiniteNumbers
        }

        /// A `.lstmw` header: strict JSON, at most ``JSONParser/maxDepth`` deep.
        package static let header = Options(maxDepth: JSONParser.maxDepth)
    }

    /// The deepest nesting of arrays and objects a `.lstmw` header may have. A v1 header needs 5.
    static let maxDepth = 32

    private let bytes: [UInt8]
    private let options: Options
    private var index = 0
    private var depth = 0

    private init(_ bytes: [UInt8], options: Options) {
        self.bytes = bytes
        self.options = options
    }

    /// Parses `bytes` as a `.lstmw` header: one JSON value, with nothing but whitespace after it.
    static func parse(_ bytes: [UInt8]) throws(LSTMWError) -> JSONValue {
        do {
            return try parse(bytes, options: .header)
        } catch {
            throw LSTMWError(.malformedHeader, "the header \(error.problem) (near byte \(error.offset) of the header)")
        }
    }

    /// Parses `bytes` as one JSON value, with nothing but whitespace after it.
    package static func parse(_ bytes: [UInt8], options: Options) throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw JSONSyntaxError("starts with a UTF-8 byte-order mark", at: 0) }
        if String(validating: bytes, as: UTF8.self) == nil {
            throw JSONSyntaxError("is not valid UTF-8", at: firstInvalidUTF8(in: bytes) ?? 0)
        }
        var parser = JSONParser(bytes, options: options)
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw JSONSyntaxError("has extra data after the JSON value", at: parser.index) }
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

    private func failure(_ what: String) -> JSONSyntaxError {
        JSONSyntaxError(what, at: index)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    /// Whether the input continues with `literal` (consuming nothing).
    private func startsWith(_ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { expected in
            bytes.count - index >= expected.count && expected.indices.allSatisfy { bytes[index + $0] == expected[$0] }
        }
    }

    private mutating func expect(_ literal: String) throws(JSONSyntaxError) {
        for byte in literal.utf8 {
            guard current == byte else { throw failure("is not valid JSON: expected '\(literal)'") }
            index += 1
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard let byte = current else { throw failure("is not valid JSON: unexpected end") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "N") where options.allowsNonFiniteNumbers: try expect("NaN"); return .number("NaN")
        case UInt8(ascii: "I") where options.allowsNonFiniteNumbers: try expect("Infinity"); return .number("Infinity")
        case UInt8(ascii: "-") where options.allowsNonFiniteNumbers && startsWith("-Infinity"):
            try expect("-Infinity")
            return .number("-Infinity")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw failure("is not valid JSON: unexpected \(Self.describe(byte))")
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= options.maxDepth else { throw failure("nests arrays and objects more than \(options.maxDepth) deep") }
        index += 1
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
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
                throw JSONSyntaxError("repeats the key \(key.quotedForMessage) in one object", at: keyStart)
            }
            skipWhitespace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            guard current == UInt8(ascii: "}") else { throw failure("is not valid JSON: expected ',' or '}'") }
            index += 1
            depth -= 1
            return .object(object)
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
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

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
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

    private mutating func parseString() throws(JSONSyntaxError) -> String {
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
    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> [UInt8] {
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

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
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

/// Why a document is not the JSON a ``JSONParser`` accepts, and where.
package struct JSONSyntaxError: Error, Sendable, Equatable {
    /// What is wrong, worded to follow "the header" or "the config": `is not valid JSON: expected ':'`.
    package let problem: String
    /// The byte offset in the document where the parser stopped.
    package let offset: Int

    init(_ problem: String, at offset: Int) {
        self.problem = problem
        self.offset = offset
    }
}
