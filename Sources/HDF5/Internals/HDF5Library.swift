import CHDF5
import Foundation

/// Serializes every call into libhdf5. Debian's build is thread-safe, but many builds (Homebrew's,
/// self-built ones) are not, and even the thread-safe one takes a global lock inside. The lock is
/// recursive because handles close themselves in `deinit`, which may run inside a locked section.
private let hdf5Lock = NSRecursiveLock()
nonisolated(unsafe) private var hdf5Initialized = false

/// Runs `body` with the library lock held, after silencing HDF5's automatic error printing once.
func withHDF5<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
    hdf5Lock.lock()
    defer { hdf5Lock.unlock() }
    if !hdf5Initialized {
        _ = H5open()
        _ = chdf5_silence_errors()
        hdf5Initialized = true
    }
    return try body()
}

/// The most specific message on HDF5's error stack, then clears the stack. Call with the lock held.
func hdf5LastErrorMessage() -> String {
    var buffer = [CChar](repeating: 0, count: 512)
    let length = chdf5_last_error_message(&buffer, buffer.count)
    guard length > 0 else { return "" }
    return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Turns a negative identifier or status into an ``HDF5Error`` that says what was being done.
/// Call with the lock held.
func hdf5Check<T: BinaryInteger>(_ result: T, _ what: @autoclosure () -> String,
                                 code: HDF5Error.Code = .libraryError) throws(HDF5Error) -> T {
    guard result >= 0 else {
        let detail = hdf5LastErrorMessage()
        throw HDF5Error(code, detail.isEmpty ? what() : "\(what()): \(detail)")
    }
    return result
}
