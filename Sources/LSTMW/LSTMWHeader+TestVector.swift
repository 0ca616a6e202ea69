extension LSTMWHeader {
    /// The header's `"test_vector"`: two tensor entries, `input` and `expected_output`, whose
    /// data lies in the data section after every layer's tensors.
    struct TestVectorRecord: Sendable, Equatable {
        /// The format version that introduced test vectors.
        static let minimumMinorVersion = 2

        var input: TensorRecord
        var expectedOutput: TensorRecord

        var tensors: [TensorRecord] { [input, expectedOutput] }

        /// Places `vector`'s tensors at `cursor` (a multiple of 64) and after, as the layers' are.
        static func place(_ vector: TestVector, at cursor: inout Int,
                          placing placed: inout [(offset: Int, tensor: Tensor)]) throws(LSTMWError) -> TestVectorRecord {
            var records: [TensorRecord] = []
            for (name, tensor) in [("input", vector.input), ("expected_output", vector.expectedOutput)] {
                let (byteLength, overflow) = tensor.count.multipliedReportingOverflow(by: MemoryLayout<Float>.size)
                let (end, pastEnd) = cursor.addingReportingOverflow(byteLength)
                guard !overflow, !pastEnd, let next = alignedUp(end, to: LSTMWFile.alignment) else {
                    throw LSTMWError(.limitExceeded, "tensor \("test_vector/\(name)".quotedForMessage) does not fit in a file")
                }
                records.append(TensorRecord(name: name, shape: tensor.shape, offset: cursor, byteLength: byteLength))
                placed.append((cursor, tensor))
                cursor = next
            }
            return TestVectorRecord(input: records[0], expectedOutput: records[1])
        }

        /// Writes the `"test_vector"` object.
        func write(_ fields: inout JSONWriter.ObjectWriter) {
            for (key, tensor) in [("input", input), ("expected_output", expectedOutput)] {
                fields.member(key, object: { entry in
                    entry.member("name", tensor.name)
                    entry.member("dtype", LSTMWHeader.dtype)
                    entry.member("shape", tensor.shape)
                    entry.member("offset", tensor.offset)
                    entry.member("byte_length", tensor.byteLength)
                })
            }
        }

        /// Decodes `"test_vector"`: both entries named, typed and sized as any tensor entry is,
        /// within `limits`. Whether their shapes fit the model is checked by
        /// ``ModelDescription/validate()``, their placement by ``LSTMWLayout``.
        static func decode(_ fields: JSONFields, limits: LSTMWFile.Limits) throws(LSTMWError) -> TestVectorRecord {
            let input = try TensorRecord.decode(fields.object("input"), expectedName: "input", layerName: "test_vector", limits: limits)
            let output = try TensorRecord.decode(fields.object("expected_output"), expectedName: "expected_output",
                                                 layerName: "test_vector", limits: limits)
            return TestVectorRecord(input: input, expectedOutput: output)
        }
    }
}
