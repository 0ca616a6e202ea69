/// A value of the small Python literal language a `.npy` header is written in.
enum PythonLiteral {
    case string(String)
    case int(Int)
    case bool(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([(key: String, value: PythonLiteral)])

    /// A short name of the value's type, for error messages.
    var typeName: String {
        switch self {
        case .string: "a string"
        case .int: "an integer"
        case .bool: "a boolean"
        case .none: "None"
        case .tuple: "a tuple"
        case .list: "a list"
        case .dict: "a dict"
        }
    }
}

/// Parses the Python literal in a `.npy` header: strings, integers, `True`/`False`/`None`,
/// tuples, lists and dicts with string keys, with any whitespace and trailing commas.
///
/// It works on the header's bytes; string literals are decoded as UTF-8 (format 3.0) or
/// Latin-1 (1.0 and 2.0). Nesting is limited, so a hostile header cannot exhaust the stack.
struct PythonLiteralParser {
    static let maximumDepth = 16

    private let bytes: [UInt8]
    private let utf8: Bool
    private var position = 0

    init(_ bytes: [UInt8], utf8: Bool) {
        self.bytes = bytes
        self.utf8 = utf8
    }

    /// Parses the whole text as one literal, allowing whitespace around it.
    static func parse(_ bytes: [UInt8], utf8: Bool) throws(NPYError) -> PythonLiteral {
        var parser = PythonLiteralParser(bytes, utf8: utf8)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.position < bytes.count {
            throw parser.error("unexpected \(parser.describeCurrent()) after the end of the literal")
        }
        return value
    }

    private mutating func value(depth: Int) throws(NPYError) -> PythonLiteral {
        skipWhitespace()
        guard depth < Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
        guard position < bytes.count else { throw error("unexpected end of header") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            return try dict(depth: depth)
        case UInt8(ascii: "("):
            position += 1
            return .tuple(try sequence(closing: UInt8(ascii: ")"), depth: depth))
        case UInt8(ascii: "["):
            position += 1
            return .list(try sequence(closing: UInt8(ascii: "]"), depth: depth))
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .int(try integer())
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"):
            let start = position
            let name = identifier()
            switch name {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default:
                position = start
                throw error("unexpected name \(name.quotedForMessage)")
            }
        default:
            throw error("unexpected \(describeCurrent())")
        }
    }

    private mutating func dict(depth: Int) throws(NPYError) -> PythonLiteral {
        position += 1  // {
        var entries: [(key: String, value: PythonLiteral)] = []
        while true {
            skipWhitespace()
            if peek(UInt8(ascii: "}")) { position += 1; break }
            guard peek(UInt8(ascii: "'")) || peek(UInt8(ascii: "\"")) else {
                throw error("expected a string key or '}', found \(describeCurrent())")
            }
            let key = try string()
            if entries.contains(where: { $0.key == key }) { throw error("key \(key.quotedForMessage) appears twice") }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after key \(key.quotedForMessage), found \(describeCurrent())") }
            position += 1
            entries.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { position += 1; continue }
            guard peek(UInt8(ascii: "}")) else { throw error("expected ',' or '}', found \(describeCurrent())") }
            position += 1
            break
        }
        return .dict(entries)
    }

    /// The items up to `closing`, the opening bracket already consumed. In Python `(3)` is the
    /// integer 3, not a one-element tuple (that is `(3,)`), so it is refused rather than guessed.
    private mutating func sequence(closing: UInt8, depth: Int) throws(NPYError) -> [PythonLiteral] {
        var items: [PythonLiteral] = []
        var sawComma = false
        while true {
            skipWhitespace()
            if peek(closing) { position += 1; break }
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { position += 1; sawComma = true; continue }
            guard peek(closing) else {
                throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))', found \(describeCurrent())")
            }
            position += 1
            break
        }
        if closing == UInt8(ascii: ")"), items.count == 1, !sawComma {
            throw error("'(x)' is a parenthesized value, not a tuple; a one-element tuple is '(x,)'")
        }
        return items
    }

    private mutating func string() throws(NPYError) -> String {
        let quote = bytes[position]
        let start = position
        position += 1
        var content: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == quote {
                if utf8 {
                    guard let text = String(validating: content, as: UTF8.self) else {
                        position = start
                        throw error("string is not valid UTF-8")
                    }
                    return text
                }
                return String(String.UnicodeScalarView(content.map { Unicode.Scalar($0) }))
            }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\") {
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): content.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): content.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): content.append(escaped)
                default: content.append(contentsOf: [UInt8(ascii: "\\"), escaped])
                }
                continue
            }
            content.append(byte)
        }
        position = start
        throw error("unterminated string")
    }

    /// A decimal integer with an optional sign and Python 2's optional `L` suffix.
    private mutating func integer() throws(NPYError) -> Int {
        let start = position
        var negative = false
        if peek(UInt8(ascii: "-")) || peek(UInt8(ascii: "+")) {
            negative = bytes[position] == UInt8(ascii: "-")
            position += 1
            skipWhitespace()
        }
        var magnitude = 0
        var digits = 0
        var overflow = false
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            let digit = Int(bytes[position] - UInt8(ascii: "0"))
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(digit)
            overflow = overflow || o1 || o2
            magnitude = sum
            digits += 1
            position += 1
        }
        guard digits > 0 else { position = start; throw error("expected digits") }
        if peek(UInt8(ascii: "L")) || peek(UInt8(ascii: "l")) { position += 1 }
        if position < bytes.count, isIdentifierByte(bytes[position]) || bytes[position] == UInt8(ascii: ".") {
            position = start
            throw error("only decimal integers are allowed")
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !overflow else { throw NPYError(.invalidShape, "integer \(text.quotedForMessage) in the header is too large") }
        return negative ? -magnitude : magnitude
    }

    private mutating func identifier() -> String {
        let start = position
        while position < bytes.count, isIdentifierByte(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }

    private func peek(_ byte: UInt8) -> Bool { position < bytes.count && bytes[position] == byte }

    private func describeCurrent() -> String {
        guard position < bytes.count else { return "end of header" }
        let byte = bytes[position]
        if byte == UInt8(ascii: "'") { return "\"'\"" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    private func error(_ message: String) -> NPYError {
        NPYError(.malformedHeader, "header is not a valid Python literal at offset \(position): \(message)")
    }
}
