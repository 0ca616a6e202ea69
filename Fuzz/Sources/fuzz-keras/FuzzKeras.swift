import FuzzImport
import FuzzSupport
import KerasImport

// Fuzzes the `.keras` path the way `lstm-convert model.keras out.lstmw` uses it: the input is an
// archive held in memory, opened with `KerasModelFile(archiveBytes:path:)` (ZIPFoundation, entry
// checks, bounded extraction, `model.weights.h5` opened as an in-memory HDF5 image), then checked
// as `fuzzImport` says (every weight read, `modelDescription()`, the .lstmw round trip). Seeds:
// the .keras fixtures and corpus (see tools/fuzz.sh).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    fuzzImport { try KerasModelFile(archiveBytes: bytes, path: "fuzz.keras") }
    return 0
}

/// The entry point SwiftPM links as `main` (see CFuzzer.h).
@_cdecl("fuzz_keras_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOneInput)
}
