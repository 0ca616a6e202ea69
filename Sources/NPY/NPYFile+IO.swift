import FileIO
import Foundation

extension NPYFile {
    /// Reads and decodes a `.npy` file.
    ///
    /// ```swift
    /// let input = try NPYFile.read(contentsOf: URL(fileURLWithPath: "Fixtures/k2_lstm_single/input.npy"))
    /// ```
    /// - Throws: ``NPYError`` whose message starts with the file's path.
    public static func read(contentsOf url: URL) throws(NPYError) -> NPYArray {
        do {
            return try decode(try readBytes(url.path))
        } catch {
            throw error.at(url.path)
        }
    }

    /// The whole file at `path`, read only once its header has been checked against its size,
    /// so a header that lies cannot make the reader allocate more than the file holds.
    private static func readBytes(_ path: String) throws(NPYError) -> [UInt8] {
        let file: ReadableFile
        do { file = try ReadableFile(path: path) } catch { throw ioError(error) }
        // The preamble (at most 12 bytes) and the longest header allowed.
        var bytes = try read(file, upTo: min(file.size, 12 + maximumHeaderLength))
        let layout = try bytes.withUnsafeBytes { raw in Result { () throws(NPYError) in try readLayout(raw) } }.get()
        try checkDataLength(layout, fileSize: file.size)
        bytes += try read(file, upTo: file.size - bytes.count)
        guard bytes.count == file.size else { throw NPYError(.io, "the file changed size while being read") }
        return bytes
    }

    private static func read(_ file: borrowing ReadableFile, upTo count: Int) throws(NPYError) -> [UInt8] {
        do { return try file.read(upTo: count) } catch { throw ioError(error) }
    }

    /// An ``NPYError/Code/io`` error; ``read(contentsOf:)`` puts the path in front.
    private static func ioError(_ error: FileIOError) -> NPYError {
        NPYError(.io, error.message.replacingPrefix("\(error.path): ", with: ""))
    }

    /// Writes float32 values as a version 1.0 `.npy` file, atomically: the bytes go to a
    /// temporary file in the same directory, which is then renamed over `url`. On failure
    /// nothing is left behind and an existing file at `url` is untouched.
    ///
    /// ```swift
    /// try NPYFile.write(float32: output.values, shape: output.shape, to: URL(fileURLWithPath: "out.npy"))
    /// ```
    /// - Precondition: every extent of `shape` is non-negative and their product is `values.count`.
    /// - Throws: ``NPYError`` with code ``NPYError/Code/io`` whose message starts with the path.
    public static func write(float32 values: [Float], shape: [Int], to url: URL) throws(NPYError) {
        try write(NPYArray(float32: values, shape: shape), to: url)
    }

    /// Writes an array as a `.npy` file, atomically (see ``write(float32:shape:to:)``).
    public static func write(_ array: NPYArray, to url: URL) throws(NPYError) {
        do {
            try AtomicFile.write(encode(array), to: url.path)
        } catch {
            throw NPYError(.io, error.message)
        }
    }
}
