import FileIO
import HDF5

/// Finds each layer's weights in the layout Keras 3 writes for `.keras` archives and
/// `save_weights("x.weights.h5")` (tf-keras too, with that suffix):
///
/// ```
/// layers/lstm/cell/vars/0, 1, 2     the first LSTM: kernel, recurrent_kernel, bias
/// layers/lstm_1/cell/vars/0, 1, 2   the second LSTM
/// layers/dense/vars/0, 1            the first Dense: kernel, bias
/// ```
///
/// A group is named after the layer's *class* (snake_case, `_k` for its k-th occurrence in the
/// config's layer order, InputLayer counted in Functional models only), not after the layer, and
/// the variables are numbered in the order the layer creates them, so their roles come from
/// ``KerasVariableLayout`` (which also knows where wrappers keep their inner layers' variables).
/// Keras 3 also writes the real layer name as `vars/@name`; where it is present it must agree. A group the config does not account for that holds variables, a
/// variable the class does not have, and a gap in the numbering are refused.
enum KerasSaveableWeights {
    /// The deepest group nesting searched below a layer's group, and the most variables one layer may have.
    static let maxDepth = 8
    static let maxVariables = 4096

    /// The weights of every layer of `config`, in the order of `config.layers`.
    static func locate(_ config: KerasModelConfig, in root: HDF5Group, file: String) throws(KerasImportError) -> [[KerasWeight]] {
        guard root.kind(of: "layers") == .group else {
            throw KerasImportError(.notAKerasModel, file: file, "no 'layers' group: not a Keras 3 weights file")
        }
        let layersGroup = try hdf5(file) { () throws(HDF5Error) in try root.group("layers") }
        let byName = Dictionary(config.layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let countsInputLayer = config.className != "Sequential"
        var occurrences: [String: Int] = [:]
        var claimed: Set<String> = []
        var weights: [String: [KerasWeight]] = [:]
        for name in config.declaredLayerNames {
            guard let layer = byName[name] else { continue }
            if layer.className == "InputLayer" && !countsInputLayer { continue }
            let base = snakeCase(layer.className)
            let index = occurrences[base, default: -1] + 1
            occurrences[base] = index
            let group = index == 0 ? base : "\(base)_\(index)"
            claimed.insert(group)
            guard layersGroup.kind(of: group) == .group else { continue }
            weights[name] = try variables(of: layer, in: try hdf5(file) { () throws(HDF5Error) in try layersGroup.group(group) },
                                          file: file)
        }
        let members = try hdf5(file) { () throws(HDF5Error) in try layersGroup.memberNames() }
        for member in members where !claimed.contains(member) && layersGroup.kind(of: member) == .group {
            let group = try hdf5(file) { () throws(HDF5Error) in try layersGroup.group(member) }
            if let first = try datasets(in: group, file: file).first {
                throw KerasImportError(.badWeights, file: file, "\(group.path) holds variables (\(first.path)) but no layer of the config maps to it; the config has \(config.layers.count) layers \(quotedList(config.layers.map(\.name)))")
            }
        }
        return config.layers.map { weights[$0.name] ?? [] }
    }

    /// The variables of `layer` in its `group`, with their roles.
    private static func variables(of layer: KerasLayerConfig, in group: HDF5Group,
                                  file: String) throws(KerasImportError) -> [KerasWeight] {
        func refuse(_ message: String) -> KerasImportError { KerasImportError(.badWeights, file: file, "\(layer.label): \(message)") }
        if group.kind(of: "vars") == .group {
            let vars = try hdf5(file) { () throws(HDF5Error) in try group.group("vars") }
            if vars.hasAttribute("name") {
                let recorded = try hdf5(file) { () throws(HDF5Error) in try vars.stringAttribute("name") }
                guard recorded == layer.name else {
                    throw refuse("its weights should be in \(group.path) by the config's layer order, but that group holds layer \(recorded.quotedForMessage) (its vars/@name)")
                }
            }
        }
        let found = try datasets(in: group, file: file)
        let prefix = group.path + "/"
        guard let layout = KerasVariableLayout.of(layer.className, config: layer.config) else {
            return found.map { KerasWeight(role: String($0.path.dropFirst(prefix.count)), name: String($0.path.dropFirst(1)),
                                           datasetPath: $0.path, shape: $0.shape) }
        }
        var byPosition: [[Int: (path: String, shape: [Int])]] = layout.folders.map { _ in [:] }
        for dataset in found {
            guard let (folder, index) = layout.position(of: dataset.path.dropFirst(prefix.count)) else {
                throw refuse("unexpected variable \(dataset.path); a \(layer.className.escapedForMessage()) layer keeps \(layout.summary(below: prefix))")
            }
            byPosition[folder][index] = (dataset.path, dataset.shape)
        }
        var weights: [KerasWeight] = []
        for (folder, variables) in zip(layout.folders, byPosition) {
            guard variables.keys.sorted() == Array(0..<variables.count) else {
                throw refuse("its variables in \(prefix)\(folder.path)/ are numbered \(variables.keys.sorted().map(String.init).joined(separator: ", ")), not 0 to \(variables.count - 1)")
            }
            weights += (0..<variables.count).map { index in
                let variable = variables[index]!
                return KerasWeight(role: folder.roles[index], name: String(variable.path.dropFirst(1)),
                                   datasetPath: variable.path, shape: variable.shape)
            }
        }
        return weights
    }

    /// Every dataset below `group`, depth first in name order, with its shape.
    private static func datasets(in group: HDF5Group, file: String, depth: Int = 0) throws(KerasImportError) -> [(path: String, shape: [Int])] {
        guard depth <= maxDepth else {
            throw KerasImportError(.badWeights, file: file, "\(group.path) nests groups more than \(maxDepth) deep")
        }
        var found: [(path: String, shape: [Int])] = []
        for member in try hdf5(file, { () throws(HDF5Error) in try group.memberNames() }) {
            switch group.kind(of: member) {
            case .group?:
                found += try datasets(in: try hdf5(file) { () throws(HDF5Error) in try group.group(member) }, file: file, depth: depth + 1)
            case .dataset?:
                let dataset = try hdf5(file) { () throws(HDF5Error) in try group.dataset(member) }
                found.append((dataset.path, try hdf5(file) { () throws(HDF5Error) in try dataset.shape() }))
            default:
                continue
            }
            guard found.count <= maxVariables else {
                throw KerasImportError(.badWeights, file: file, "\(group.path) holds more than \(maxVariables) variables")
            }
        }
        return found
    }

    /// Keras's `to_snake_case` of a class name (`SimpleRNN` → `simple_rnn`, `InputLayer` →
    /// `input_layer`, `LSTM` → `lstm`), step by step as its three regular expressions do it:
    /// drop non-word characters; `(.)([A-Z][a-z]+)` → `\1_\2`; `([a-z])([A-Z])` → `\1_\2`; lowercase.
    static func snakeCase(_ name: String) -> String {
        func isUpper(_ c: Character) -> Bool { c.isASCII && c.isUppercase }
        func isLower(_ c: Character) -> Bool { c.isASCII && c.isLowercase }
        let word = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        var first: [Character] = []
        var index = 0
        while index < word.count {
            first.append(word[index])
            if index + 2 < word.count, isUpper(word[index + 1]), isLower(word[index + 2]) {
                var end = index + 2
                while end < word.count, isLower(word[end]) { end += 1 }
                first.append("_")
                first += word[(index + 1)..<end]
                index = end
            } else {
                index += 1
            }
        }
        var second: [Character] = []
        index = 0
        while index < first.count {
            second.append(first[index])
            if index + 1 < first.count, isLower(first[index]), isUpper(first[index + 1]) {
                second += ["_", first[index + 1]]
                index += 2
            } else {
                index += 1
            }
        }
        return String(second).lowercased()
    }
}

extension KerasModelFile {
    /// The name Keras 3 gives the weight group of the first layer of class `className` in a
    /// `.keras` archive or `.weights.h5` file (`layers/<name>`; later ones get `_1`, `_2`, …).
    public static func weightGroupName(ofClass className: String) -> String {
        KerasSaveableWeights.snakeCase(className)
    }
}
