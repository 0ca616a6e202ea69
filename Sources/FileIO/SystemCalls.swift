#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Android)
import Android
#endif

// The POSIX calls this module makes, spelled so they cannot collide with methods named read/write.

func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

/// An error for `what` failing on `path`, with the system's reason for the current `errno`.
func systemFailure(_ path: String, _ what: String) -> FileIOError {
    let code = errno
    return FileIOError(kind: .system, path: path, message: "\(path): \(what): \(String(cString: strerror(code))) (errno \(code))")
}
