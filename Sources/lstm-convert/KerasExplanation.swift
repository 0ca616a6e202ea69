import FileIO
import KerasImport
import LSTMW

/// The `explain` text for a Keras model (.h5, .keras, or weights with a config), read from the
/// raw datasets so that it works for layers the converter refuses too.
///
/// Every string taken from the file (versions, names, class names, option values, dataset
/// paths) is shown escaped and cut as error messages show them (`shownFromFile`):
/// a hostile file can neither forge output lines nor send terminal escape sequences.
struct KerasExplanation {
    let keras: KerasModelFile
    let samples: Int

    init(path: String, config: String? = nil, samples: Int) throws {
        self.keras = try openKerasModel(path: path, config: config)
        self.samples = samples
    }

    var text: String {
        get throws {
            let version = keras.kerasVersion.map { "Keras \($0.shownFromFile)" } ?? "unknown Keras version"
            let backend = keras.backend.map { " (\($0.shownFromFile))" } ?? ""
            let name = keras.config.name?.quotedForMessage ?? "'?'"
            var lines = ["\(keras.path.shownFromFile(maxLength: .max)): \(version)\(backend), \(keras.config.className.shownFromFile) \(name)"]
            lines.append(origin)
            if let shape = keras.config.inputShape {
                lines.append("input " + "[" + shape.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + "]")
            }
            for layer in keras.layers {
                lines.append("")
                lines += try describe(layer)
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Where the configuration and the generation came from.
    private var origin: String {
        let generation = keras.generation.map { "Keras \($0 == .keras3 ? 3 : 2), from \(keras.generationEvidence ?? "?")" }
            ?? "Keras generation unknown (no keras_version, and the config's form does not tell)"
        return "config from \(keras.configLocation.shownFromFile(maxLength: .max)); \(generation.shownFromFile(maxLength: .max))"
    }

    private func describe(_ layer: KerasLayer) throws -> [String] {
        var lines = ["layer \(layer.name.quotedForMessage) (\(layer.className.shownFromFile))\(status(of: layer))\(settings(of: layer))"]
        let roles = layer.weights.map(\.role.shownFromFile)
        let width = (roles.map(\.count).max() ?? 0) + 2
        for (weight, role) in zip(layer.weights, roles) {
            lines.append("  \(padded(role, width))\(padded("\(weight.shape)", 10)) \(weight.datasetPath.shownFromFile(maxLength: 256))")
        }
        lines += try blocks(of: layer)
        for direction in layer.directions {
            lines.append("  direction \(direction.name.quotedForMessage) (\(direction.className.shownFromFile)):")
            lines += try blocks(of: direction).map { "  " + $0 }
        }
        return lines
    }

    /// The gate blocks of an LSTM or GRU, the kernels of a SimpleRNN; nothing for other layers.
    private func blocks(of layer: KerasLayer) throws -> [String] {
        switch layer.className {
        case "LSTM": try gateBlocks(of: layer)
        case "GRU": try gruGateBlocks(of: layer)
        case "SimpleRNN": simpleRNNBlocks(of: layer)
        default: []
        }
    }

    /// The options that decide what an LSTM, GRU, SimpleRNN or Dense layer computes.
    private func settings(of layer: KerasLayer) -> String {
        let keys = ["units", "filters", "kernel_size", "activation", "recurrent_activation", "use_bias", "return_sequences",
                    "reset_after", "go_backwards", "merge_mode", "input_dim", "output_dim", "mask_zero", "mask_value"]
        let shown = keys.compactMap { key in
            layer.config.setting(key).map { "\(key) \($0.shownFromFile)\(note(key: key, value: $0))" }
        }
        return shown.isEmpty ? "" : ": " + shown.joined(separator: ", ")
    }

    private func note(key: String, value: String) -> String {
        guard value == "hard_sigmoid" else { return "" }
        switch keras.generation {
        case .keras2: return " (Keras 2: clip(0.2x + 0.5, 0, 1))"
        case .keras3: return " (Keras 3: clip(x / 6 + 0.5, 0, 1))"
        case nil: return " (ambiguous: the Keras generation is unknown)"
        }
    }

    private func status(of layer: KerasLayer) -> String {
        switch layer.className {
        case _ where KerasModelFile.convertibleLayers.contains(layer.className): ""
        case _ where KerasModelFile.inferenceIdentityLayers.contains(layer.className): ": identity at inference, no weights used"
        default: ": not supported by the converter yet"
        }
    }

    /// For each gate g with block index k and u units: W_g = kernel[:, k*u:(k+1)*u], and the same
    /// columns of recurrent_kernel and elements of bias.
    private func gateBlocks(of layer: KerasLayer) throws -> [String] {
        guard let kernelWeight = layer.weight("kernel"), kernelWeight.shape.count == 2, kernelWeight.shape[1] % 4 == 0 else {
            return ["  (no [input, 4 * units] kernel to split into gates)"]
        }
        let units = kernelWeight.shape[1] / 4
        let kernel = try keras.read(kernelWeight)
        let recurrent = try layer.weight("recurrent_kernel").map { try keras.read($0) }
        let bias = try layer.weight("bias").map { try keras.read($0) }
        var lines = ["  gate blocks, Keras order i, f, c, o (u = \(units) units; gate k owns columns k*u ..< (k+1)*u):"]
        for gate in LSTMGate.allCases {
            let (start, end) = (gate.index * units, (gate.index + 1) * units)
            let name = gate.rawValue
            var blocks = ["W_\(name) = kernel[:, \(start):\(end)]"]
            var values = ["W_\(name)[0, :] = \(renderSample(kernel.columns(start..<end).values.prefix(units), count: samples))"]
            if let recurrent, recurrent.shape == [units, 4 * units] {
                blocks.append("U_\(name) = recurrent_kernel[:, \(start):\(end)]")
                values.append("U_\(name)[0, :] = \(renderSample(recurrent.columns(start..<end).values.prefix(units), count: samples))")
            }
            if let bias, bias.shape == [4 * units] {
                blocks.append("b_\(name) = bias[\(start):\(end)]")
                values.append("b_\(name) = \(renderSample(bias.values[start..<end], count: samples))")
            }
            lines.append("    \(name)  \(padded(gateTitles[name]!, 15)) " + blocks.joined(separator: "   "))
            if samples > 0 { lines.append("       \(String(repeating: " ", count: 15)) " + values.joined(separator: "   ")) }
        }
        return lines
    }
}
