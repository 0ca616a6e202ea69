import FileIO
/// Little-endian reads from a raw buffer. Callers check bounds first.
extension UnsafeRawBufferPointer {
    /// The `UInt16` stored little-endian at `offset`.
    func littleEndianUInt16(at offset: Int) -> UInt16 {
        UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// The `UInt32` stored little-endian at `offset`.
    func littleEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The `UInt64` stored little-endian at `offset`.
    func littleEndianUInt64(at offset: Int) -> UInt64 {
        UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as little-endian bytes.
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

/// `value` rounded up to a multiple of `alignment` (a power of two), or `nil` if that overflows.
func alignedUp(_ value: Int, to alignment: Int) -> Int? {
    let (sum, overflow) = value.addingReportingOverflow(alignment - 1)
    return overflow ? nil : sum & ~(alignment - 1)
}

/// `value` rounded up to a multiple of `alignment` (a power of two), or `nil` if that overflows.
func alignedUp(_ value: UInt64, to alignment: UInt64) -> UInt64? {
    let (sum, overflow) = value.addingReportingOverflow(alignment - 1)
    return overflow ? nil : sum & ~(alignment - 1)
}

/// `shape` for an error message: `[5, 6]`, or its first 8 extents and the rank when it has more,
/// so a header listing a million extents cannot make a million-character message.
func shapeForMessage(_ shape: [Int]) -> String {
    guard shape.count > 8 else { return "\(shape)" }
    return "[" + shape.prefix(8).map(String.init).joined(separator: ", ") + ", … (\(shape.count) axes)]"
}
