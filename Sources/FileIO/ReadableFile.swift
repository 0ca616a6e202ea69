#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Android)
import Android
#endif

/// A regular file open for reading, closed when the value goes away.
///
/// Readers take files into memory rather than mapping them, so a file truncated by another
/// process while it is read shows up as a short read, never as a crash.
package struct ReadableFile: ~Copyable {
    private let descriptor: Int32
    /// The path the file was opened with.
    package let path: String
    /// The file's size when it was opened.
    package let size: Int

    /// Opens `path`, refusing anything but a regular file.
    package init(path: String) throws(FileIOError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemFailure(path, "cannot open") }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let error = systemFailure(path, "cannot inspect")
            _ = close(descriptor)
            throw error
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            _ = close(descriptor)
            throw FileIOError(kind: .notRegularFile, path: path, message: "\(path): not a regular file")
        }
        self.descriptor = descriptor
        self.path = path
        self.size = Int(info.st_size)
    }

    deinit { _ = close(descriptor) }

    /// Up to `count` bytes from the current position; fewer only at the end of the file.
    package func read(upTo count: Int) throws(FileIOError) -> [UInt8] {
        var failure: FileIOError?
        let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 0)) { buffer, initialized in
            do throws(FileIOError) {
                initialized = try read(into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fills `buffer` from the current position; returns how many bytes it read, fewer than
    /// `buffer.count` only at the end of the file. Nothing is allocated.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(FileIOError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let got = systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if got < 0 {
                if errno == EINTR { continue }
                throw systemFailure(path, "cannot read")
            }
            if got == 0 { break }
            filled += got
        }
        return filled
    }

    /// The whole file at `path`, refusing one larger than `maxBytes` before reading any of it.
    package static func contents(ofFileAt path: String, maxBytes: Int) throws(FileIOError) -> [UInt8] {
        let file = try ReadableFile(path: path)
        guard file.size <= max(maxBytes, 0) else {
            throw FileIOError(kind: .tooLarge, path: path, message: "\(path): the file is \(file.size) bytes, more than the limit of \(maxBytes)")
        }
        return try file.read(upTo: file.size)
    }
}
