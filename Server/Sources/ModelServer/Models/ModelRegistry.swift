/// The models a server answers for, by name.
public struct ModelRegistry: Sendable {
    private let models: [String: ServedModel]
    /// The names, sorted.
    public let names: [String]

    /// - Throws: ``APIError`` if two models share a name (a configuration error, not a request's).
    public init(_ models: [ServedModel]) throws(APIError) {
        var byName: [String: ServedModel] = [:]
        for model in models {
            guard byName.updateValue(model, forKey: model.name) == nil else {
                throw APIError(.internalServerError, "two models are named \"\(model.name)\"")
            }
        }
        self.models = byName
        self.names = byName.keys.sorted()
    }

    /// Whether a model is served under `name`.
    public func contains(_ name: String) -> Bool { models[name] != nil }

    /// The model named `name`, at `version` if one is given.
    ///
    /// - Throws: ``APIError`` (404) if there is no such model or version.
    func model(named name: String, version: String? = nil) throws(APIError) -> ServedModel {
        guard let model = models[name] else {
            let available = names.isEmpty ? "none" : names.map { "\"\($0)\"" }.joined(separator: ", ")
            throw .notFound("no model named \"\(name)\"; this server has \(available)")
        }
        if let version, version != model.version {
            throw .notFound("model \"\(name)\" has no version \"\(version)\"; it has version \"\(model.version)\"")
        }
        return model
    }
}
