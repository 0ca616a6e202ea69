extension LSTMWFile {
    /// The model stored in the `.lstmw` bytes `bytes`, after checking all of them.
    ///
    /// Nothing the file declares is trusted or allocated for before it is checked: magic,
    /// version, preamble fields and checksum, lengths against the real byte count, the header's
    /// and data section's checksums, every header key and type, every tensor's dtype, shape,
    /// size, alignment and placement, zero padding, and finally ``ModelDescription/validate()``
    /// (which also refuses NaN and infinite weights). `docs/lstmw-format.md` lists every rule.
    ///
    /// ```swift
    /// let model = try LSTMWFile.decode(bytes)
    /// print(model.layers.map(\.name))
    /// ```
    ///
    /// - Parameters:
    ///   - bytes: The whole file: an `[UInt8]`, `Data`, `UnsafeRawBufferPointer`, or any other
    ///     collection of bytes (contiguous ones are read in place).
    ///   - limits: Bounds on what the file may declare.
    /// - Throws: ``LSTMWError`` with code ``LSTMWError/Code/notLSTMW``,
    ///   ``LSTMWError/Code/unsupportedVersion``, ``LSTMWError/Code/truncated``,
    ///   ``LSTMWError/Code/checksumMismatch``, ``LSTMWError/Code/malformedHeader``,
    ///   ``LSTMWError/Code/limitExceeded`` or ``LSTMWError/Code/invalidModel``.
    public static func decode(_ bytes: some Collection<UInt8>, limits: Limits = .default) throws(LSTMWError) -> ModelDescription {
        try withContiguousBytes(bytes) { file throws(LSTMWError) in try open(file, limits: limits).model }
    }

    /// The table of contents of the `.lstmw` bytes `bytes`: version, provenance, and each
    /// layer's tensors with their absolute file offsets.
    ///
    /// Runs every check ``decode(_:limits:)`` runs, so it succeeds exactly when `decode` would.
    ///
    /// ```swift
    /// let directory = try LSTMWFile.inspect(bytes)
    /// let weights = directory.layers[0].tensors.first { $0.name == "W_f" }!
    /// print("forget-gate kernel: bytes \(weights.byteRange) of the file")
    /// ```
    ///
    /// - Throws: the same errors as ``decode(_:limits:)``.
    public static func inspect(_ bytes: some Collection<UInt8>, limits: Limits = .default) throws(LSTMWError) -> Directory {
        try withContiguousBytes(bytes) { file throws(LSTMWError) in
            let opened = try open(file, limits: limits)
            return Directory(preamble: opened.preamble, header: opened.header)
        }
    }

    /// Checks `file` completely and builds its model.
    static func open(_ file: UnsafeRawBufferPointer, limits: Limits) throws(LSTMWError)
        -> (preamble: LSTMWPreamble, header: LSTMWHeader, model: ModelDescription) {
        let preamble = try LSTMWPreamble.read(from: file, limits: limits)
        let headerBytes = UnsafeRawBufferPointer(rebasing: file[preamble.headerRange])
        let data = UnsafeRawBufferPointer(rebasing: file[preamble.dataRange])
        let headerCRC = CRC32.checksum(headerBytes)
        guard headerCRC == preamble.headerChecksum else {
            throw LSTMWError(.checksumMismatch, "header checksum mismatch: stored 0x\(hex(preamble.headerChecksum)), computed 0x\(hex(headerCRC))")
        }
        let dataCRC = CRC32.checksum(data)
        guard dataCRC == preamble.dataChecksum else {
            throw LSTMWError(.checksumMismatch, "data section checksum mismatch: stored 0x\(hex(preamble.dataChecksum)), computed 0x\(hex(dataCRC))")
        }
        let padding = preamble.headerRange.upperBound..<preamble.dataRange.lowerBound
        if let index = file[padding].firstIndex(where: { $0 != 0 }) {
            throw LSTMWError(.malformedHeader, "byte \(index) between the header and the data section is 0x\(hex(file[index])); padding must be zero")
        }
        let header = try LSTMWHeader.decode(Array(headerBytes), limits: limits)
        try header.checkVersion(minor: Int(preamble.minorVersion))
        try LSTMWLayout.check(header, data: data)
        let model = header.model(data: data)
        try model.validate()
        return (preamble, header, model)
    }

    /// Calls `body` with the bytes of `bytes` in one contiguous buffer, copying only if the
    /// collection is not contiguous already.
    static func withContiguousBytes<R>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) throws(LSTMWError) -> R
    ) throws(LSTMWError) -> R {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(LSTMWError) -> R in try body(UnsafeRawBufferPointer(buffer)) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBytes { raw in
            Result { () throws(LSTMWError) -> R in try body(raw) }
        }.get()
    }
}

extension LSTMWFile.Directory {
    /// The directory of a checked file.
    init(preamble: LSTMWPreamble, header: LSTMWHeader) {
        let dataStart = preamble.dataRange.lowerBound
        defer {
            testVector = header.testVector.map { record in
                let entry = { (tensor: LSTMWHeader.TensorRecord) in
                    TensorEntry(name: tensor.name, gate: nil, shape: tensor.shape, offset: dataStart + tensor.offset, byteLength: tensor.byteLength)
                }
                return TestVectorEntry(inputs: record.inputs.map(entry), expectedOutputs: record.expectedOutputs.map(entry))
            }
        }
        self.init(
            version: Version(major: Int(preamble.majorVersion), minor: Int(preamble.minorVersion)),
            producer: header.producer, source: header.source, inputFeatures: header.inputFeatures,
            timeSteps: header.timeSteps, fileLength: Int(preamble.fileLength), headerRange: preamble.headerRange,
            dataRange: preamble.dataRange, headerChecksum: preamble.headerChecksum,
            dataChecksum: preamble.dataChecksum,
            layers: header.layers.map { layer in
                LayerEntry(
                    type: layer.type, name: layer.name, inputSize: layer.inputSize, units: layer.units,
                    tensors: layer.tensors.map { tensor in
                        TensorEntry(
                            name: tensor.name,
                            gate: layer.cellType == .lstm ? LSTMGate(rawValue: String(tensor.name.suffix(1))) : nil,
                            gruGate: layer.cellType == .gru ? GRUGate(rawValue: String(tensor.name.suffix(1))) : nil,
                            shape: tensor.shape, offset: dataStart + tensor.offset, byteLength: tensor.byteLength)
                    })
            })
    }
}
