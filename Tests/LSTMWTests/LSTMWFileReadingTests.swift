import Foundation
import Testing
@testable import LSTMW

@Suite("Reading .lstmw files")
struct LSTMWFileReadingTests {
    let model = ModelFixtures.stacked()
    let file = try! LSTMWFile.encode(ModelFixtures.stacked())

    @Test("decodes from an array, a slice, Data, a raw buffer and a non-contiguous collection")
    func inputKinds() throws {
        #expect(try LSTMWFile.decode(file) == model)
        let shifted = [UInt8](repeating: 7, count: 3) + file
        #expect(try LSTMWFile.decode(shifted[3...]) == model)  // unaligned start
        #expect(try LSTMWFile.decode(Data(file)) == model)
        #expect(try shifted.withUnsafeBytes { raw throws(LSTMWError) in
            try LSTMWFile.decode(UnsafeRawBufferPointer(rebasing: raw[3...]))
        } == model)
        #expect(try LSTMWFile.decode(file.lazy.map { $0 }) == model)
    }

    @Test("a changed header byte fails the header checksum")
    func headerChecksum() {
        var damaged = file
        damaged[64 + 10] ^= 0x20
        expectDecodeFailure(damaged, .checksumMismatch, mentioning: "header checksum mismatch")
        expectDecodeFailure(file.editingPreamble { $0.set($0.u32(at: 48) ^ 1, at: 48) }, .checksumMismatch, mentioning: "header checksum")
    }

    @Test("a changed data byte fails the data checksum")
    func dataChecksum() {
        let dataOffset = Int(file.u64(at: 24))
        for offset in [dataOffset, dataOffset + 1, dataOffset + 5, file.count - 1] {
            var damaged = file
            damaged[offset] ^= 0x01
            expectDecodeFailure(damaged, .checksumMismatch, mentioning: "data section checksum mismatch")
        }
    }

    @Test("non-zero bytes between the header and the data section are refused")
    func headerPadding() {
        let headerEnd = 64 + Int(file.u32(at: 12))
        #expect(headerEnd < Int(file.u64(at: 24)))
        var damaged = file
        damaged[headerEnd] = 0x20
        expectDecodeFailure(damaged, .malformedHeader, mentioning: "byte \(headerEnd)", "padding must be zero")
    }

    @Test("a NaN or infinite weight is an invalid model, even with every checksum right")
    func nonFiniteWeights() throws {
        for bad: Float in [.nan, .infinity, -.infinity, .signalingNaN] {
            var parts = FileParts(file)
            let directory = try LSTMWFile.inspect(file)
            let target = directory.layers[1].tensors[5]  // lstm_2/U_f
            let at = target.offset - directory.dataRange.lowerBound + 4 * 3
            parts.data.replaceSubrange(at..<(at + 4), with: withUnsafeBytes(of: bad.bitPattern.littleEndian, Array.init))
            expectDecodeFailure(parts.assembled(), .invalidModel, mentioning: "layer 'lstm_2'", "U_f", "non-finite", "flat index 3")
        }
    }

    @Test("a well-formed file describing an impossible model is an invalid model")
    func validationRuns() throws {
        var parts = FileParts(file)
        parts.replaceInHeader(#""input":{"features":3"#, with: #""input":{"features":4"#)
        expectDecodeFailure(parts.assembled(), .invalidModel, mentioning: "expects 3 input features")

        var duplicate = FileParts(file)
        duplicate.replaceInHeader(#""name":"dense_2""#, with: #""name":"dense_1""#)
        expectDecodeFailure(duplicate.assembled(), .invalidModel, mentioning: "two layers are named 'dense_1'")

        var softmaxCell = FileParts(file)
        softmaxCell.replaceInHeader(#""recurrent_activation":"sigmoid""#, with: #""recurrent_activation":"softmax""#)
        expectDecodeFailure(softmaxCell.assembled(), .invalidModel, mentioning: "softmax")

        var noLayers = FileParts(file)
        noLayers.header = Array(#"{"format":"lstmw","producer":"","source":{},"input":{"features":3},"layers":[]}"#.utf8)
        noLayers.data = []
        expectDecodeFailure(noLayers.assembled(), .invalidModel, mentioning: "no layers")
    }

    @Test("a header written by another tool with extra keys, whitespace and missing optional keys is read")
    func tolerantOfOtherWriters() throws {
        var parts = FileParts(file)
        parts.replaceInHeader(#"{"format":"lstmw","#, with: "{\n  \"format\" : \"lstmw\",\n  \"future_key\": [1, {\"x\": null}],\r\n\t")
        parts.replaceInHeader(#""time_steps":5"#, with: #""time_steps":5,"dropout":0.5e-1"#)
        parts.replaceInHeader(#""model_class":"Sequential""#, with: #""extra":true"#)
        var expected = model
        expected.source.modelClass = nil
        #expect(try LSTMWFile.decode(parts.assembled()) == expected)
    }
}

@Suite("Reading damaged files never crashes")
struct LSTMWFileFuzzTests {
    let file = try! LSTMWFile.encode(ModelFixtures.stacked())

    /// Decodes `bytes`; a failure must be one line, a success a valid model.
    private func survive(_ bytes: [UInt8]) {
        do {
            let model = try LSTMWFile.decode(bytes)
            #expect(throws: Never.self) { try model.validate() }
        } catch {
            #expect(!error.message.isEmpty && !error.message.contains("\n"), "\(error.message)")
        }
    }

    @Test("random byte flips, raw and with every checksum repaired")
    func byteFlips() {
        var generator = SeededGenerator(seed: 2024)
        for _ in 0..<500 {
            var raw = file
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                raw[Int(generator.next() % UInt64(raw.count))] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            }
            survive(raw)
            var parts = FileParts(file)
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                parts.header[Int(generator.next() % UInt64(parts.header.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            survive(parts.assembled())
        }
    }

    @Test("random edits of the header's characters, with checksums repaired")
    func headerEdits() {
        var generator = SeededGenerator(seed: 99)
        let alphabet = Array("{}[]\",:0123456789-.eEtrufalsn \\u".utf8)
        for _ in 0..<1000 {
            var parts = FileParts(file)
            let at = Int(generator.next() % UInt64(parts.header.count))
            switch generator.next() % 3 {
            case 0: parts.header.remove(at: at)
            case 1: parts.header.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: at)
            default: parts.header[at] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            survive(parts.assembled())
        }
    }
}
