import FuzzSupport
import KerasImport
import LSTMW

// Fuzzes the `.keras` path the way `lstm-convert model.keras out.lstmw` uses it: the input is an
// archive held in memory, opened with `KerasModelFile(archiveBytes:path:)` (ZIPFoundation, entry
// checks, bounded extraction, `model.weights.h5` opened as an in-memory HDF5 image), then every
// weight is read (explain), `modelDescription()` built (convert) and the .lstmw round trip of an
// accepted description checked. Seeds: the .keras fixtures and corpus (see tools/fuzz.sh).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    do {
        let model = try KerasModelFile(archiveBytes: bytes, path: "fuzz.keras")
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
        let encoded = try LSTMWFile.encode(description)
        FuzzCheck.require(try LSTMWFile.decode(encoded) == description, "an imported model does not round-trip")
    } catch let error as KerasImportError {
        FuzzCheck.oneLine(error.description, "import")
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}

/// The entry point SwiftPM links as `main` (see CFuzzer.h).
@_cdecl("fuzz_keras_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOneInput)
}
