extension NPYFile {
    /// Where an array's elements are in a `.npy` file, as its header says.
    struct Layout {
        let dtype: NPYArray.DType
        let shape: [Int]
        /// The number of elements.
        let count: Int
        /// Where the data starts: the end of the header.
        let dataOffset: Int
        /// `count * dtype.size`.
        let byteCount: Int
    }

    /// Decodes a whole `.npy` file held in memory.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(NPYError) -> NPYArray {
        let layout = try readLayout(bytes)
        try checkDataLength(layout, fileSize: bytes.count)
        let data = UnsafeRawBufferPointer(rebasing: bytes[layout.dataOffset...])
        return NPYArray(shape: layout.shape, storage: storage(layout.dtype, count: layout.count, data))
    }

    /// Reads the preamble and header from the start of a file (at least through the end of its
    /// header, or the whole file if it is shorter) and checks the sizes they declare.
    static func readLayout(_ prefix: UnsafeRawBufferPointer) throws(NPYError) -> Layout {
        let header = try readPreamble(prefix)
        let literal = try PythonLiteralParser.parse(Array(prefix[header.range]), utf8: header.utf8)
        let (dtype, shape) = try interpretHeader(literal)
        guard let count = NPYArray.elementCount(shape) else {
            throw NPYError(.invalidShape, "shape \(pythonTuple(shape)) has a negative extent or too many elements")
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        guard !overflow else {
            throw NPYError(.invalidShape, "shape \(pythonTuple(shape)) of \(dtype.rawValue) is too large")
        }
        return Layout(dtype: dtype, shape: shape, count: count, dataOffset: header.range.upperBound, byteCount: byteCount)
    }

    /// Checks that a file of `fileSize` bytes holds exactly the data `layout` declares.
    static func checkDataLength(_ layout: Layout, fileSize: Int) throws(NPYError) {
        let available = fileSize - layout.dataOffset
        let what = "shape \(pythonTuple(layout.shape)) of \(layout.dtype.rawValue)"
        guard available >= layout.byteCount else {
            throw NPYError(.truncated, "data is \(available) bytes, \(what) needs \(layout.byteCount)")
        }
        guard available == layout.byteCount else {
            throw NPYError(.trailingData, "\(available - layout.byteCount) bytes follow the data of \(what)")
        }
    }

    /// Checks the magic string and version; returns the header's byte range and encoding.
    private static func readPreamble(_ bytes: UnsafeRawBufferPointer) throws(NPYError) -> (range: Range<Int>, utf8: Bool) {
        guard bytes.count >= magic.count, bytes.prefix(magic.count).elementsEqual(magic) else {
            throw NPYError(.notNPY, "not a .npy file: it does not start with \\x93NUMPY")
        }
        guard bytes.count >= 8 else { throw NPYError(.truncated, "file ends inside the format version") }
        let (major, minor) = (bytes[6], bytes[7])
        let lengthSize: Int
        switch (major, minor) {
        case (1, 0): lengthSize = 2
        case (2, 0), (3, 0): lengthSize = 4
        default:
            throw NPYError(.unsupportedVersion, "format version \(major).\(minor) is not supported (1.0, 2.0 and 3.0 are)")
        }
        let start = 8 + lengthSize
        guard bytes.count >= start else { throw NPYError(.truncated, "file ends inside the header length") }
        var length = 0
        for i in (8..<start).reversed() { length = length << 8 | Int(bytes[i]) }  // little-endian
        guard length <= maximumHeaderLength else {
            throw NPYError(.malformedHeader, "header length \(length) exceeds the limit of \(maximumHeaderLength) bytes")
        }
        guard bytes.count - start >= length else {
            throw NPYError(.truncated, "header of \(length) bytes runs past the end of the \(bytes.count)-byte file")
        }
        return (start..<(start + length), major == 3)
    }

    /// Checks the header dict and returns its dtype and shape.
    private static func interpretHeader(_ literal: PythonLiteral) throws(NPYError) -> (NPYArray.DType, [Int]) {
        guard case .dict(let entries) = literal else {
            throw NPYError(.malformedHeader, "header is \(literal.typeName), not a dict")
        }
        let required = ["descr", "fortran_order", "shape"]
        if let extra = entries.first(where: { !required.contains($0.key) }) {
            throw NPYError(.malformedHeader, "header has an unexpected key \(extra.key.quotedForMessage)")
        }
        func entry(_ key: String) throws(NPYError) -> PythonLiteral {
            guard let value = entries.first(where: { $0.key == key })?.value else {
                throw NPYError(.malformedHeader, "header has no '\(key)' key")
            }
            return value
        }

        let dtype = try interpretDescr(try entry("descr"))
        switch try entry("fortran_order") {
        case .bool(false): break
        case .bool(true):
            throw NPYError(.unsupportedLayout, "Fortran-order (column-major) arrays are not supported; "
                                               + "save with numpy.ascontiguousarray(a)")
        case let other:
            throw NPYError(.malformedHeader, "'fortran_order' is \(other.typeName), not True or False")
        }
        let shapeValue = try entry("shape")
        guard case .tuple(let items) = shapeValue else {
            throw NPYError(.malformedHeader, "'shape' is \(shapeValue.typeName), not a tuple")
        }
        var shape: [Int] = []
        for item in items {
            guard case .int(let extent) = item else {
                throw NPYError(.malformedHeader, "'shape' holds \(item.typeName), not an integer")
            }
            guard extent >= 0 else { throw NPYError(.invalidShape, "shape has a negative extent, \(extent)") }
            shape.append(extent)
        }
        return (dtype, shape)
    }

    private static func interpretDescr(_ descr: PythonLiteral) throws(NPYError) -> NPYArray.DType {
        guard case .string(let text) = descr else {
            if case .list = descr {
                throw NPYError(.unsupportedDType, "structured dtypes are not supported; supported: \(supported)")
            }
            throw NPYError(.malformedHeader, "'descr' is \(descr.typeName), not a string")
        }
        var order = Character("=")
        var code = Substring(text)
        if let first = code.first, "<>=|".contains(first) {
            order = first
            code = code.dropFirst()
        }
        guard let kind = NPYArray.DType(rawValue: "<" + code) else {
            if code.hasPrefix("O") {
                throw NPYError(.unsupportedDType, "object arrays (\(text.quotedForMessage)) are not supported; supported: \(supported)")
            }
            throw NPYError(.unsupportedDType, "dtype \(text.quotedForMessage) is not supported; supported: \(supported)")
        }
        switch order {
        case "<":
            return kind
        case "=":  // native order
            #if _endian(little)
            return kind
            #else
            throw NPYError(.unsupportedDType, "native-order \(text.quotedForMessage) on a big-endian machine is not supported")
            #endif
        case ">":
            throw NPYError(.unsupportedDType, "big-endian data (\(text.quotedForMessage)) is not supported; "
                                              + "save it little-endian with a.astype('\(kind.rawValue)')")
        default:  // "|": "not applicable", which NumPy uses only for one-byte types
            throw NPYError(.unsupportedDType, "byte order '|' in \(text.quotedForMessage) is meaningless for a \(kind.size)-byte type")
        }
    }

    private static var supported: String { NPYArray.DType.allCases.map(\.rawValue).joined(separator: ", ") }

    /// Reads `count` little-endian elements of `dtype` from `data`, whose size is already checked.
    private static func storage(_ dtype: NPYArray.DType, count: Int, _ data: UnsafeRawBufferPointer) -> NPYArray.Storage {
        switch dtype {
        case .float32:
            .float32(values(count, data) { Float(bitPattern: UInt32(littleEndian: $0)) })
        case .float64:
            .float64(values(count, data) { Double(bitPattern: UInt64(littleEndian: $0)) })
        case .int32:
            .int32(values(count, data) { Int32(littleEndian: $0) })
        case .int64:
            .int64(values(count, data) { Int64(littleEndian: $0) })
        }
    }

    @inline(__always)
    private static func values<Raw: FixedWidthInteger, Value>(
        _ count: Int, _ data: UnsafeRawBufferPointer, _ convert: (Raw) -> Value
    ) -> [Value] {
        [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                let raw = data.loadUnaligned(fromByteOffset: i * MemoryLayout<Raw>.size, as: Raw.self)
                (buffer.baseAddress! + i).initialize(to: convert(raw))
            }
            initialized = count
        }
    }

    /// `shape` written as a Python tuple: `()`, `(3,)`, `(2, 3)`.
    static func pythonTuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
