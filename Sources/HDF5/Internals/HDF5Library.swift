import CHDF5
import Foundation

/// Serializes every call into libhdf5. Debian's build is thread-safe, but many builds (Homebrew's,
/// self-built ones) are not, and even the thread-safe one takes a global lock inside. The lock is
/// recursive because handles close themselves in `deinit`, which may run inside a locked section.
private let hdf5Lock = NSRecursiveLock()
nonisolated(unsafe) private var hdf5Initialized = false

/// Access property lists whose external-link callback refuses every traversal, so a file cannot
/// make the reader open other files through an external link. Created once, by `withHDF5`, and
/// never closed; read them with the lock held.
enum HDF5Access {
    /// For `H5Lexists` and `H5Oget_info_by_name`.
    nonisolated(unsafe) fileprivate(set) static var link: hid_t = -1
    /// For `H5Gopen2`.
    nonisolated(unsafe) fileprivate(set) static var group: hid_t = -1
    /// For `H5Dopen2`.
    nonisolated(unsafe) fileprivate(set) static var dataset: hid_t = -1
}

/// Runs `body` with the library lock held, after silencing HDF5's automatic error printing.
func withHDF5<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
    hdf5Lock.lock()
    defer { hdf5Lock.unlock() }
    // In a thread-safe build (Debian's) each thread has its own error stack and its own printing
    // setting, so silencing once only silenced the first thread: every other thread (a test
    // runner's, a server's) had libhdf5 print its whole error stack to stderr on each failed call.
    _ = chdf5_silence_errors()
    if !hdf5Initialized {
        _ = H5open()
        // On failure they stay -1, and every call that uses them fails: closed, not open.
        HDF5Access.link = chdf5_access_without_external_links(0)
        HDF5Access.group = chdf5_access_without_external_links(1)
        HDF5Access.dataset = chdf5_access_without_external_links(2)
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
