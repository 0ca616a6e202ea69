/// Reads and writes NumPy `.npy` files.
///
/// Reading accepts format versions 1.0, 2.0 and 3.0 with a C-order array of dtype `<f4`, `<f8`,
/// `<i4` or `<i8` (`=` native order is accepted on little-endian machines). Everything else —
/// big-endian data, Fortran order, object or structured dtypes — is refused with an
/// ``NPYError`` naming the problem. Every size is checked before anything is allocated.
///
/// Writing produces version 1.0 files (2.0 if the header would not fit), with the header
/// padded so the data starts at a multiple of 64 bytes, as NumPy does.
///
/// ```swift
/// try NPYFile.write(float32: [1, 2, 3, 4, 5, 6], shape: [2, 3], to: url)
/// let array = try NPYFile.read(contentsOf: url)
/// // array.shape == [2, 3], array.dtype == .float32, array.floatValues() == [1, 2, 3, 4, 5, 6]
/// ```
public enum NPYFile {
    /// The magic string every `.npy` file starts with.
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The longest header the reader accepts, in bytes (NumPy itself writes a few hundred).
    public static let maximumHeaderLength = 65_536

    /// Decodes a `.npy` file's bytes.
    ///
    /// ```swift
    /// let array = try NPYFile.decode(bytes)   // bytes: [UInt8]
    /// ```
    /// - Throws: ``NPYError`` if the bytes are not a `.npy` file this reader supports, or if
    ///   their length does not match the header's shape exactly.
    public static func decode(_ bytes: [UInt8]) throws(NPYError) -> NPYArray {
        // `withUnsafeBytes` rethrows untyped errors, so the typed error travels in a Result.
        try bytes.withUnsafeBytes { raw in Result { () throws(NPYError) in try decode(raw) } }.get()
    }

    /// Encodes float32 values as a version 1.0 `.npy` file.
    ///
    /// ```swift
    /// let bytes = NPYFile.encode(float32: [0.5, -1], shape: [2])
    /// ```
    /// - Precondition: every extent of `shape` is non-negative and their product is `values.count`.
    public static func encode(float32 values: [Float], shape: [Int]) -> [UInt8] {
        encode(NPYArray(float32: values, shape: shape))
    }
}
