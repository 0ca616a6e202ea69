/// Where a layer keeps its variables below its group of a Keras 3 weights file, and what each
/// variable's number means. Keras numbers a layer's variables in the order the layer creates
/// them, which for some classes depends on the configuration:
///
/// ```
/// LSTM, GRU, SimpleRNN  cell/vars             kernel, recurrent_kernel, bias (if use_bias)
/// Dense, Conv1D         vars                  kernel, bias (if use_bias)
/// Embedding             vars                  embeddings
/// LayerNormalization    vars                  gamma (if scale), beta (if center)
/// BatchNormalization    vars                  gamma (if scale), beta (if center), moving_mean, moving_variance
/// TimeDistributed       layer/…               the wrapped layer's
/// Bidirectional         forward_layer/…       the wrapped layer's
///                       backward_layer/…      the backward_layer's (the wrapped layer's if none is given)
/// pooling, Flatten, …   (none)
/// ```
struct KerasVariableLayout: Equatable {
    /// One group of numbered variables, such as `cell/vars`, with their roles in numbering order.
    struct Folder: Equatable {
        let path: String
        let roles: [String]
    }

    let folders: [Folder]

    /// Classes the importer converts that create no variables.
    static let weightlessClasses: Set<String> = [
        "Masking", "Activation", "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D",
        "Flatten", "Reshape", "RepeatVector",
    ]

    /// The layout of a layer of `className` configured by `config`; `nil` for classes the
    /// importer does not read (their variables keep their paths as roles, so it refuses them by name).
    static func of(_ className: String, config: JSONValue) -> KerasVariableLayout? {
        func flag(_ key: String) -> Bool { config[key]?.bool ?? true }
        func optional(_ role: String, _ present: Bool) -> [String] { present ? [role] : [] }
        func wrapped(_ key: String) -> KerasVariableLayout? {
            guard let entry = config[key], let inner = entry["class_name"]?.string else { return nil }
            return of(inner, config: entry["config"] ?? .null)
        }
        let normalization = optional("gamma", flag("scale")) + optional("beta", flag("center"))
        switch className {
        case "LSTM", "GRU", "SimpleRNN":
            return KerasVariableLayout("cell/vars", ["kernel", "recurrent_kernel"] + optional("bias", flag("use_bias")))
        case "Dense", "Conv1D":
            return KerasVariableLayout("vars", ["kernel"] + optional("bias", flag("use_bias")))
        case "Embedding":
            return KerasVariableLayout("vars", ["embeddings"])
        case "LayerNormalization":
            return KerasVariableLayout("vars", normalization)
        case "BatchNormalization":
            return KerasVariableLayout("vars", normalization + ["moving_mean", "moving_variance"])
        case "TimeDistributed":
            return wrapped("layer")?.inside("layer")
        case "Bidirectional":
            let backward = config["backward_layer"].map { $0.isNull ? "layer" : "backward_layer" } ?? "layer"
            guard let forward = wrapped("layer"), let reverse = wrapped(backward) else { return nil }
            return KerasVariableLayout(folders: forward.inside("forward_layer").folders + reverse.inside("backward_layer").folders)
        case _ where weightlessClasses.contains(className):
            return KerasVariableLayout(folders: [])
        default:
            return nil
        }
    }

    /// The folder (an index into ``folders``) and number of the variable at `relative` (a path
    /// below the layer's group), if it is one this layout has.
    func position(of relative: Substring) -> (folder: Int, index: Int)? {
        for (number, folder) in folders.enumerated() where relative.hasPrefix(folder.path + "/") {
            let digits = relative.dropFirst(folder.path.count + 1)
            guard let index = Int(digits), String(index) == digits, index >= 0, index < folder.roles.count else { return nil }
            return (number, index)
        }
        return nil
    }

    /// What the layout holds, for error messages: `at most 3 in layers/lstm/cell/vars/ (kernel, …)`.
    func summary(below prefix: String) -> String {
        guard !folders.isEmpty else { return "no variables" }
        return folders.map { "at most \($0.roles.count) in \(prefix)\($0.path)/ (\($0.roles.joined(separator: ", ")))" }
            .joined(separator: "; ")
    }

    private init(_ path: String, _ roles: [String]) {
        folders = [Folder(path: path, roles: roles)]
    }

    private init(folders: [Folder]) {
        self.folders = folders
    }

    private func inside(_ parent: String) -> KerasVariableLayout {
        KerasVariableLayout(folders: folders.map { Folder(path: parent + "/" + $0.path, roles: $0.roles) })
    }
}
