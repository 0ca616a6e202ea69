extension NPYFile {
    /// Encodes an array as a `.npy` file: version 1.0 (2.0 if the header is too long for 1.0),
    /// header padded with spaces and ended by `\n` so the data starts at a multiple of 64 bytes.
    ///
    /// ```swift
    /// let bytes = NPYFile.encode(NPYArray(int64: [1, 2, 3], shape: [3]))
    /// ```
    public static func encode(_ array: NPYArray) -> [UInt8] {
        let dict = "{'descr': '\(array.dtype.rawValue)', 'fortran_order': False, 'shape': \(pythonTuple(array.shape)), }"
        var header = Array(dict.utf8)
        var lengthSize = 2
        var preambleSize = magic.count + 2 + lengthSize
        if preambleSize + header.count + 1 > 0xFFFF {
            lengthSize = 4
            preambleSize = magic.count + 2 + lengthSize
        }
        let padding = (64 - (preambleSize + header.count + 1) % 64) % 64
        header += [UInt8](repeating: UInt8(ascii: " "), count: padding) + [UInt8(ascii: "\n")]

        var bytes = magic + [lengthSize == 2 ? 1 : 2, 0]
        bytes.reserveCapacity(preambleSize + header.count + array.count * array.dtype.size)
        for i in 0..<lengthSize { bytes.append(UInt8(truncatingIfNeeded: header.count >> (8 * i))) }
        bytes += header
        switch array.storage {
        case .float32(let values): append(values, to: &bytes) { $0.bitPattern.littleEndian }
        case .float64(let values): append(values, to: &bytes) { $0.bitPattern.littleEndian }
        case .int32(let values): append(values, to: &bytes) { $0.littleEndian }
        case .int64(let values): append(values, to: &bytes) { $0.littleEndian }
        }
        return bytes
    }

    private static func append<Value, Raw: FixedWidthInteger>(
        _ values: [Value], to bytes: inout [UInt8], _ littleEndian: (Value) -> Raw
    ) {
        let start = bytes.count
        let size = MemoryLayout<Raw>.size
        bytes.append(contentsOf: repeatElement(0, count: values.count * size))
        bytes.withUnsafeMutableBytes { raw in
            for (i, value) in values.enumerated() {
                raw.storeBytes(of: littleEndian(value), toByteOffset: start + i * size, as: Raw.self)
            }
        }
    }
}
