import FileIO

/// A tensor of a Keras Functional model as its configuration names it: output `tensor` of call
/// `node` of layer `layer` (Keras's `keras_history`, `[layer, node_index, tensor_index]`).
struct KerasTensorReference: Hashable, Sendable {
    var layer: String
    var node: Int
    var tensor: Int
}

/// The connections of a Functional model that is not a single chain: its inputs and outputs in
/// order; each layer's tensors are in its ``KerasLayerConfig/calls``.
struct KerasGraphConfig: Sendable {
    /// The names of the model's `InputLayer`s, in the model's input order.
    var inputs: [String]
    /// The model's outputs, in order.
    var outputs: [KerasTensorReference]
}

/// The tensors each call of a layer reads, in order, from Keras 2's nested lists
/// (`[[["inp", 0, 0, {}], ["enc", 0, 1, {}]]]`: a recurrent layer's initial states follow its input)
/// and Keras 3's `{"args": [...], "kwargs": {"initial_state": [...]}}` (made the same order).
///
/// - Returns: `nil` for a call that passes a tensor the importer cannot place: a mask tensor
///   or another keyword argument holding a tensor.
func kerasCalls(_ nodes: JSONValue?) -> [[KerasTensorReference]?] {
    guard let nodes = nodes?.array else { return [] }
    return nodes.map { node -> [KerasTensorReference]? in
        if let tensors = node.array {
            var references: [KerasTensorReference] = []
            for tensor in tensors {
                guard let entry = tensor.array, let reference = kerasReference(entry) else { return nil }
                if let kwargs = entry.dropFirst(3).first?.object,
                   kwargs.contains(where: { $0.key != "training" && !($0.value.isNull) }) {
                    return nil
                }
                references.append(reference)
            }
            return references
        }
        var references: [KerasTensorReference] = []
        guard collectHistories(node["args"], into: &references) else { return nil }
        for (key, value) in node["kwargs"]?.object ?? [:] {
            switch key {
            case "initial_state":
                guard collectHistories(value, into: &references) else { return nil }
            default:
                var found: [KerasTensorReference] = []
                guard collectHistories(value, into: &found), found.isEmpty else { return nil }
            }
        }
        return references
    }
}

/// `[layer, node, tensor]` (Keras 2 adds a kwargs object).
func kerasReference(_ entry: [JSONValue]) -> KerasTensorReference? {
    guard entry.count >= 3, let layer = entry[0].string, let node = entry[1].int, let tensor = entry[2].int,
          node >= 0, tensor >= 0 else { return nil }
    return KerasTensorReference(layer: layer, node: node, tensor: tensor)
}

/// Appends every `keras_history` under `value`, in order; false if one is malformed.
private func collectHistories(_ value: JSONValue?, into references: inout [KerasTensorReference]) -> Bool {
    switch value {
    case .object(let members)?:
        if let history = members["config"]?["keras_history"] ?? members["keras_history"] {
            guard let entry = history.array, let reference = kerasReference(entry) else { return false }
            references.append(reference)
            return true
        }
        for key in members.keys.sorted() where !collectHistories(members[key], into: &references) { return false }
        return true
    case .array(let items)?:
        for item in items where !collectHistories(item, into: &references) { return false }
        return true
    default:
        return true
    }
}

/// The model's `input_layers` or `output_layers`: Keras 2 writes `[["dense", 0, 0], …]`, Keras 3
/// `["dense", 0, 0]` for one tensor.
func kerasTensorList(_ value: JSONValue?) -> [KerasTensorReference]? {
    guard let items = value?.array else { return nil }
    if items.first?.string != nil { return kerasReference(items).map { [$0] } }
    var references: [KerasTensorReference] = []
    for item in items {
        guard let entry = item.array, let reference = kerasReference(entry) else { return nil }
        references.append(reference)
    }
    return references
}

