import FileIO
import Foundation
import LSTMW

/// The `explain` text for a .lstmw file: every tensor's shape and byte range, and the Keras block it came from.
///
/// Strings from the header (producer, source, layer names) are shown escaped (`shownFromFile`).
struct LSTMWExplanation {
    let path: String
    let directory: LSTMWFile.Directory
    let model: ModelDescription
    let samples: Int

    init(path: String, samples: Int) throws {
        // The library reads enforce LSTMWFile.Limits (a file over 4 GiB is refused before it is
        // read) and their errors start with the path.
        let url = URL(fileURLWithPath: path)
        self.directory = try LSTMWFile.inspect(contentsOf: url)
        self.model = try LSTMWFile.read(contentsOf: url)
        self.path = path
        self.samples = samples
    }

    var text: String {
        let source = directory.source
        var lines = [
            "\(path.shownFromFile(maxLength: .max)): .lstmw \(directory.version), \(directory.fileLength) bytes, written by \(directory.producer.shownFromFile)",
            "from \(source.kerasVersion.map { "Keras \($0.shownFromFile)" } ?? "unknown Keras")\(source.backend.map { " (\($0.shownFromFile))" } ?? ""), "
                + "\(source.modelClass?.shownFromFile ?? "model") \(source.modelName?.quotedForMessage ?? "'?'")",
            model.graph == nil
                ? "input [batch, \(directory.timeSteps.map(String.init) ?? "time"), \(directory.inputFeatures)]; header bytes \(directory.headerRange), data bytes \(directory.dataRange)"
                : "inputs \(model.inputTensors.map(Self.shape).joined(separator: ", ")); outputs \(model.outputTensors.map(Self.shape).joined(separator: ", ")); header bytes \(directory.headerRange), data bytes \(directory.dataRange)",
            directory.testVector.map { vector in
                let entries = { (entries: [LSTMWFile.Directory.TensorEntry]) in
                    entries.map { "\($0.shape) at bytes \($0.byteRange)" }.joined(separator: ", ")
                }
                let plural = vector.inputs.count > 1 || vector.expectedOutputs.count > 1 ? "s" : ""
                return "test vector: input\(plural) \(entries(vector.inputs)), expected output\(plural) \(entries(vector.expectedOutputs)) (check with: lstm-convert verify \(path))"
            } ?? "test vector: none",
        ]
        for (index, (entry, layer)) in zip(directory.layers, model.layers).enumerated() {
            lines.append("")
            let reads = model.graph.map { graph in ", reads " + graph.layerInputs[index].map { $0.description.shownFromFile }.joined(separator: ", ") } ?? ""
            lines.append("layer \(entry.name.quotedForMessage) (\(layer.kerasClassName)), \(entry.inputSize) → \(entry.units)\(activations(layer))\(reads)")
            for tensor in entry.tensors {
                let origin = kerasOrigin(of: tensor, units: entry.units)
                let bytes = "bytes \(tensor.byteRange.lowerBound)..<\(tensor.byteRange.upperBound)"
                var line = "  \(padded(tensor.name, 7))\(padded("\(tensor.shape)", 10)) \(padded(bytes, 22)) \(padded(origin, 40))"
                if samples > 0, let values = values(of: tensor, in: layer) { line += renderSample(values, count: samples) }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    private func activations(_ layer: Layer) -> String {
        switch layer {
        case .lstm(let lstm): ", activation \(lstm.activation.rawValue), recurrent_activation \(lstm.recurrentActivation.rawValue)\(lstm.stateful ? ", stateful" : "")"
        case .dense(let dense): ", activation \(dense.activation.rawValue)"
        case .gru(let gru): ", activation \(gru.activation.rawValue), recurrent_activation \(gru.recurrentActivation.rawValue), reset_after \(gru.resetAfter)\(gru.stateful ? ", stateful" : "")"
        case .simpleRNN(let rnn): ", activation \(rnn.activation.rawValue)\(rnn.stateful ? ", stateful" : "")"
        case .bidirectional(let layer): ", merge_mode \(layer.mergeMode.rawValue), each direction a \(layer.forward.kerasClassName)\(activations(layer.forward))"
        case .embedding(let layer): ", input_dim \(layer.inputDim), mask_zero \(layer.maskZero)"
        case .masking(let layer): ", mask_value \(layer.maskValue)"
        case .activation(let layer): ", activation \(layer.activation.rawValue)"
        case .layerNormalization(let layer): ", epsilon \(layer.epsilon)"
        case .batchNormalization(let layer): ", epsilon \(layer.epsilon)"
        case .conv1D(let conv): ", kernel_size \(conv.kernelSize), strides \(conv.strides), dilation_rate \(conv.dilation), padding \(conv.padding.rawValue), activation \(conv.activation.rawValue)"
        case .pooling1D(let pooling): ", pool_size \(pooling.poolSize), strides \(pooling.strides), padding \(pooling.padding.rawValue)"
        case .globalPooling1D, .flatten, .repeatVector: ""
        case .swapBatchTime: ", batch and time axes swapped (Keras 2 time_major)"
        case .reshape(let reshape): ", \(reshape.inputShape) → \(reshape.targetShape)"
        case .merge(let merge): ", \(merge.inputCount) tensors"
        case .concatenate(let concatenate): ", input sizes \(concatenate.inputSizes)"
        }
    }

    /// Where the tensor sits in the Keras weights it was unpacked from.
    private func kerasOrigin(of tensor: LSTMWFile.Directory.TensorEntry, units: Int) -> String {
        let direction = tensor.name.split(separator: "/").first.flatMap { ["forward", "backward"].contains($0) ? String($0) : nil }
        if let direction {
            var inner = tensor
            inner.name = String(tensor.name.dropFirst(direction.count + 1))
            let wrapperUnits = directory.layers.first { $0.tensors.contains(tensor) }.map { entry in
                entry.tensors.first { $0.name.hasSuffix("U_i") || $0.name.hasSuffix("U_z") || $0.name.hasSuffix("/U") }?.shape.first ?? units
            } ?? units
            return kerasOrigin(of: inner, units: wrapperUnits).replacingOccurrences(of: "= Keras ", with: "= Keras \(direction)_layer ")
        }
        if let gate = tensor.gruGate {
            let (start, end) = (gate.index * units, (gate.index + 1) * units)
            switch tensor.name.prefix(2) {
            case "W_": return "= Keras kernel[:, \(start):\(end)]"
            case "U_": return "= Keras recurrent_kernel[:, \(start):\(end)]"
            case "rb": return "= Keras bias[1, \(start):\(end)]"
            default:
                let resetAfter = directory.layers.first { $0.tensors.contains { $0.offset == tensor.offset } }?
                    .tensors.contains { $0.name.split(separator: "/").last?.hasPrefix("rb_") == true } ?? false
                return resetAfter ? "= Keras bias[0, \(start):\(end)]" : "= Keras bias[\(start):\(end)]"
            }
        }
        switch tensor.name {
        case "W": return "= Keras kernel"
        case "U": return "= Keras recurrent_kernel"
        case "b": return "= Keras bias"
        default: break
        }
        guard let gate = tensor.gate else { return "= Keras \(tensor.name)" }
        let (start, end) = (gate.index * units, (gate.index + 1) * units)
        switch tensor.name.first {
        case "W": return "= Keras kernel[:, \(start):\(end)]"
        case "U": return "= Keras recurrent_kernel[:, \(start):\(end)]"
        default: return "= Keras bias[\(start):\(end)]"
        }
    }

    /// The first row of the tensor's values.
    private func values(of tensor: LSTMWFile.Directory.TensorEntry, in layer: Layer) -> ArraySlice<Float>? {
        let stored: Tensor?
        switch layer {
        case .lstm(let lstm):
            guard let gate = tensor.gate else { return nil }
            switch tensor.name.first {
            case "W": stored = lstm.kernel[gate]
            case "U": stored = lstm.recurrentKernel[gate]
            default: stored = lstm.bias?[gate]
            }
        case .dense(let dense):
            stored = tensor.name == "kernel" ? dense.kernel : dense.bias
        case .gru(let gru):
            guard let gate = tensor.gruGate else { return nil }
            switch tensor.name.prefix(2) {
            case "W_": stored = gru.kernel[gate]
            case "U_": stored = gru.recurrentKernel[gate]
            case "rb": stored = gru.recurrentBias?[gate]
            default: stored = gru.bias?[gate]
            }
        case .simpleRNN(let rnn):
            switch tensor.name {
            case "W": stored = rnn.kernel
            case "U": stored = rnn.recurrentKernel
            default: stored = rnn.bias
            }
        case .bidirectional(let wrapper):
            let parts = tensor.name.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            var inner = tensor
            inner.name = parts[1]
            return values(of: inner, in: parts[0] == "forward" ? wrapper.forward : wrapper.backward)
        case .embedding(let embedding):
            stored = embedding.embeddings
        case .conv1D(let conv):
            stored = tensor.name == "kernel" ? conv.kernel : conv.bias
        case .masking, .activation, .pooling1D, .globalPooling1D, .flatten, .reshape, .repeatVector, .merge, .concatenate,
             .swapBatchTime:
            stored = nil
        case .layerNormalization(let norm):
            stored = tensor.name == "gamma" ? norm.gamma : norm.beta
        case .batchNormalization(let norm):
            stored = ["gamma": norm.gamma, "beta": norm.beta, "moving_mean": norm.movingMean,
                      "moving_variance": norm.movingVariance][tensor.name] ?? nil
        }
        guard let stored, let width = stored.shape.last else { return nil }
        return stored.values.prefix(width)
    }

    /// `name [batch, time, features]` for a graph input or output.
    private static func shape(_ tensor: ModelTensor) -> String {
        let time = tensor.timeSteps.map(String.init) ?? "time"
        let axes = tensor.isTokens ? "[batch, \(time)] token ids" : tensor.isSequence ? "[batch, \(time), \(tensor.features)]" : "[batch, \(tensor.features)]"
        return "\(tensor.name.shownFromFile) \(axes)"
    }
}
