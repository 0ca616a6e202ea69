/// Where tensors lie in the data section: the rules a reader checks and the writer follows.
///
/// Every tensor starts at a multiple of 64 bytes from the start of the data section, lies
/// wholly inside it, and overlaps no other; every byte outside all tensors is zero; and the
/// section ends at the first multiple of 64 at or after the end of its last tensor.
enum LSTMWLayout {
    /// Checks the placement of every tensor `header` lists against the data section `data`.
    static func check(_ header: LSTMWHeader, data: UnsafeRawBufferPointer) throws(LSTMWError) {
        let alignment = LSTMWFile.alignment
        var placed: [(label: String, offset: Int, end: Int)] = []
        for layer in header.layers {
            for tensor in layer.tensors {
                let label = "tensor \("\(layer.name)/\(tensor.name)".quotedForMessage)"
                guard tensor.offset % alignment == 0 else {
                    throw LSTMWError(.malformedHeader, "\(label) at offset \(tensor.offset) is not aligned to \(alignment) bytes")
                }
                guard tensor.offset <= data.count, tensor.byteLength <= data.count - tensor.offset else {
                    throw LSTMWError(.malformedHeader, "\(label) at offset \(tensor.offset) with \(tensor.byteLength) bytes runs past the end of the data section (\(data.count) bytes)")
                }
                placed.append((label, tensor.offset, tensor.offset + tensor.byteLength))
            }
        }
        for tensor in header.testVector?.tensors ?? [] {
            let label = "tensor \("test_vector/\(tensor.name)".quotedForMessage)"
            guard tensor.offset % alignment == 0 else {
                throw LSTMWError(.malformedHeader, "\(label) at offset \(tensor.offset) is not aligned to \(alignment) bytes")
            }
            guard tensor.offset <= data.count, tensor.byteLength <= data.count - tensor.offset else {
                throw LSTMWError(.malformedHeader, "\(label) at offset \(tensor.offset) with \(tensor.byteLength) bytes runs past the end of the data section (\(data.count) bytes)")
            }
            placed.append((label, tensor.offset, tensor.offset + tensor.byteLength))
        }
        placed.sort { ($0.offset, $0.end) < ($1.offset, $1.end) }
        var cursor = 0
        var previous: (label: String, offset: Int, end: Int)?
        for tensor in placed where tensor.end > tensor.offset {
            if let previous, tensor.offset < previous.end {
                throw LSTMWError(.malformedHeader, "\(tensor.label) at offset \(tensor.offset) overlaps \(previous.label) at offset \(previous.offset) with \(previous.end - previous.offset) bytes")
            }
            try checkZero(data, from: cursor, to: tensor.offset)
            cursor = tensor.end
            previous = tensor
        }
        let expectedLength = alignedUp(cursor, to: alignment) ?? cursor
        guard data.count == expectedLength else {
            throw LSTMWError(.malformedHeader, "the data section is \(data.count) bytes, but its tensors end at \(cursor), so it must be \(expectedLength)")
        }
        try checkZero(data, from: cursor, to: data.count)
    }

    /// Throws if any byte of `data[start ..< end]` is not zero.
    private static func checkZero(_ data: UnsafeRawBufferPointer, from start: Int, to end: Int) throws(LSTMWError) {
        guard start < end else { return }
        if let index = data[start..<end].firstIndex(where: { $0 != 0 }) {
            throw LSTMWError(.malformedHeader, "data section byte \(index) lies outside every tensor and is 0x\(hex(data[index])); padding must be zero")
        }
    }
}

extension LSTMWLayout {
    /// A tensor's place in the data section, for a reader that streams the section in order.
    struct Placement {
        /// The index of the tensor's layer in the header, or nil for a test-vector tensor.
        var layer: Int?
        /// The tensor's index in its layer's (or the test vector's) tensor list.
        var tensor: Int
        var offset: Int
        var end: Int
    }

    /// The tensors of `header` in the order they lie in a data section of `dataCount` bytes, if
    /// ``check(_:data:)`` would accept their placement: every rule but the zero bytes between
    /// tensors, which the caller checks as it reads them. `nil` otherwise.
    static func placements(_ header: LSTMWHeader, dataCount: Int) -> [Placement]? {
        let alignment = LSTMWFile.alignment
        var placed: [Placement] = []
        func place(_ tensor: LSTMWHeader.TensorRecord, layer: Int?, index: Int) -> Bool {
            guard tensor.offset % alignment == 0, tensor.offset <= dataCount,
                  tensor.byteLength <= dataCount - tensor.offset else { return false }
            placed.append(Placement(layer: layer, tensor: index, offset: tensor.offset, end: tensor.offset + tensor.byteLength))
            return true
        }
        for (l, layer) in header.layers.enumerated() {
            for (t, tensor) in layer.tensors.enumerated() where !place(tensor, layer: l, index: t) { return nil }
        }
        for (t, tensor) in (header.testVector?.tensors ?? []).enumerated() where !place(tensor, layer: nil, index: t) { return nil }
        placed.sort { ($0.offset, $0.end) < ($1.offset, $1.end) }
        var cursor = 0
        for tensor in placed where tensor.end > tensor.offset {
            guard tensor.offset >= cursor else { return nil }
            cursor = tensor.end
        }
        guard dataCount == alignedUp(cursor, to: alignment) ?? cursor else { return nil }
        return placed
    }
}
