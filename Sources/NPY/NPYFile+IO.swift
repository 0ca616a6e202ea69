import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw NPYError(.io, "cannot open: \(lastError())") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw NPYError(.io, "cannot stat: \(lastError())") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw NPYError(.io, "not a regular file") }
        let size = Int(status.st_size)

        // The preamble (at most 12 bytes) and the longest header allowed.
        var bytes = try readUpTo(min(size, 12 + maximumHeaderLength), from: descriptor)
        let layout = try bytes.withUnsafeBytes { raw in Result { () throws(NPYError) in try readLayout(raw) } }.get()
        try checkDataLength(layout, fileSize: size)
        bytes += try readUpTo(size - bytes.count, from: descriptor)
        guard bytes.count == size else { throw NPYError(.io, "the file changed size while being read") }
        return bytes
    }

    /// Up to `count` bytes from the current position of `descriptor` (fewer at the end of the file).
    private static func readUpTo(_ count: Int, from descriptor: Int32) throws(NPYError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        var failure: String?
        bytes.withUnsafeMutableBytes { raw in
            while offset < raw.count {
                let got = systemRead(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if got < 0, errno == EINTR { continue }
                if got < 0 { failure = "cannot read: \(lastError())"; return }
                if got == 0 { return }
                offset += got
            }
        }
        if let failure { throw NPYError(.io, failure) }
        return offset == count ? bytes : Array(bytes[..<offset])
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
        let bytes = encode(array)
        let path = url.path
        let temporary = path + ".tmp-\(UUID().uuidString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw NPYError(.io, "\(path): cannot create a temporary file beside it: \(lastError())")
        }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write: \(lastError())"
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot flush: \(lastError())" }
        if close(descriptor) != 0, failure == nil { failure = "cannot close: \(lastError())" }
        if failure == nil, rename(temporary, path) != 0 { failure = "cannot rename the temporary file: \(lastError())" }
        if let failure {
            unlink(temporary)
            throw NPYError(.io, "\(path): \(failure)")
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }

}

// `read(2)` and `write(2)`, spelled so they do not collide with `NPYFile.read` and `NPYFile.write`.

@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.read(fd, buffer, count)
    #elseif canImport(Musl)
    Musl.read(fd, buffer, count)
    #else
    Glibc.read(fd, buffer, count)
    #endif
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(fd, buffer, count)
    #elseif canImport(Musl)
    Musl.write(fd, buffer, count)
    #else
    Glibc.write(fd, buffer, count)
    #endif
}
