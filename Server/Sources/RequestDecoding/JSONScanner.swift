/// A strict RFC 8259 scanner over a request body, with the few token-level operations the
/// request parser needs. It never builds a document tree: the prediction input is read straight
/// into a flat `[Float]` (see `TensorReader`), so a request costs one pass and one array.
///
/// Errors are ``RequestError``s (answered with 400) whose message names the byte offset, such as
/// `malformed JSON at byte 17: expected ',' or ']' after an array element`.
///
/// The scanner borrows the body's bytes: use it only inside the closure that lends them.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The byte at the current offset after skipping whitespace, or `nil` at the end.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after whitespace) or throws "expected `what`".
    mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws(RequestError) {
        guard peek() == byte else { throw malformed("expected \(what())") }
        offset += 1
    }

    /// Consumes `byte` (after whitespace) if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        offset += 1
        return true
    }

    /// A 400 error for a syntax error at the current offset.
    func malformed(_ problem: String) -> RequestError {
        if offset >= bytes.count {
            return .badRequest("malformed JSON: unexpected end of the body (\(problem))")
        }
        return .badRequest("malformed JSON at byte \(offset): \(problem), found \(describeByte(bytes[offset]))")
    }

    private func describeByte(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    // MARK: - Tokens

    /// What kind of value starts at the current offset (after whitespace), for error messages
    /// and dispatch; does not consume anything.
    mutating func nextKind() -> JSONKind? {
        guard let byte = peek() else { return nil }
        switch byte {
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .boolean
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "N"), UInt8(ascii: "I"): return .number
        default: return nil
        }
    }

    /// Consumes the literal `word` (`true`, `NaN`, …) if the bytes at the offset spell it.
    mutating func consumeLiteral(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { literal in
            (0..<count).allSatisfy { bytes[offset + $0] == literal[$0] }
        }
        if matches { offset += count }
        return matches
    }

    /// The result of reading a number token.
    enum NumberToken {
        /// A JSON number, with its text (for messages) and its value as a `Double`.
        case finite(Double, text: Substring)
        /// A number too large for a `Double`, such as `1e999`.
        case overflow(text: String)
        /// One of the non-standard literals `NaN`, `Infinity`, `-Infinity` that Python's `json`
        /// module writes for non-finite floats.
        case nonFinite(String)
    }

    /// Reads a number at the offset (after whitespace): the RFC 8259 grammar
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, plus `NaN` and `±Infinity` so that a
    /// client gets "not finite" rather than "malformed" for what Python sends.
    mutating func readNumber() throws(RequestError) -> NumberToken {
        skipWhitespace()
        if consumeLiteral("NaN") { return .nonFinite("NaN") }
        if consumeLiteral("Infinity") { return .nonFinite("Infinity") }
        if consumeLiteral("-Infinity") { return .nonFinite("-Infinity") }
        let start = offset
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, isDigit(bytes[offset]) else { throw malformed("expected a digit in a number") }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, isDigit(bytes[offset]) { throw malformed("a number cannot have a leading zero") }
        } else {
            skipDigits()
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw malformed("expected a digit after '.'") }
            skipDigits()
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw malformed("expected a digit in an exponent") }
            skipDigits()
        }
        let text = Substring(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        // The grammar is checked, so Double's parser (correctly rounded) accepts the text; it
        // returns ±infinity when the magnitude is beyond Double's range.
        guard let value = Double(text) else { throw malformed("invalid number") }
        if !value.isFinite { return .overflow(text: String(text)) }
        return .finite(value, text: text)
    }

    private mutating func skipDigits() {
        while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Reads a string at the offset (after whitespace), decoding escapes; rejects control
    /// characters and invalid UTF-8 as RFC 8259 requires.
    mutating func readString() throws(RequestError) -> String {
        try expect(UInt8(ascii: "\""), "a string")
        var utf8: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw malformed("unterminated string") }
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let string = String(validating: utf8, as: UTF8.self) else {
                    throw .badRequest("malformed JSON: the string ending at byte \(offset - 1) holds invalid UTF-8")
                }
                return string
            case UInt8(ascii: "\\"):
                offset += 1
                utf8.append(contentsOf: String(try readEscape()).utf8)
            case 0x00..<0x20:
                throw malformed("control character in a string")
            default:
                utf8.append(byte)
                offset += 1
            }
        }
    }

    /// The scalar of an escape sequence whose backslash has been consumed.
    private mutating func readEscape() throws(RequestError) -> Unicode.Scalar {
        guard offset < bytes.count else { throw malformed("unterminated escape") }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try readHex4()
            if (0xD800..<0xDC00).contains(first) {
                guard consumeLiteral("\\u") else { throw malformed("a high surrogate must be followed by \\u and a low surrogate") }
                let second = try readHex4()
                guard (0xDC00..<0xE000).contains(second) else { throw malformed("invalid low surrogate") }
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(first) else { throw malformed("unpaired low surrogate") }
            return scalar
        default:
            offset -= 1
            throw malformed("invalid escape")
        }
    }

    private mutating func readHex4() throws(RequestError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw malformed("expected 4 hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw malformed("expected a hex digit")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }
}

/// The kind of a JSON value, named as an error message names it.
enum JSONKind: CustomStringConvertible {
    case array, object, string, number, boolean, null

    var description: String {
        switch self {
        case .array: "an array"
        case .object: "an object"
        case .string: "a string"
        case .number: "a number"
        case .boolean: "a boolean"
        case .null: "null"
        }
    }
}
