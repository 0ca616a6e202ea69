import FileIO
/// One entry of a Keras model configuration's `layers` list.
public struct KerasLayerConfig: Sendable {
    /// The Keras class, such as `"LSTM"`.
    public let className: String
    /// The layer's name, unique within the model.
    public let name: String
    let config: JSONValue
    /// The names of the layers feeding this one (Functional models); empty for Sequential ones.
    let inboundLayers: [[String]]
    /// The tensors each call reads (Functional models), `nil` for a call the importer cannot place.
    var calls: [[KerasTensorReference]?] = []
    /// Which call of a layer called more than once (a shared layer) this entry stands for, in a
    /// Functional graph's order; 0 otherwise.
    var call = 0

    /// The name of this call's layer in the description: the layer's own for its first call,
    /// `name#1`, `name#2`, … for the others (each a copy with the same weights).
    var callName: String { call == 0 ? name : "\(name)#\(call)" }

    /// `'name' (Class)`, the way errors name a layer.
    public var label: String { "layer \(name.quotedForMessage) (\(className.escapedForMessage()))" }
}

/// Typed reading of a layer's options; every failure names the layer and the key.
struct KerasLayerOptions {
    let layer: KerasLayerConfig
    let file: String

    func error(_ code: KerasImportError.Code, _ message: String) -> KerasImportError {
        KerasImportError(code, file: file, "\(layer.label): \(message)")
    }

    func value(_ key: String) -> JSONValue? {
        guard let value = layer.config[key], !value.isNull else { return nil }
        return value
    }

    func int(_ key: String) throws(KerasImportError) -> Int {
        guard let raw = value(key) else { throw error(.malformedConfig, "missing '\(key)'") }
        guard let number = raw.int else { throw error(.malformedConfig, "'\(key)' is \(raw.brief), expected an integer") }
        return number
    }

    func bool(_ key: String, default fallback: Bool) throws(KerasImportError) -> Bool {
        guard let raw = value(key) else { return fallback }
        guard let flag = raw.bool else { throw error(.malformedConfig, "'\(key)' is \(raw.brief), expected true or false") }
        return flag
    }

    func string(_ key: String, default fallback: String) throws(KerasImportError) -> String {
        guard let raw = value(key) else { return fallback }
        guard let text = raw.string else {
            throw error(.unsupported, "'\(key)' is \(raw.brief); only the built-in names are supported")
        }
        return text
    }

    /// Refuses the layer if `key` is set to anything but one of `allowed` (absent counts as allowed).
    func require(_ key: String, in allowed: [JSONValue], meaning: String) throws(KerasImportError) {
        guard let raw = layer.config[key], !allowed.contains(raw), !(raw.isNull && allowed.contains(.bool(false)))
        else { return }
        throw error(.unsupported, "option \(key)=\(raw.brief) is not supported yet (\(meaning))")
    }

    /// Refuses compute dtypes other than float32 (mixed precision changes the numbers Keras computes).
    func requireFloat32() throws(KerasImportError) {
        guard let dtype = layer.config["dtype"] else { return }
        let name = dtype.string ?? dtype["config"]?["name"]?.string
        guard let name else { return }
        guard name == "float32" else {
            throw error(.unsupported, "dtype policy \(name.quotedForMessage) is not supported yet; only float32 is")
        }
    }
}

extension KerasLayerConfig {
    /// A configuration value rendered for people: `tanh`, `8`, `true`; `nil` if the key is absent or null.
    public func setting(_ key: String) -> String? {
        guard let value = config[key], !value.isNull else { return nil }
        return value.string ?? value.brief
    }
}
