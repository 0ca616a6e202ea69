#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Android)
import Android
#endif
import Foundation

/// The few POSIX file operations ``LSTMWFile`` needs, with errors that name the path and say
/// what failed.
enum FileSystem {
    /// The whole regular file at `path`, refusing one larger than `maxBytes` before reading it.
    ///
    /// Reads into memory rather than mapping the file, so a file truncated by another process
    /// while it is being decoded shows up as a short read, never as a crash.
    static func contents(ofFileAt path: String, maxBytes: Int) throws(LSTMWError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open \(path)") }
        defer { _ = close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure("cannot inspect \(path)") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw LSTMWError(.io, "\(path) is not a regular file")
        }
        guard info.st_size <= max(maxBytes, 0) else {
            throw LSTMWError(.limitExceeded, "\(path): the file is \(info.st_size) bytes, more than the limit of \(maxBytes)")
        }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, size - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read \(path)")
            }
            if count == 0 { break }  // the file shrank while being read; decoding reports it as truncated
            filled += count
        }
        if filled < size { bytes.removeSubrange(filled...) }
        return bytes
    }

    /// Writes `bytes` to `path` atomically: into a new temporary file in the same directory,
    /// flushed to disk, then renamed over `path`. On any failure the temporary file is removed
    /// and `path` is left as it was.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(LSTMWError) {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent().path
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create a temporary file in \(directory) for \(path)") }
        var isOpen = true
        var isRenamed = false
        defer {
            if isOpen { _ = close(descriptor) }
            if !isRenamed { _ = unlink(temporary) }
        }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write \(path)")
            }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw failure("cannot flush \(path) to disk") }
        isOpen = false
        guard close(descriptor) == 0 else { throw failure("cannot write \(path)") }
        guard rename(temporary, path) == 0 else { throw failure("cannot replace \(path)") }
        isRenamed = true
        syncDirectory(directory)
    }

    /// Flushes the directory entry of a rename to disk, where the platform allows; best effort,
    /// since the file itself is complete either way.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    /// An ``LSTMWError/Code/io`` error: `what`, then the system's reason for the current `errno`.
    private static func failure(_ what: String) -> LSTMWError {
        let code = errno
        return LSTMWError(.io, "\(what): \(String(cString: strerror(code))) (errno \(code))")
    }
}
