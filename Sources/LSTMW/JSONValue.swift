/// A parsed JSON value, as ``JSONParser`` builds it from a `.lstmw` header or (for KerasImport,
/// through `package` access) a Keras model configuration.
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, kept as its literal text so integers are read exactly (`NaN`, `Infinity` and
    /// `-Infinity` when the parser's options allow them; `Double(text)` reads all of these).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// What kind of value this is, for error messages: "a string", "null", ….
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number(let text): "the number \(text.count > 24 ? String(text.prefix(24)) + "…" : text)"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON object: its keys in document order, none twice. Two objects are equal when they hold
/// the same keys with equal values, in any order.
package struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The keys in document order.
    package private(set) var keys: [String] = []
    /// The members by key.
    package private(set) var values: [String: JSONValue] = [:]

    package init() {}

    /// An object with `elements` in order (a key given twice keeps its last value).
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// The value for `key`, or `nil` when the key is absent. Setting a new key appends it;
    /// setting `nil` removes the key.
    package subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            switch (values.updateValue(newValue ?? .null, forKey: key), newValue) {
            case (nil, nil): values[key] = nil
            case (nil, _?): keys.append(key)
            case (_?, nil): values[key] = nil; keys.removeAll { $0 == key }
            case (_?, _?): break
            }
        }
    }

    /// Adds `key`, returning `false` (and changing nothing) if it is already present.
    mutating func insert(_ key: String, _ value: JSONValue) -> Bool {
        guard values[key] == nil else { return false }
        keys.append(key)
        values[key] = value
        return true
    }

    /// The members in document order.
    package func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        keys.lazy.map { (key: $0, value: values[$0]!) }.makeIterator()
    }

    package static func == (left: JSONObject, right: JSONObject) -> Bool { left.values == right.values }
}

/// A JSON object and where it sits in the header, with typed getters whose errors name the
/// exact key: `header key 'layers[1].units' must be an integer, found a string`.
struct JSONFields: Sendable {
    let object: JSONObject
    /// The object's path from the header root, such as `layers[1]`; empty for the root.
    let path: String

    /// The full path of `key` inside this object.
    func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func wrongType(_ key: String, _ expected: String, _ found: JSONValue) -> LSTMWError {
        LSTMWError(.malformedHeader, "header key '\(path(of: key))' must be \(expected), found \(found.kindDescription)")
    }

    /// The value for `key`, which must be present.
    func required(_ key: String) throws(LSTMWError) -> JSONValue {
        guard let value = object[key] else {
            throw LSTMWError(.malformedHeader, "header \(path.isEmpty ? "root object" : "object '\(path)'") is missing the key '\(key)'")
        }
        return value
    }

    /// The string for `key`.
    func string(_ key: String) throws(LSTMWError) -> String {
        let value = try required(key)
        guard case .string(let string) = value else { throw wrongType(key, "a string", value) }
        return string
    }

    /// The string for `key`, or `nil` when the key is absent or `null`.
    func optionalString(_ key: String) throws(LSTMWError) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard case .string(let string) = value else { throw wrongType(key, "a string or null", value) }
        return string
    }

    /// The boolean for `key`.
    func bool(_ key: String) throws(LSTMWError) -> Bool {
        let value = try required(key)
        guard case .bool(let bool) = value else { throw wrongType(key, "true or false", value) }
        return bool
    }

    /// The boolean for `key`, or `nil` when the key is absent.
    func optionalBool(_ key: String) throws(LSTMWError) -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let bool) = value else { throw wrongType(key, "true or false", value) }
        return bool
    }

    /// The integer for `key`.
    func int(_ key: String) throws(LSTMWError) -> Int {
        try Self.integer(try required(key), at: path(of: key))
    }

    /// The integer for `key`, or `nil` when the key is absent or `null`.
    func optionalInt(_ key: String) throws(LSTMWError) -> Int? {
        guard let value = object[key], value != .null else { return nil }
        return try Self.integer(value, at: path(of: key))
    }

    /// The finite float32 for `key`: a JSON number whose value a `Float` holds.
    func float(_ key: String) throws(LSTMWError) -> Float {
        let value = try required(key)
        guard case .number(let text) = value, let float = Float(text), float.isFinite else {
            throw wrongType(key, "a finite float32 number", value)
        }
        return float
    }

    /// The string for `key`, one of the raw values of `T`.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(LSTMWError) -> T
        where T.RawValue == String {
        let raw = try string(key)
        guard let value = T(rawValue: raw) else {
            let known = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw LSTMWError(.malformedHeader, "header key '\(path(of: key))' is \(raw.quotedForMessage); known: \(known)")
        }
        return value
    }

    /// The array of integers for `key`, such as a shape.
    func intArray(_ key: String) throws(LSTMWError) -> [Int] {
        var values: [Int] = []
        for (index, value) in try array(key).enumerated() {
            values.append(try Self.integer(value, at: "\(path(of: key))[\(index)]"))
        }
        return values
    }

    /// The array for `key`.
    func array(_ key: String) throws(LSTMWError) -> [JSONValue] {
        let value = try required(key)
        guard case .array(let array) = value else { throw wrongType(key, "an array", value) }
        return array
    }

    /// The object for `key`.
    func object(_ key: String) throws(LSTMWError) -> JSONFields {
        let value = try required(key)
        guard case .object(let object) = value else { throw wrongType(key, "an object", value) }
        return JSONFields(object: object, path: path(of: key))
    }

    /// The element at `index` of an array found at `path`, which must be an object.
    static func element(_ value: JSONValue, at path: String) throws(LSTMWError) -> JSONFields {
        guard case .object(let object) = value else {
            throw LSTMWError(.malformedHeader, "header key '\(path)' must be an object, found \(value.kindDescription)")
        }
        return JSONFields(object: object, path: path)
    }

    /// `value` as an `Int`: a JSON number with no fraction or exponent that fits in an `Int`.
    static func integer(_ value: JSONValue, at path: String) throws(LSTMWError) -> Int {
        guard case .number(let text) = value, !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
            throw LSTMWError(.malformedHeader, "header key '\(path)' must be an integer, found \(value.kindDescription)")
        }
        guard let integer = Int(text) else {
            throw LSTMWError(.malformedHeader, "header key '\(path)' is \(value.kindDescription), out of the 64-bit integer range")
        }
        return integer
    }
}
