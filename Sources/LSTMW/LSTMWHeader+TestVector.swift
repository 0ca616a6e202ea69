extension LSTMWHeader {
    /// The header's `"test_vector"`: tensor entries whose data lies in the data section after every
    /// layer's tensors. One input and one output are written as `input` and `expected_output`
    /// (format 1.2); several (a graph model, format 1.3) as the lists `inputs` and
    /// `expected_outputs`, entries named `input_0`, … and `expected_output_0`, ….
    struct TestVectorRecord: Sendable, Equatable {
        /// The format version that introduced test vectors.
        static let minimumMinorVersion = 2

        var inputs: [TensorRecord]
        var expectedOutputs: [TensorRecord]

        var tensors: [TensorRecord] { inputs + expectedOutputs }

        /// Whether the record is written as the lists of format 1.3.
        var isList: Bool { inputs.count != 1 || expectedOutputs.count != 1 }

        /// The lowest minor version that has this record.
        var minimumMinorVersion: Int { isList ? GraphRecord.minimumMinorVersion : Self.minimumMinorVersion }

        /// Places `vector`'s tensors at `cursor` (a multiple of 64) and after, as the layers' are.
        static func place(_ vector: TestVector, at cursor: inout Int,
                          placing placed: inout [(offset: Int, tensor: Tensor)]) throws(LSTMWError) -> TestVectorRecord {
            let list = vector.inputs.count != 1 || vector.expectedOutputs.count != 1
            func names(_ stem: String, _ count: Int) -> [String] { list ? (0..<count).map { "\(stem)_\($0)" } : [stem] }
            var records: [TensorRecord] = []
            let named = Array(zip(names("input", vector.inputs.count), vector.inputs))
                + Array(zip(names("expected_output", vector.expectedOutputs.count), vector.expectedOutputs))
            for (name, tensor) in named {
                let (byteLength, overflow) = tensor.count.multipliedReportingOverflow(by: MemoryLayout<Float>.size)
                let (end, pastEnd) = cursor.addingReportingOverflow(byteLength)
                guard !overflow, !pastEnd, let next = alignedUp(end, to: LSTMWFile.alignment) else {
                    throw LSTMWError(.limitExceeded, "tensor \("test_vector/\(name)".quotedForMessage) does not fit in a file")
                }
                records.append(TensorRecord(name: name, shape: tensor.shape, offset: cursor, byteLength: byteLength))
                placed.append((cursor, tensor))
                cursor = next
            }
            return TestVectorRecord(inputs: Array(records[..<vector.inputs.count]),
                                    expectedOutputs: Array(records[vector.inputs.count...]))
        }

        /// Writes the `"test_vector"` object.
        func write(_ fields: inout JSONWriter.ObjectWriter) {
            func entry(_ tensor: TensorRecord, _ entry: inout JSONWriter.ObjectWriter) {
                entry.member("name", tensor.name)
                entry.member("dtype", LSTMWHeader.dtype)
                entry.member("shape", tensor.shape)
                entry.member("offset", tensor.offset)
                entry.member("byte_length", tensor.byteLength)
            }
            if isList {
                fields.member("inputs", objects: inputs, entry)
                fields.member("expected_outputs", objects: expectedOutputs, entry)
            } else {
                fields.member("input", object: { entry(inputs[0], &$0) })
                fields.member("expected_output", object: { entry(expectedOutputs[0], &$0) })
            }
        }

        /// Decodes `"test_vector"`: every entry named, typed and sized as any tensor entry is,
        /// within `limits`. Whether their shapes fit the model is checked by
        /// ``ModelDescription/validate()``, their placement by ``LSTMWLayout``.
        static func decode(_ fields: JSONFields, limits: LSTMWFile.Limits) throws(LSTMWError) -> TestVectorRecord {
            guard fields.object["inputs"] != nil else {
                let input = try TensorRecord.decode(fields.object("input"), expectedName: "input", layerName: "test_vector", limits: limits)
                let output = try TensorRecord.decode(fields.object("expected_output"), expectedName: "expected_output",
                                                     layerName: "test_vector", limits: limits)
                return TestVectorRecord(inputs: [input], expectedOutputs: [output])
            }
            func list(_ key: String, _ stem: String) throws(LSTMWError) -> [TensorRecord] {
                let values = try fields.array(key)
                guard !values.isEmpty, values.count <= limits.maxLayers else {
                    throw LSTMWError(.malformedHeader, "\(fields.path(of: key)) lists \(values.count) tensors; a test vector has 1 to \(limits.maxLayers)")
                }
                var records: [TensorRecord] = []
                for (index, value) in values.enumerated() {
                    let entry = try JSONFields.element(value, at: "\(fields.path(of: key))[\(index)]")
                    records.append(try TensorRecord.decode(entry, expectedName: "\(stem)_\(index)", layerName: "test_vector", limits: limits))
                }
                return records
            }
            let record = TestVectorRecord(inputs: try list("inputs", "input"), expectedOutputs: try list("expected_outputs", "expected_output"))
            guard record.isList else {
                throw LSTMWError(.malformedHeader, "test_vector lists one input and one output; that is written as 'input' and 'expected_output'")
            }
            return record
        }
    }
}
