/// Builds compact JSON text with keys in the order they are written, so the output depends on
/// nothing but the values: no dictionary ordering, locale or Foundation version.
struct JSONWriter {
    private(set) var text = ""

    /// Appends `"{"` … `"}"` around `body`, which writes the members with ``member(_:_:)``.
    mutating func object(_ body: (inout ObjectWriter) -> Void) {
        text += "{"
        var members = ObjectWriter()
        body(&members)
        text += members.text
        text += "}"
    }

    /// The members of one object.
    struct ObjectWriter {
        fileprivate(set) var text = ""

        /// Appends `"key":value`, with `value` already JSON text.
        mutating func member(_ key: String, raw value: String) {
            if !text.isEmpty { text += "," }
            text += JSONWriter.quoted(key) + ":" + value
        }

        mutating func member(_ key: String, _ value: String) { member(key, raw: JSONWriter.quoted(value)) }
        mutating func member(_ key: String, _ value: String?) { member(key, raw: value.map(JSONWriter.quoted) ?? "null") }
        mutating func member(_ key: String, _ value: Int) { member(key, raw: String(value)) }
        mutating func member(_ key: String, _ value: Int?) { member(key, raw: value.map { String($0) } ?? "null") }
        /// Appends a finite float as the shortest decimal that reads back as the same `Float`.
        mutating func member(_ key: String, _ value: Float) { member(key, raw: value.description) }
        mutating func member(_ key: String, _ value: Bool) { member(key, raw: value ? "true" : "false") }
        mutating func member(_ key: String, _ values: [Int]) {
            member(key, raw: "[" + values.map { String($0) }.joined(separator: ",") + "]")
        }
        mutating func member(_ key: String, _ values: [String]) {
            member(key, raw: "[" + values.map(JSONWriter.quoted).joined(separator: ",") + "]")
        }
        /// Appends `"key":{…}`.
        mutating func member(_ key: String, object body: (inout ObjectWriter) -> Void) {
            var writer = JSONWriter()
            writer.object(body)
            member(key, raw: writer.text)
        }
        /// Appends `"key":[{…},…]`, one object per element.
        mutating func member<T>(_ key: String, objects: [T], _ body: (T, inout ObjectWriter) -> Void) {
            let items = objects.map { item in
                var writer = JSONWriter()
                writer.object { body(item, &$0) }
                return writer.text
            }
            member(key, raw: "[" + items.joined(separator: ",") + "]")
        }
    }

    /// `string` as a JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`,
    /// … or `\u00XX`, everything else as its UTF-8.
    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
