import FuzzSupport
import NPY

// Fuzzes the .npy reader, `NPYFile.decode`. Besides "no crash": every error is one short line, and
// an accepted float32 array re-encodes to bytes that decode to the same shape and bit patterns.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    do {
        let array = try NPYFile.decode(bytes)
        let count = array.shape.reduce(1, *)
        FuzzCheck.require(count == array.count, "shape \(array.shape) but \(array.count) elements")
        if array.dtype == .float32 {
            let values = array.floatValues()
            let again = try NPYFile.decode(NPYFile.encode(float32: values, shape: array.shape))
            FuzzCheck.require(again.shape == array.shape, "round trip changed the shape")
            FuzzCheck.require(again.floatValues().map(\.bitPattern) == values.map(\.bitPattern), "round trip changed values")
        }
    } catch {
        FuzzCheck.oneLine(error.description, "decode")
    }
    return 0
}

/// The entry point SwiftPM links as `main` (see CFuzzer.h).
@_cdecl("fuzz_npy_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOneInput)
}
