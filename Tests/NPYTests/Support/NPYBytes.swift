/// Builds `.npy` bytes by hand: magic, version, little-endian header length, header, data.
///
/// `declaredLength` overrides the header length field, to make broken files.
func npyBytes(major: UInt8 = 1, minor: UInt8 = 0, header: String, data: [UInt8] = [],
              declaredLength: Int? = nil) -> [UInt8] {
    let headerBytes = Array(header.utf8)
    let length = declaredLength ?? headerBytes.count
    var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, minor]  // \x93NUMPY
    let lengthSize = major == 1 ? 2 : 4
    for i in 0..<lengthSize { bytes.append(UInt8(truncatingIfNeeded: length >> (8 * i))) }
    return bytes + headerBytes + data
}

/// Little-endian bytes of float32 values.
func bytes(float32 values: [Float]) -> [UInt8] {
    values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } }
}
