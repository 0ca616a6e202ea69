extension String {
    /// The string with control and line-breaking characters escaped as `\u{…}` and, past
    /// `maxLength` characters, cut with `…`: text from a hostile file can neither break the
    /// one-line rule of error messages nor flood a terminal.
    package func escapedForMessage(maxLength: Int = 80) -> String {
        var out = ""
        for (index, scalar) in unicodeScalars.enumerated() {
            if index == maxLength { out += "…"; break }
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}" {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The string in single quotes for an error message, escaped and cut as by ``escapedForMessage(maxLength:)``.
    package var quotedForMessage: String { "'\(escapedForMessage())'" }

    /// The string with `prefix` replaced by `replacement`, or unchanged if it does not start with `prefix`.
    package func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
