import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Android)
import Android
#endif

/// Writes whole files so that readers see the old file or the new one, never a part.
package enum AtomicFile {
    /// Writes `bytes` to `path`: into a new temporary file in the same directory, flushed to
    /// disk, then renamed over `path`. On any failure the temporary file is removed and `path`
    /// is left as it was.
    package static func write(_ bytes: [UInt8], to path: String) throws(FileIOError) {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent().path
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw systemFailure(path, "cannot create a temporary file in \(directory)") }
        var isOpen = true
        var isRenamed = false
        defer {
            if isOpen { _ = close(descriptor) }
            if !isRenamed { _ = unlink(temporary) }
        }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw systemFailure(path, "cannot write")
            }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw systemFailure(path, "cannot flush to disk") }
        isOpen = false
        guard close(descriptor) == 0 else { throw systemFailure(path, "cannot write") }
        guard rename(temporary, path) == 0 else { throw systemFailure(path, "cannot replace") }
        isRenamed = true
        syncDirectory(directory)
    }

    /// Flushes the directory entry of a rename to disk; best effort, since the file itself is
    /// complete either way.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }
}
