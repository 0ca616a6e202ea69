#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FuzzImport
import FuzzSupport
import KerasImport

// Fuzzes the HDF5 import path the way `lstm-convert` uses it: the input is written to a file and
// opened with `KerasModelFile(path:)`, then checked as `fuzzImport` says (every weight read,
// `modelDescription()`, the .lstmw round trip). libhdf5 itself is C and not instrumented: the
// point is that our wrapper never crashes, hangs or over-allocates on what the library hands back. Seeds: the Keras fixtures (see tools/fuzz.sh).

private let path: String = {
    let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    return "\(directory)/lstm-fuzz-hdf5-\(getpid()).h5"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    guard let file = fopen(path, "wb") else { fatalError("cannot create \(path)") }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    defer { unlink(path) }
    fuzzImport { try KerasModelFile(path: path) }
    return 0
}

/// The entry point SwiftPM links as `main` (see CFuzzer.h).
@_cdecl("fuzz_hdf5_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOneInput)
}
