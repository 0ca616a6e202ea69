extension LSTMWFile {
    /// The `.lstmw` bytes of `model`, after checking it with ``ModelDescription/validate()``.
    ///
    /// The output depends only on `model` and `producer`: encoding the same description twice
    /// gives the same bytes, and `encode(decode(bytes)) == bytes` for any file this writes.
    /// A model that a reader applying `limits` would refuse (by default: a tensor over 2^28
    /// elements, a file over 4 GiB, a header over 1 MiB, more than 1024 layers) is refused here,
    /// before any file bytes are allocated, so the writer never produces a file its readers
    /// cannot open. To write a bigger model, pass the raised limits its readers will use.
    ///
    /// ```swift
    /// let bytes = try LSTMWFile.encode(model, producer: "lstm-convert 0.1.0")
    /// let copy = try LSTMWFile.decode(bytes)   // copy == model
    /// ```
    ///
    /// - Parameters:
    ///   - model: The model to encode.
    ///   - producer: Recorded in the header's `"producer"` key: the name and version of the program.
    ///   - limits: The limits the file's readers apply; the model must fit within them.
    /// - Throws: ``LSTMWError/Code/invalidModel`` if `model` fails validation;
    ///   ``LSTMWError/Code/limitExceeded``, naming the layer and tensor or the size and the
    ///   ``Limits`` field, if a reader applying `limits` would refuse the file, or if it cannot be
    ///   represented at all (a header over 4 GiB).
    public static func encode(_ model: ModelDescription, producer: String = defaultProducer,
                              limits: Limits = .default) throws(LSTMWError) -> [UInt8] {
        try model.validate()
        let (header, tensors, dataLength) = try LSTMWHeader.plan(model, producer: producer)
        let headerBytes = Array(header.json.utf8)
        guard headerBytes.count <= Int(UInt32.max) else {
            throw LSTMWError(.limitExceeded, "the header would be \(headerBytes.count) bytes, more than the \(UInt32.max) a .lstmw file can hold")
        }
        let headerStart = LSTMWPreamble.size
        let dataOffset = Int(LSTMWPreamble.dataOffset(forHeaderLength: UInt64(headerBytes.count)))
        let (fileLength, overflow) = dataOffset.addingReportingOverflow(dataLength)
        guard !overflow else { throw LSTMWError(.limitExceeded, "the model's tensors do not fit in a file") }
        try header.checkReadable(headerBytes: headerBytes.count, fileLength: fileLength, within: limits)

        var file = [UInt8](repeating: 0, count: fileLength)
        file.replaceSubrange(headerStart..<(headerStart + headerBytes.count), with: headerBytes)
        file.withUnsafeMutableBytes { raw in
            for (offset, tensor) in tensors {
                let start = dataOffset + offset
                for (index, value) in tensor.values.enumerated() {
                    raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: start + 4 * index, as: UInt32.self)
                }
            }
        }
        let preamble = LSTMWPreamble(
            minorVersion: UInt16(header.minimumMinorVersion), headerLength: UInt32(headerBytes.count), dataOffset: UInt64(dataOffset), dataLength: UInt64(dataLength),
            fileLength: UInt64(fileLength), headerChecksum: CRC32.checksum(headerBytes),
            dataChecksum: CRC32.checksum(file[dataOffset...]))
        file.replaceSubrange(0..<LSTMWPreamble.size, with: preamble.serialized())
        return file
    }
}
