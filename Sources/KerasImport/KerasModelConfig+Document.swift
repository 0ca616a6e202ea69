import FileIO

extension KerasModelConfig {
    /// Parses a configuration that comes as a document of its own: the `config.json` of a
    /// `.keras` archive, or what `model.to_json()` wrote for a weights-only file. Anything else
    /// (not UTF-8, not JSON, a layer's configuration, a `.keras` archive's `metadata.json`) is
    /// refused with a message that says what it is instead.
    init(document bytes: [UInt8], file: String) throws(KerasImportError) {
        func refuse(_ message: String) -> KerasImportError {
            KerasImportError(.malformedConfig, file: file, message + "; expected a Keras model configuration (what model.to_json() writes)")
        }
        guard bytes.count <= JSONValue.maxBytes else {
            throw KerasImportError(.malformedConfig, file: file, "the config is \(bytes.count) bytes, more than the limit of \(JSONValue.maxBytes)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw refuse("not UTF-8 text") }
        guard let root = JSONValue.parse(text) else { throw refuse("not valid JSON") }
        guard case .object(let members) = root else { throw refuse("the JSON is \(root.brief), not an object") }
        guard let className = members["class_name"]?.string else {
            if members["keras_version"] != nil, members["date_saved"] != nil {
                throw refuse("this is a .keras archive's metadata.json")
            }
            if members["class_name"] == nil, members["config"] == nil, members["layers"] != nil {
                throw refuse("a bare model config object, without its 'class_name' and 'config' wrapper")
            }
            throw refuse("the JSON has no 'class_name'")
        }
        guard members["config"]?["layers"]?.array != nil else {
            throw refuse("class \(className.quotedForMessage) has no 'config.layers' list: a layer's configuration, not a model's")
        }
        try self.init(json: text, file: file)
    }
}
