import FileIO
import LSTMW

/// The `.lstmw` header's JSON value (LSTMW's, shared through `package` access), under the name
/// every file of this module uses without importing LSTMW. Objects keep document order and refuse
/// repeated keys; numbers are kept as their text.
typealias JSONValue = LSTMW.JSONValue

/// Keras model configurations: the limits and the typed views the importer reads them through.
extension JSONValue {
    /// The most bytes of JSON the importer parses. Keras configs are kilobytes (a few hundred KiB
    /// for hundreds of layers); 8 MiB is far beyond any real one and keeps the parsed tree (tens of
    /// bytes per input byte) well under a gigabyte.
    static let maxBytes = 8 << 20

    /// How a configuration is parsed: nesting at most 128 deep (Keras configs nest about 10 deep),
    /// and the bare `NaN`, `Infinity` and `-Infinity` Python's `json.dumps` writes accepted.
    static let kerasConfig = JSONParser.Options(maxDepth: 128, allowsNonFiniteNumbers: true)

    /// Parses `text` with LSTMW's ``JSONParser`` (linear in its length, duplicate keys, lone
    /// surrogates and control characters refused) under ``kerasConfig``; `nil` if it is not JSON
    /// or is over ``maxBytes``.
    static func parse(_ text: String) -> JSONValue? {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxBytes else { return nil }
        return try? JSONParser.parse(bytes, options: kerasConfig)
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    var object: [String: JSONValue]? { if case .object(let value) = self { value.values } else { nil } }
    var isNull: Bool { self == .null }

    /// The number's value: what Python reads for the same text (out-of-range magnitudes are
    /// infinite), `nil` if this is not a number.
    var double: Double? { if case .number(let text) = self { Double(text) } else { nil } }

    /// The value as an exact integer, if it is a number with no fractional part in `Int`'s range.
    var int: Int? {
        guard let value = double, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }

    /// A short rendering for error messages.
    var brief: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number: Self.brief(double ?? .nan)
        case .string(let value): value.quotedForMessage
        case .array: "a list"
        case .object: "an object"
        }
    }

    private static func brief(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
