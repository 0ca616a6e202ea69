/// A parsed JSON document, typed just enough to walk a Keras model configuration safely.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The most bytes of JSON the importer parses. Keras configs are kilobytes (a few hundred KiB
    /// for hundreds of layers); 8 MiB is far beyond any real one and keeps the parsed tree (tens of
    /// bytes per input byte) well under a gigabyte.
    static let maxBytes = 8 << 20

    /// Parses `text` with ``KerasJSONParser``, which also accepts the bare `NaN`, `Infinity` and
    /// `-Infinity` Python's `json.dumps` writes; `nil` if it is not JSON or is over ``maxBytes``.
    static func parse(_ text: String) -> JSONValue? {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxBytes else { return nil }
        return KerasJSONParser.parse(bytes)
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var isNull: Bool { self == .null }

    /// The value as an exact integer, if it is a number with no fractional part in `Int`'s range.
    var int: Int? {
        guard case .number(let value) = self, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }

    /// A short rendering for error messages.
    var brief: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): value.quotedForMessage
        case .array: "a list"
        case .object: "an object"
        }
    }
}