/// Orders a graph's layers so that each comes after every layer it reads, keeping the
/// configuration's order where it already does; refuses layers called more than once and cycles.
func graphOrder(_ layers: [KerasLayerConfig], config: JSONValue,
                file: String) throws(KerasImportError) -> (layers: [KerasLayerConfig], graph: KerasGraphConfig) {
    func malformed(_ message: String) -> KerasImportError { KerasImportError(.malformedConfig, file: file, message) }
    let byName = Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    guard byName.count == layers.count else { throw malformed("two layers share a name") }
    guard let outputs = kerasTensorList(config["output_layers"]), !outputs.isEmpty else {
        throw malformed("the Functional model has no readable 'output_layers'")
    }
    // A layer called more than once (a shared layer) becomes one entry per call, each reading
    // its own tensors with the layer's weights; a call is keyed `name#call`.
    func key(_ layer: String, _ call: Int) -> String { "\(layer)#\(call)" }
    var reads: [String: [String]] = [:]
    var entries: [KerasLayerConfig] = []
    for layer in layers {
        guard layer.className != "InputLayer" else {
            entries.append(layer)
            continue
        }
        guard !layer.calls.isEmpty else {
            throw KerasImportError(.unsupported, file: file, "\(layer.label) is never called, so its inputs are unknown")
        }
        for (index, call) in layer.calls.enumerated() {
            guard let call else {
                throw KerasImportError(.unsupported, file: file, "\(layer.label) is called with a mask or another tensor passed by keyword; not supported yet")
            }
            for reference in call {
                guard let source = byName[reference.layer] else {
                    throw malformed("\(layer.label) takes input from unknown layer \(reference.layer.quotedForMessage)")
                }
                guard reference.node < max(source.calls.count, 1) else {
                    throw malformed("\(layer.label) reads call \(reference.node) of \(reference.layer.quotedForMessage), which is called \(source.calls.count) times")
                }
            }
            var entry = layer
            entry.call = index
            entries.append(entry)
            reads[key(layer.name, index)] = call.map { key($0.layer, $0.node) }
        }
    }
    // Every layer must lead to an output: Keras saves no others, so one that does not is a damaged config.
    var reached = Set<String>()
    var pending = outputs.map { key($0.layer, $0.node) }
    while let name = pending.popLast() {
        guard reached.insert(name).inserted else { continue }
        pending += reads[name] ?? []
    }
    let unused = entries.filter { !reached.contains(key($0.name, $0.call)) }.map(\.callName)
    guard unused.isEmpty else {
        throw KerasImportError(.unsupported, file: file, "layers \(quotedList(unused)) are not on the path from the inputs to the outputs")
    }
    guard let inputs = kerasTensorList(config["input_layers"]), !inputs.isEmpty else {
        throw malformed("the Functional model has no readable 'input_layers'")
    }
    for reference in inputs + outputs where byName[reference.layer] == nil {
        throw malformed("the model's inputs or outputs name unknown layer \(reference.layer.quotedForMessage)")
    }
    for input in inputs where byName[input.layer]?.className != "InputLayer" {
        throw malformed("model input \(input.layer.quotedForMessage) is not an InputLayer")
    }
    // Depth-first, in configuration order, emitting a layer once everything it reads is out:
    // linear in the layers and their inputs, and the configuration's order where it already works.
    enum Mark { case open, done }
    let byKey = Dictionary(entries.map { (key($0.name, $0.call), $0) }, uniquingKeysWith: { first, _ in first })
    var marks: [String: Mark] = [:]
    var order: [KerasLayerConfig] = []
    for root in entries.map({ key($0.name, $0.call) }) where marks[root] == nil {
        var stack: [(name: String, next: Int)] = [(root, 0)]
        marks[root] = .open
        while let top = stack.last {
            let sources = reads[top.name, default: []]
            if top.next < sources.count {
                stack[stack.count - 1].next += 1
                let source = sources[top.next]
                switch marks[source] {
                case nil: marks[source] = .open; stack.append((source, 0))
                case .open?: throw malformed("the layer graph has a cycle")
                case .done?: break
                }
            } else {
                stack.removeLast()
                marks[top.name] = .done
                order.append(byKey[top.name]!)
            }
        }
    }
    return (order, KerasGraphConfig(inputs: inputs.map(\.layer), outputs: outputs))
}
