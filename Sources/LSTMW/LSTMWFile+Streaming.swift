import Foundation

/// Takes the weights of chosen layers straight from a `.lstmw` file's bytes while
/// ``LSTMWFile`` reads and checks it, so a runtime can pack them into its own layout without a
/// decoded copy of the whole model in between.
package protocol LSTMWWeightSink {
    /// Called once the header is checked, before any weight is read, with the file's layers
    /// (every weight a zero placeholder of its shape: the model is not validated yet, but each
    /// tensor's shape matches its layer's sizes). Returns, per layer, whether its tensors are to
    /// be handed to ``receive(layer:tensor:bytes:)`` (true) or decoded into the description.
    mutating func begin(_ layers: [Layer]) -> [Bool]

    /// Tensor `tensor` (its index in the layer's file tensor list) of layer `layer`: its float32
    /// values, little-endian, all of them finite. Each tensor of a chosen layer comes once, in
    /// the order they lie in the file, before the rest of the file is checked: if the read then
    /// throws, discard everything received.
    mutating func receive(layer: Int, tensor: Int, bytes: UnsafeRawBufferPointer)
}

extension LSTMWFile {
    /// Reads and checks the `.lstmw` file at `url` like ``read(contentsOf:limits:)``, handing
    /// the weights of the layers `sink` chooses to it instead of decoding them.
    ///
    /// The file is read front to back in pieces (at most the largest tensor in memory at once).
    /// Every rule of ``decode(_:limits:)`` holds for what this returns; when any fails, the file
    /// is read again by ``read(contentsOf:limits:)`` to report the first failing rule exactly as
    /// it would.
    ///
    /// - Returns: the model, with zero placeholders of the right shape for the chosen layers'
    ///   weights.
    package static func read(contentsOf url: URL, limits: Limits = .default,
                             into sink: inout some LSTMWWeightSink) throws(LSTMWError) -> ModelDescription {
        if url.isFileURL, let file = try? LSTMWFileSource(path: url.path), file.count <= limits.maxFileBytes {
            var source = file
            if let model = stream(&source, limits: limits, into: &sink) { return model }
        }
        _ = try read(contentsOf: url, limits: limits)
        throw LSTMWError(.io, "\(url.path): the file changed while it was read")
    }

    /// Decodes and checks `.lstmw` bytes like ``decode(_:limits:)``, handing the weights of the
    /// layers `sink` chooses to it instead of decoding them; see
    /// ``read(contentsOf:limits:into:)``.
    package static func decode(_ bytes: some Collection<UInt8>, limits: Limits = .default,
                               into sink: inout some LSTMWWeightSink) throws(LSTMWError) -> ModelDescription {
        try withContiguousBytes(bytes) { file throws(LSTMWError) in
            var source = LSTMWMemorySource(file)
            if let model = stream(&source, limits: limits, into: &sink) { return model }
            _ = try open(file, limits: limits)
            throw LSTMWError(.invalidModel, "the file passes every check of the reader but not of its streaming form")
        }
    }

