import Foundation
import Testing
@testable import LSTMW

/// The writer refuses exactly what a reader with the same limits refuses, so the converter can
/// never write a `.lstmw` file that `run`, `explain`, the runtime or the server then rejects.
@Suite("Writer limits")
struct LSTMWWriterLimitsTests {
    let model = ModelFixtures.stacked()
    let file = try! LSTMWFile.encode(ModelFixtures.stacked())

    /// Whether `body` throws.
    private func fails(_ body: () throws(LSTMWError) -> Void) -> Bool {
        do { try body(); return false } catch { return true }
    }

    @Test("encode refuses a model just over each limit, naming it, and writes the same bytes at it")
    func eachLimit() throws {
        let headerLength = Int(file.u32(at: 12))
        expectFailure(.limitExceeded, mentioning: "the header would be \(headerLength) bytes, more than a reader accepts (LSTMWFile.Limits.maxHeaderBytes = \(headerLength - 1))") {
            () throws(LSTMWError) in _ = try LSTMWFile.encode(model, limits: .init(maxHeaderBytes: headerLength - 1))
        }
        #expect(try LSTMWFile.encode(model, limits: .init(maxHeaderBytes: headerLength)) == file)

        expectFailure(.limitExceeded, mentioning: "the file would be \(file.count) bytes, more than a reader accepts (LSTMWFile.Limits.maxFileBytes = \(file.count - 1))") {
            () throws(LSTMWError) in _ = try LSTMWFile.encode(model, limits: .init(maxFileBytes: file.count - 1))
        }
        #expect(try LSTMWFile.encode(model, limits: .init(maxFileBytes: file.count)) == file)

        // lstm_1's tensors have at most 16 elements; lstm_2/W_i, [4, 5], is the first with more.
        expectFailure(.limitExceeded, mentioning: "layer 'lstm_2' tensor 'W_i' has shape [4, 5], 20 elements, more than a reader accepts (LSTMWFile.Limits.maxTensorElements = 19)") {
            () throws(LSTMWError) in _ = try LSTMWFile.encode(model, limits: .init(maxTensorElements: 19))
        }
        #expect(try LSTMWFile.encode(model, limits: .init(maxTensorElements: 25)) == file)

        expectFailure(.limitExceeded, mentioning: "the model has 4 layers, more than a reader accepts (LSTMWFile.Limits.maxLayers = 3)") {
            () throws(LSTMWError) in _ = try LSTMWFile.encode(model, limits: .init(maxLayers: 3))
        }
        #expect(try LSTMWFile.encode(model, limits: .init(maxLayers: 4)) == file)
    }

    @Test("for every limit value around the model's sizes, encode fails exactly when decode of its file fails")
    func writerAndReaderAgree() {
        let headerLength = Int(file.u32(at: 12))
        var cases: [LSTMWFile.Limits] = []
        cases += (-1...30).map { LSTMWFile.Limits(maxTensorElements: $0) }
        cases += (-1...6).map { LSTMWFile.Limits(maxLayers: $0) }
        cases += [-1, 0, headerLength - 1, headerLength, headerLength + 1].map { LSTMWFile.Limits(maxHeaderBytes: $0) }
        cases += [-1, 0, file.count - 64, file.count - 1, file.count, file.count + 1].map { LSTMWFile.Limits(maxFileBytes: $0) }
        for limits in cases {
            let writerRefuses = fails { () throws(LSTMWError) in _ = try LSTMWFile.encode(model, limits: limits) }
            let readerRefuses = fails { () throws(LSTMWError) in _ = try LSTMWFile.decode(file, limits: limits) }
            #expect(writerRefuses == readerRefuses, "\(limits): writer refuses \(writerRefuses), reader refuses \(readerRefuses)")
        }
    }

    /// One-unit Dense layers: `count` of them, a chain from one feature to one output.
    private func denseChain(_ count: Int) -> ModelDescription {
        let layers = (0..<count).map { index in
            Layer.dense(DenseLayer(name: "dense_\(index)", inputSize: 1, units: 1, activation: .linear,
                                   kernel: Tensor(shape: [1, 1], values: [Float(index % 7) * 0.25 - 0.5]), bias: nil))
        }
        return ModelDescription(source: ModelSource(), inputFeatures: 1, timeSteps: nil, layers: layers)
    }

    @Test("without limits given, encode and write apply the reader's defaults")
    func defaultsApply() throws {
        let largest = denseChain(1024)
        #expect(try LSTMWFile.decode(LSTMWFile.encode(largest)) == largest)
        expectFailure(.limitExceeded, mentioning: "the model has 1025 layers, more than a reader accepts (LSTMWFile.Limits.maxLayers = 1024)") {
            () throws(LSTMWError) in _ = try LSTMWFile.encode(denseChain(1025))
        }
        // A reader with raised limits reads what a writer with the same limits writes.
        var raised = LSTMWFile.Limits.default
        raised.maxLayers = 2048
        let bigger = denseChain(1025)
        #expect(try LSTMWFile.decode(LSTMWFile.encode(bigger, limits: raised), limits: raised) == bigger)
    }

    @Test("write refuses before creating any file, and its message starts with the path")
    func writeLeavesNothingBehind() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lstmw-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.lstmw")
        expectFailure(.limitExceeded, mentioning: "\(url.path): layer 'lstm_2' tensor 'W_i' has shape [4, 5], 20 elements") {
            () throws(LSTMWError) in try LSTMWFile.write(model, to: url, limits: .init(maxTensorElements: 19))
        }
        expectFailure(.limitExceeded, mentioning: "\(url.path): the model has 1025 layers") {
            () throws(LSTMWError) in try LSTMWFile.write(denseChain(1025), to: url)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
