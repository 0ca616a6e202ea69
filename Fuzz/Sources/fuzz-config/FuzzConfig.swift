import FuzzSupport
import KerasImport

// Fuzzes the interpretation of a Keras model configuration (the `model_config` JSON):
// `KerasModelConfig(json:file:)`, then every public view of an accepted configuration.
// Besides "no crash": every error is one short line.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
    do {
        let config = try KerasModelConfig(json: text, file: "fuzz.h5")
        for layer in config.layers {
            _ = layer.label
            for key in ["units", "activation", "recurrent_activation", "use_bias", "return_sequences"] {
                _ = layer.setting(key)
            }
        }
        _ = config.inputShape
    } catch {
        FuzzCheck.oneLine(error.description, "config")
    }
    return 0
}

/// The entry point SwiftPM links as `main` (see CFuzzer.h).
@_cdecl("fuzz_config_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOneInput)
}
