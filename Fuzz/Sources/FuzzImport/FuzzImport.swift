import FuzzSupport
import KerasImport
import LSTMW

/// What `fuzz-hdf5` and `fuzz-keras` check once KerasImport has a model file open, the way
/// `lstm-convert` uses it: every weight read (as `explain` does) gives its declared shape or a
/// one-line error; `modelDescription()` (as `convert` does); and an accepted description encodes
/// to `.lstmw` and decodes to the same model, or is refused by the writer only for a size over
/// the default reader's limits. Any `KerasImportError` must be one line; any other error fails.
///
/// - Parameter open: opens the fuzz input as a ``KerasModelFile``.
public func fuzzImport(_ open: () throws -> KerasModelFile) {
    do {
        let model = try open()
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
            FuzzCheck.require(error.code == .limitExceeded, "an imported model does not encode: \(error)")
            FuzzCheck.oneLine(error.description, "encode")
        }
    } catch let error as KerasImportError {
        FuzzCheck.oneLine(error.description, "import")
    } catch {
        fatalError("unexpected error type: \(error)")
    }
}
