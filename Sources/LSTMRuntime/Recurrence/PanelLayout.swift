import LSTMW

/// The runtime's layout of a recurrent layer's gates: units in blocks of 8, and within a block
/// the gates side by side, 8 floats each.
///
/// Column `(q * gates + g) * 8 + lane` of a packed kernel or bias holds gate `g` of unit
/// `8 * q + lane` (zero for the padding units past `units`). So the pre-activations of one block
/// are `8 * gates` contiguous floats, one cell update reads them at once, and threads split the
/// work by blocks. Kernels are stored as one panel per block, `[rows, 8 * gates]` row-major, so
/// the product of a block streams its panel from start to end (a row-major `[rows, width]`
/// kernel would put a block's rows `4 * width` bytes apart: a TLB miss and a cache-set conflict
/// per row for wide layers).
struct PanelLayout: Sendable, Equatable {
    /// Gate blocks per unit block: 4 for an LSTM (i, f, c, o), 3 for a GRU, 1 for a SimpleRNN.
    let gates: Int
    let units: Int

    /// Blocks of 8 units, the last padded.
    var blocks: Int { (units + 7) / 8 }
    /// `8 * blocks`: the padded width of a state row.
    var paddedUnits: Int { 8 * blocks }
    /// The floats of one block's pre-activations.
    var blockWidth: Int { 8 * gates }
    /// The width of a packed kernel row: `blocks * blockWidth`.
    var width: Int { blocks * blockWidth }

    /// `gateTensors` (one `[rows, units]` tensor per gate, or `[units]` for a bias) side by side
    /// in this layout: `[rows, width]`.
    func columns(_ gateTensors: [Tensor], rows: Int) -> [Float] {
        scatter(gateTensors, rows: rows) { k, q in k * width + q * blockWidth }
    }

    /// `gateTensors` (one `[rows, units]` kernel per gate; `rows` is `units` for a recurrent
    /// kernel) as panels: `[blocks][rows][blockWidth]`.
    func panels(_ gateTensors: [Tensor], rows: Int) -> [Float] {
        scatter(gateTensors, rows: rows) { k, q in (q * rows + k) * blockWidth }
    }

    /// The inverse of ``columns(_:rows:)``: gate `g` as a tensor of `shape`.
    func gateTensor(_ g: Int, of packed: [Float], rows: Int, shape: [Int]) -> Tensor {
        Tensor(shape: shape, values: gather(g, of: packed, rows: rows) { k, q in k * width + q * blockWidth })
    }

    /// The inverse of ``panels(_:rows:)``: gate `g` as a `[rows, units]` tensor.
    func gateTensor(_ g: Int, ofPanels packed: [Float], rows: Int) -> Tensor {
        Tensor(shape: [rows, units], values: gather(g, of: packed, rows: rows) { k, q in (q * rows + k) * blockWidth })
    }

    /// Copies row `k` of each gate tensor, 8 units at a time, to `start(k, q) + 8 * gate` for block `q`.
    private func scatter(_ gateTensors: [Tensor], rows: Int, _ start: (Int, Int) -> Int) -> [Float] {
        precondition(gateTensors.count == gates, "expected \(gates) gate tensors, got \(gateTensors.count)")
        let count = blocks * rows * blockWidth
        return [Float](unsafeUninitializedCapacity: count) { packed, initialized in
            if units % 8 != 0 { packed.initialize(repeating: 0) }  // the padding units
            for (g, tensor) in gateTensors.enumerated() {
                precondition(tensor.count == rows * units, "gate tensor has \(tensor.count) values, expected \(rows * units)")
                tensor.values.withUnsafeBufferPointer { source in
                    for k in 0..<rows {
                        for q in 0..<blocks {
                            let lanes = min(8, units - 8 * q)
                            (packed.baseAddress! + start(k, q) + 8 * g)
                                .update(from: source.baseAddress! + k * units + 8 * q, count: lanes)
                        }
                    }
                }
            }
            initialized = count
        }
    }

    /// The inverse of ``scatter(_:rows:_:)`` for gate `g`: `[rows, units]`.
    private func gather(_ g: Int, of packed: [Float], rows: Int, _ start: (Int, Int) -> Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * units) { values, initialized in
            packed.withUnsafeBufferPointer { source in
                for k in 0..<rows {
                    for q in 0..<blocks {
                        (values.baseAddress! + k * units + 8 * q)
                            .initialize(from: source.baseAddress! + start(k, q) + 8 * g, count: min(8, units - 8 * q))
                    }
                }
            }
            initialized = rows * units
        }
    }
}