    /// Reads `source` front to back, running every check of ``open(_:limits:)``: the model, or
    /// nil as soon as one fails (the caller then asks ``open(_:limits:)`` which one).
    static func stream(_ source: inout some LSTMWByteSource, limits: Limits,
                       into sink: inout some LSTMWWeightSink) -> ModelDescription? {
        let fileCount = source.count
        guard let prefix = source.next(min(fileCount, LSTMWPreamble.size)),
              let preamble = try? LSTMWPreamble.read(prefix: prefix, fileCount: fileCount, limits: limits),
              let headerBytes = source.next(Int(preamble.headerLength)),
              CRC32.checksum(headerBytes) == preamble.headerChecksum,
              let header = try? LSTMWHeader.decode(Array(headerBytes), limits: limits),
              let padding = source.next(preamble.dataRange.lowerBound - preamble.headerRange.upperBound),
              !padding.contains(where: { $0 != 0 }),
              (try? header.checkVersion(minor: Int(preamble.minorVersion))) != nil,
              let placements = LSTMWLayout.placements(header, dataCount: Int(preamble.dataLength))
        else { return nil }

        var zeros = Placeholders()
        let placeholderLayers = header.layers.map { record in record.layer(tensors: record.tensors.map { zeros.tensor($0.shape) }) }
        let streamed = sink.begin(placeholderLayers)
        guard streamed.count == header.layers.count else { return nil }
        var decoded = header.layers.map { [Tensor?](repeating: nil, count: $0.tensors.count) }
        var vector = [Tensor?](repeating: nil, count: header.testVector?.tensors.count ?? 0)

        var crc = CRC32()
        var cursor = 0
        for placement in placements {
            let record = placement.layer.map { header.layers[$0].tensors[placement.tensor] }
                ?? header.testVector!.tensors[placement.tensor]
            var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            if placement.end > placement.offset {
                guard skipZeros(&source, count: placement.offset - cursor, crc: &crc),
                      let read = source.next(placement.end - placement.offset) else { return nil }
                crc.update(read)
                cursor = placement.end
                bytes = read
            }
            if let layer = placement.layer, streamed[layer] {
                guard allFinite(bytes) else { return nil }
                sink.receive(layer: layer, tensor: placement.tensor, bytes: bytes)
            } else {
                let tensor = Tensor(shape: record.shape, values: bytes.count == 0 ? []
                                    : LSTMWHeader.floats(in: bytes, at: 0, count: bytes.count / 4))
                if let layer = placement.layer { decoded[layer][placement.tensor] = tensor } else { vector[placement.tensor] = tensor }
            }
        }
        guard skipZeros(&source, count: Int(preamble.dataLength) - cursor, crc: &crc),
              crc.value == preamble.dataChecksum else { return nil }

        var layers: [Layer] = []
        for (index, record) in header.layers.enumerated() {
            if streamed[index] {
                layers.append(placeholderLayers[index])
            } else {
                guard decoded[index].allSatisfy({ $0 != nil }) else { return nil }
                layers.append(record.layer(tensors: decoded[index].map { $0! }))
            }
        }
        var testVector: TestVector?
        if let record = header.testVector {
            let tensors = vector.compactMap { $0 }
            guard tensors.count == vector.count, !record.inputs.isEmpty, tensors.count > record.inputs.count else { return nil }
            testVector = TestVector(inputs: Array(tensors[..<record.inputs.count]),
                                    expectedOutputs: Array(tensors[record.inputs.count...]))
        }
        let model = ModelDescription(source: header.source, inputFeatures: header.inputFeatures, timeSteps: header.timeSteps,
                                     layers: layers, testVector: testVector, graph: header.modelGraph)
        guard (try? model.validate()) != nil else { return nil }
        return model
    }

    /// Reads `count` bytes that must all be zero, adding them to `crc`, a piece at a time.
    private static func skipZeros(_ source: inout some LSTMWByteSource, count: Int, crc: inout CRC32) -> Bool {
        var left = count
        guard left >= 0 else { return false }
        while left > 0 {
            guard let piece = source.next(min(left, 1 << 20)), !piece.contains(where: { $0 != 0 }) else { return false }
            crc.update(piece)
            left -= piece.count
        }
        return true
    }

    /// Whether every little-endian float32 in `bytes` is finite: its exponent bits are not all
    /// ones, so adding one to them does not carry into the sign bit. (No branch: vectorizes.)
    static func allFinite(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var carries: UInt32 = 0
        for index in 0..<(bytes.count / 4) {
            let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
            carries |= (bits & 0x7F80_0000) &+ 0x0080_0000
        }
        return carries & 0x8000_0000 == 0
    }
}

/// Zero tensors standing in for weights a sink takes, one shared array per element count.
private struct Placeholders {
    private var zeros: [Int: [Float]] = [:]

    mutating func tensor(_ shape: [Int]) -> Tensor {
        let count = Tensor.elementCount(of: shape) ?? 0
        if zeros[count] == nil { zeros[count] = [Float](repeating: 0, count: count) }
        return Tensor(shape: shape, values: zeros[count]!)
    }
}
