import LSTMW

/// Packs the recurrent and Dense layers of a `.lstmw` file into the runtime's layout straight
/// from the file's bytes while `LSTMWFile` reads and checks it, so loading never holds a decoded
/// copy of those weights next to the packed one. Other layers come decoded, as `Layer`s.
struct PackingSink: LSTMWWeightSink {
    private var targets: [WeightTarget?] = []

    mutating func begin(_ layers: [Layer]) -> [Bool] {
        targets = layers.map(WeightTarget.init)
        return targets.map { $0 != nil }
    }

    mutating func receive(layer: Int, tensor: Int, bytes: UnsafeRawBufferPointer) {
        targets[layer]?.receive(tensor, bytes)
    }

    /// The packed layers of `description`, the checked model the read returned (with
    /// placeholders for the weights this sink took).
    func packedLayers(_ description: ModelDescription) -> [PackedLayer] {
        zip(description.layers, targets).map { layer, target in target?.packed(layer) ?? PackedLayer(layer) }
    }
}

/// The packed arrays of one recurrent or Dense layer, filled tensor by tensor.
private final class WeightTarget {
    /// kernel, recurrent panels, candidate panels (GRU, reset before), bias, recurrent bias.
    private var arrays: [[Float]]
    /// Per file tensor: which array, and where in it (nil: copied as it is, row-major).
    private let destinations: [(array: Int, place: PanelLayout.Destination?)]
    /// The two directions of a Bidirectional layer.
    private let directions: (forward: WeightTarget, backward: WeightTarget)?

    /// The target for `layer`, or nil if the runtime keeps its weights as tensors.
    init?(_ layer: Layer) {
        switch layer {
        case .lstm(let cell):
            directions = nil
            let layout = PanelLayout(gates: 4, units: cell.units)
            destinations = (0..<4).map { (0, layout.panelDestination(gate: $0, rows: cell.inputSize)) }
                + (0..<4).map { (1, layout.panelDestination(gate: $0, rows: cell.units)) }
                + (cell.bias == nil ? [] : (0..<4).map { (3, layout.biasDestination(gate: $0)) })
        case .gru(let cell):
            directions = nil
            let layout = PanelLayout(gates: 3, units: cell.units)
            let recurrent = cell.resetAfter
                ? (0..<3).map { (1, layout.panelDestination(gate: $0, rows: cell.units)) }
                : (0..<2).map { (1, PanelLayout(gates: 2, units: cell.units).panelDestination(gate: $0, rows: cell.units)) }
                    + [(2, PanelLayout(gates: 1, units: cell.units).panelDestination(gate: 0, rows: cell.units))]
            destinations = (0..<3).map { (0, layout.panelDestination(gate: $0, rows: cell.inputSize)) } + recurrent
                + (cell.bias == nil ? [] : (0..<3).map { (3, layout.biasDestination(gate: $0)) })
                + (cell.recurrentBias == nil ? [] : (0..<3).map { (4, layout.biasDestination(gate: $0)) })
        case .simpleRNN(let cell):
            directions = nil
            let layout = PanelLayout(gates: 1, units: cell.units)
            destinations = [(0, layout.panelDestination(gate: 0, rows: cell.inputSize)),
                            (1, layout.panelDestination(gate: 0, rows: cell.units))]
                + (cell.bias == nil ? [] : [(3, layout.biasDestination(gate: 0))])
        case .dense(let dense):
            directions = nil
            destinations = [(0, nil)] + (dense.bias == nil ? [] : [(3, nil)])
            arrays = [[Float](repeating: 0, count: dense.inputSize * dense.units), [], [],
                      dense.bias == nil ? [] : [Float](repeating: 0, count: dense.units), []]
            return
        case .bidirectional(let layer):
            guard let forward = WeightTarget(layer.forward), let backward = WeightTarget(layer.backward) else { return nil }
            directions = (forward, backward)
            destinations = []
            arrays = []
            return
        default:
            return nil
        }
        var arrays = [[Float]](repeating: [], count: 5)
        for (array, place) in destinations where arrays[array].isEmpty {
            arrays[array] = [Float](repeating: 0, count: place!.packedCount)
        }
        self.arrays = arrays
    }

    /// Places file tensor `index` of the layer.
    func receive(_ index: Int, _ bytes: UnsafeRawBufferPointer) {
        if let (forward, backward) = directions {
            let half = forward.destinations.count
            index < half ? forward.receive(index, bytes) : backward.receive(index - half, bytes)
            return
        }
        let (array, place) = destinations[index]
        arrays[array].withUnsafeMutableBufferPointer { packed in
            if let place {
                place.scatter(littleEndian: bytes, into: packed)
            } else {
                precondition(bytes.count == 4 * packed.count, "tensor and packed sizes disagree")
                for i in 0..<packed.count {
                    packed[i] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            }
        }
    }

    /// The packed layer, with the options of `layer` (whose weights are placeholders).
    func packed(_ layer: Layer) -> PackedLayer {
        let weights = PackedWeights(kernel: arrays.first ?? [], recurrent: arrays.count > 1 ? arrays[1] : [],
                                    candidate: arrays.count > 2 ? arrays[2] : [],
                                    bias: arrays.count > 3 ? arrays[3] : [], recurrentBias: arrays.count > 4 ? arrays[4] : [])
        let forward: PackedLayer
        switch layer {
        case .lstm(let cell): forward = .lstm(PackedLSTM(cell, weights: weights))
        case .gru(let cell): forward = .gru(PackedGRU(cell, weights: weights))
        case .simpleRNN(let cell): forward = .simpleRNN(PackedSimpleRNN(cell, weights: weights))
        case .dense(let dense): return .dense(PackedDense(dense, weights: weights))
        case .bidirectional(let wrapper):
            guard let (ahead, behind) = directions, case .backwards(let backward) = behind.packed(wrapper.backward) else {
                preconditionFailure("a validated Bidirectional's backward layer reads backwards")
            }
            return .bidirectional(PackedBidirectional(wrapper, forward: ahead.packed(wrapper.forward), backward: backward))
        default: preconditionFailure("no packed weights for \(layer.kerasClassName)")
        }
        return layer.goBackwards ? .backwards(forward) : forward
    }
}

/// A layer's weights already in the runtime's layout (empty where the layer has none).
struct PackedWeights {
    var kernel: [Float]
    var recurrent: [Float]
    var candidate: [Float]
    var bias: [Float]
    var recurrentBias: [Float]
}
