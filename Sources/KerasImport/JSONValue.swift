import Foundation

/// A parsed JSON document, typed just enough to walk a Keras model configuration safely.
enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The most bytes of JSON the importer parses. Keras configs are kilobytes (a few hundred KiB for
    /// hundreds of layers); parsing costs about 80 bytes of memory and a microsecond per byte, so
    /// 8 MiB bounds it to well under a gigabyte and seconds, where the former 64 MiB took minutes.
    static let maxBytes = 8 << 20

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses `text`. Python's `json.dumps` may write bare `NaN` and `Infinity`, which only the
    /// JSON5 reader accepts, so that is the fallback.
    static func parse(_ text: String) -> JSONValue? {
        let data = Data(text.utf8)
        guard data.count <= maxBytes else { return nil }
        if let value = try? JSONDecoder().decode(JSONValue.self, from: data) { return value }
        let lenient = JSONDecoder()
        lenient.allowsJSON5 = true
        return try? lenient.decode(JSONValue.self, from: data)
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
