import Testing
@testable import LSTMW

@Suite("Reader limits")
struct LSTMWFileLimitsTests {
    let file = try! LSTMWFile.encode(ModelFixtures.stacked())

    @Test("the defaults are 1 MiB of header, 4 GiB of file, 2^28 elements, 1024 layers")
    func defaults() {
        let limits = LSTMWFile.Limits.default
        #expect(limits.maxHeaderBytes == 1 << 20)
        #expect(limits.maxFileBytes == 1 << 32)
        #expect(limits.maxTensorElements == 1 << 28)
        #expect(limits.maxLayers == 1024)
        #expect(LSTMWFile.Limits() == .default)
    }

    @Test("each limit refuses a file just over it and accepts one at it")
    func eachLimit() throws {
        let headerLength = Int(file.u32(at: 12))
        expectDecodeFailure(file, .limitExceeded, mentioning: "header is \(headerLength) bytes, more than the limit of \(headerLength - 1)",
                            limits: .init(maxHeaderBytes: headerLength - 1))
        #expect(try LSTMWFile.decode(file, limits: .init(maxHeaderBytes: headerLength)) == ModelFixtures.stacked())

        expectDecodeFailure(file, .limitExceeded, mentioning: "more than the limit of \(file.count - 1)",
                            limits: .init(maxFileBytes: file.count - 1))
        #expect(try LSTMWFile.decode(file, limits: .init(maxFileBytes: file.count)) == ModelFixtures.stacked())

        // lstm_1's tensors have at most 16 elements; lstm_2/W_i, [4, 5], is the first with more.
        expectDecodeFailure(file, .limitExceeded, mentioning: "tensor 'lstm_2/W_i' has shape [4, 5], 20 elements, more than the limit of 19",
                            limits: .init(maxTensorElements: 19))
        #expect(try LSTMWFile.decode(file, limits: .init(maxTensorElements: 25)) == ModelFixtures.stacked())

        expectDecodeFailure(file, .limitExceeded, limits: .init(maxLayers: 0))
    }

    @Test("negative limits refuse everything instead of misbehaving")
    func negativeLimits() {
        expectDecodeFailure(file, .limitExceeded, limits: .init(maxHeaderBytes: -1))
        expectDecodeFailure(file, .limitExceeded, limits: .init(maxFileBytes: -1))
        expectDecodeFailure(file, .limitExceeded, limits: .init(maxTensorElements: -1))
    }
}
