/// Writes compact JSON into a byte array, in the order the calls are made.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.beginObject()
/// writer.key("predictions")
/// writer.beginArray(); writer.number(0.25 as Float); writer.number(0.75 as Float); writer.endArray()
/// writer.endObject()
/// // {"predictions":[0.25,0.75]}
/// ```
///
/// Floats are written in their shortest form that reads back as the same float32 (Swift's
/// `description`), so a client parsing the response gets exactly the runtime's values.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// For each open container, whether the next value needs a comma before it.
    private var needsComma: [Bool] = []
    /// Whether a key was just written, so the next value follows its colon.
    private var afterKey = false

    init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func beginValue() {
        if afterKey {
            afterKey = false
        } else if let last = needsComma.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            needsComma[needsComma.count - 1] = true
        }
    }

    mutating func beginObject() {
        beginValue()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        beginValue()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func key(_ key: String) {
        beginValue()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    mutating func string(_ value: String) {
        beginValue()
        appendQuoted(value)
    }

    mutating func number(_ value: Int) {
        beginValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// - Precondition: `value` is finite (JSON has no NaN or infinity).
    mutating func number(_ value: Float) {
        precondition(value.isFinite, "JSON cannot hold \(value)")
        beginValue()
        bytes.append(contentsOf: value.description.utf8)
    }

    mutating func bool(_ value: Bool) {
        beginValue()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func null() {
        beginValue()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes `key` then `value`, a string, or `null` if `value` is nil.
    mutating func field(_ key: String, _ value: String?) {
        self.key(key)
        if let value { string(value) } else { null() }
    }

    mutating func field(_ key: String, _ value: Int) {
        self.key(key)
        number(value)
    }

    mutating func field(_ key: String, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    private mutating func appendQuoted(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20:
                let hex = String(byte, radix: 16)
                bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
