import KerasImport
import LSTMW

/// The titles `explain` prints for the GRU gates.
let gruGateTitles = ["z": "update gate", "r": "reset gate", "h": "candidate"]

extension KerasExplanation {
    /// For each gate g with block index k and u units: W_g = kernel[:, k*u:(k+1)*u], the same
    /// columns of recurrent_kernel, and of bias: row 0 (input, b_g) and row 1 (recurrent, rb_g)
    /// of a [2, 3u] bias (reset_after), or the elements of a [3u] one.
    func gruGateBlocks(of layer: KerasLayer) throws -> [String] {
        guard let kernelWeight = layer.weight("kernel"), kernelWeight.shape.count == 2, kernelWeight.shape[1] % 3 == 0 else {
            return ["  (no [input, 3 * units] kernel to split into gates)"]
        }
        let units = kernelWeight.shape[1] / 3
        let kernel = try keras.read(kernelWeight)
        let recurrent = try layer.weight("recurrent_kernel").map { try keras.read($0) }
        let bias = try layer.weight("bias").map { try keras.read($0) }
        var lines = ["  gate blocks, Keras order z, r, h (u = \(units) units; gate k owns columns k*u ..< (k+1)*u):"]
        for gate in GRUGate.allCases {
            let (start, end) = (gate.index * units, (gate.index + 1) * units)
            let name = gate.rawValue
            var blocks = ["W_\(name) = kernel[:, \(start):\(end)]"]
            var values = ["W_\(name)[0, :] = \(renderSample(kernel.columns(start..<end).values.prefix(units), count: samples))"]
            if let recurrent, recurrent.shape == [units, 3 * units] {
                blocks.append("U_\(name) = recurrent_kernel[:, \(start):\(end)]")
                values.append("U_\(name)[0, :] = \(renderSample(recurrent.columns(start..<end).values.prefix(units), count: samples))")
            }
            if let bias, bias.shape == [2, 3 * units] {
                blocks.append("b_\(name) = bias[0, \(start):\(end)]")
                blocks.append("rb_\(name) = bias[1, \(start):\(end)]")
                values.append("b_\(name) = \(renderSample(bias.values[start..<end], count: samples))")
                values.append("rb_\(name) = \(renderSample(bias.values[(3 * units + start)..<(3 * units + end)], count: samples))")
            } else if let bias, bias.shape == [3 * units] {
                blocks.append("b_\(name) = bias[\(start):\(end)]")
                values.append("b_\(name) = \(renderSample(bias.values[start..<end], count: samples))")
            }
            lines.append("    \(name)  \(padded(gruGateTitles[name]!, 15)) " + blocks.joined(separator: "   "))
            if samples > 0 { lines.append("       \(String(repeating: " ", count: 15)) " + values.joined(separator: "   ")) }
        }
        return lines
    }

    /// A SimpleRNN's three datasets under their `.lstmw` names.
    func simpleRNNBlocks(of layer: KerasLayer) -> [String] {
        var blocks = ["W = kernel", "U = recurrent_kernel"]
        if layer.weight("bias") != nil { blocks.append("b = bias") }
        return ["  h = activation(x · W + h · U\(layer.weight("bias") != nil ? " + b" : "")):   " + blocks.joined(separator: "   ")]
    }
}
