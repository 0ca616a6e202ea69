extension String {
    /// The string in double quotes for an error message, with control and line-breaking
    /// characters escaped as `\u{…}` and cut with `…` after 80 characters: a key or name from a
    /// request can neither break the one-line rule of messages nor make a huge one.
    var quotedForMessage: String {
        var out = "\""
        for (index, scalar) in unicodeScalars.enumerated() {
            if index == 80 { out += "…"; break }
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}" {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension Substring {
    /// The text cut with `…` after 40 characters, for a number token quoted in a message.
    var shortened: String { count > 40 ? prefix(40) + "…" : String(self) }
}
