import Testing
@testable import LSTMW

@Suite("Tensor placement checks")
struct LSTMWLayoutTests {
    let model = ModelFixtures.stacked()
    let file = try! LSTMWFile.encode(ModelFixtures.stacked())

    /// The file with its header edited structurally (checksums fixed), data unchanged.
    private func editing(_ edit: (inout LSTMWHeader) -> Void) throws -> [UInt8] {
        var parts = FileParts(file)
        try parts.editHeader(edit)
        return parts.assembled()
    }

    @Test("a tensor running past the end of the data section is refused")
    func pastEnd() throws {
        let dataLength = Int(file.u64(at: 32))
        let bytes = try editing { $0.layers[3].tensors[0].offset = dataLength }
        expectDecodeFailure(bytes, .malformedHeader,
                            mentioning: "tensor 'dense_2/kernel' at offset \(dataLength) with 16 bytes runs past the end of the data section (\(dataLength) bytes)")
        let far = try editing { $0.layers[0].tensors[0].offset = Int.max / 64 * 64 }
        expectDecodeFailure(far, .malformedHeader, mentioning: "runs past the end")
    }

    @Test("overlapping tensors are refused")
    func overlapping() throws {
        let bytes = try editing { $0.layers[0].tensors[1].offset = $0.layers[0].tensors[0].offset }
        expectDecodeFailure(bytes, .malformedHeader, mentioning: "overlaps", "'lstm_1/W_i'", "'lstm_1/W_f'")
        let partial = try editing { $0.layers[1].tensors[4].offset = $0.layers[1].tensors[4].offset - 64 }  // U_i (100 bytes) into W_o
        expectDecodeFailure(partial, .malformedHeader, mentioning: "tensor 'lstm_2/U_i'", "overlaps tensor 'lstm_2/W_o'")
    }

    @Test("a misaligned offset is refused")
    func misaligned() throws {
        for shift in [1, 4, 32, 63] {
            let bytes = try editing { $0.layers[0].tensors[1].offset += shift }
            expectDecodeFailure(bytes, .malformedHeader, mentioning: "tensor 'lstm_1/W_f' at offset \(64 + shift) is not aligned to 64 bytes")
        }
    }

    @Test("non-zero padding between or after tensors is refused")
    func padding() {
        var between = FileParts(file)
        between.data[48] = 1  // lstm_1/W_i is 48 bytes at offset 0
        expectDecodeFailure(between.assembled(), .malformedHeader, mentioning: "data section byte 48 lies outside every tensor and is 0x01")
        var after = FileParts(file)
        after.data[after.data.count - 1] = 0xFF
        expectDecodeFailure(after.assembled(), .malformedHeader, mentioning: "data section byte \(after.data.count - 1)")
    }

    @Test("slack after the last tensor beyond the 64-byte alignment is refused")
    func canonicalLength() {
        var parts = FileParts(file)
        let length = parts.data.count
        parts.data += [UInt8](repeating: 0, count: 64)
        expectDecodeFailure(parts.assembled(), .malformedHeader,
                            mentioning: "the data section is \(length + 64) bytes, but its tensors end at", "so it must be \(length)")
    }

    @Test("tensors stored in another order, with zero gaps, are read")
    func otherOrder() throws {
        var parts = FileParts(file)
        let first = try LSTMWFile.inspect(file).layers[0].tensors
        let start = try LSTMWFile.inspect(file).dataRange.lowerBound
        let iBytes = Array(parts.data[(first[0].offset - start)..<(first[0].offset - start + 48)])
        let fBytes = Array(parts.data[(first[1].offset - start)..<(first[1].offset - start + 48)])
        parts.data.replaceSubrange((first[0].offset - start)..<(first[0].offset - start + 48), with: fBytes)
        parts.data.replaceSubrange((first[1].offset - start)..<(first[1].offset - start + 48), with: iBytes)
        try parts.editHeader { header in
            header.layers[0].tensors[0].offset = first[1].offset - start
            header.layers[0].tensors[1].offset = first[0].offset - start
        }
        #expect(try LSTMWFile.decode(parts.assembled()) == model)
    }
}
