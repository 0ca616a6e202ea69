import Testing
@testable import LSTMW

/// Little-endian field access on raw file bytes, written from the spec's preamble table rather
/// than with the library's own reader.
extension Array where Element == UInt8 {
    func u16(at offset: Int) -> UInt16 { UInt16(self[offset]) | UInt16(self[offset + 1]) << 8 }
    func u32(at offset: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(self[offset + $1]) << (8 * $1) } }
    func u64(at offset: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(self[offset + $1]) << (8 * $1) } }

    mutating func set<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        for index in 0..<(T.bitWidth / 8) { self[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    /// Rewrites the preamble checksum (bytes 60..<64) to match bytes 0..<60.
    mutating func refreshPreambleChecksum() {
        set(CRC32.checksum(self[0..<60]), at: 60)
    }

    /// A copy with the preamble edited by `edit` and its checksum recomputed, so that the check
    /// behind the checksum is the one that fires.
    func editingPreamble(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
        var copy = self
        edit(&copy)
        copy.refreshPreambleChecksum()
        return copy
    }
}

/// A `.lstmw` file taken apart into its header and data section, to corrupt one of them and
/// reassemble a file whose lengths and checksums are all consistent again.
struct FileParts {
    var major: UInt16
    var minor: UInt16
    var header: [UInt8]
    var data: [UInt8]

    init(_ bytes: [UInt8]) {
        major = bytes.u16(at: 8)
        minor = bytes.u16(at: 10)
        let headerLength = Int(bytes.u32(at: 12))
        header = Array(bytes[64..<(64 + headerLength)])
        let dataOffset = Int(bytes.u64(at: 24))
        data = Array(bytes[dataOffset..<(dataOffset + Int(bytes.u64(at: 32)))])
    }

    /// The header as text.
    var headerText: String {
        get { String(decoding: header, as: UTF8.self) }
        set { header = Array(newValue.utf8) }
    }

    /// Replaces the first occurrence of `old` in the header text, recording an issue if absent.
    mutating func replaceInHeader(_ old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let range = headerText.range(of: old) else {
            Issue.record("header does not contain \(old)", sourceLocation: sourceLocation)
            return
        }
        headerText.replaceSubrange(range, with: new)
    }

    /// Decodes the header with the library's parser, lets `edit` change it, and writes it back.
    mutating func editHeader(_ edit: (inout LSTMWHeader) -> Void) throws {
        var decoded = try LSTMWHeader.decode(header, limits: .default)
        edit(&decoded)
        header = Array(decoded.json.utf8)
    }

    /// A file with these parts and a fresh, consistent preamble.
    func assembled() -> [UInt8] {
        let dataOffset = (64 + header.count + 63) / 64 * 64
        var file = [UInt8](repeating: 0, count: 64)
        file.replaceSubrange(0..<8, with: [0x89, 0x4C, 0x53, 0x54, 0x4D, 0x57, 0x0D, 0x0A])
        file.set(major, at: 8)
        file.set(minor, at: 10)
        file.set(UInt32(header.count), at: 12)
        file.set(UInt64(64), at: 16)
        file.set(UInt64(dataOffset), at: 24)
        file.set(UInt64(data.count), at: 32)
        file.set(UInt64(dataOffset + data.count), at: 40)
        file.set(CRC32.checksum(header), at: 48)
        file.set(CRC32.checksum(data), at: 52)
        file.refreshPreambleChecksum()
        file += header
        file += [UInt8](repeating: 0, count: dataOffset - file.count)
        return file + data
    }
}
