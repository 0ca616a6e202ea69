#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FuzzSupport
import KerasImport
import LSTMW

// Fuzzes the HDF5 import path the way `lstm-convert` uses it: the input is written to a file and
// opened with `KerasModelFile(path:)`; then `modelDescription()` (convert), every weight read
// (explain), and the .lstmw encoding of an accepted description. libhdf5 itself is C and not
// instrumented: the point is that our wrapper never crashes, hangs or over-allocates on what the
// library hands back. Seeds: the Keras fixtures (see tools/fuzz.sh).

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
    do {
        let model = try KerasModelFile(path: path)
        _ = model.generation
        for layer in model.layers {
            for weight in layer.weights {
                do {
                    let tensor = try model.read(weight)
                    FuzzCheck.require(tensor.shape == weight.shape, "read \(weight.datasetPath) with another shape")
                } catch {
                    FuzzCheck.oneLine(error.description, "read")
                }
            }
        }
        let description = try model.modelDescription()
        let encoded = Result { () throws(LSTMWError) in try LSTMWFile.encode(description) }
        switch encoded {
        case .success(let bytes):
            FuzzCheck.require(try LSTMWFile.decode(bytes) == description, "an imported model does not round-trip")
        case .failure(let error):
            // The writer may refuse only what the default reader would (a size over its limits).
            FuzzCheck.require(error.code == .limitExceeded, "an imported model does not encode: \(error)")
            FuzzCheck.oneLine(error.description, "encode")
        }
    } catch let error as KerasImportError {
        FuzzCheck.oneLine(error.description, "import")
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}

/// The entry point SwiftPM links as `main` (see CFuzzer.h).
@_cdecl("fuzz_hdf5_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOneInput)
}
