import Foundation
import KerasImport
@testable import LSTMRuntime
import LSTMW
import NPY
import Testing
import TestSupport

/// Keras Functional models that are not a chain (several inputs and outputs, merges, recurrent
/// states passed between layers, Bidirectional without a merge), converted to .lstmw and run:
/// every output matches what Keras computed, on every kernel path, at the parity tolerance.
@Suite struct GraphParityTests {
    @Test func everyGraphFixtureIsPresent() {
        let names = Set(GraphFixture.all.map(\.name))
        for case_ in ["two_inputs_concat", "residual_add", "encoder_decoder_states", "bidi_merge_none", "merge_modes", "bidi_initial_state", "shared_layer"] {
            #expect(names.contains("k2_\(case_)") && names.contains("k3_\(case_)"), "\(case_)")
        }
        #expect(names.contains("k2_masked_merge"))
    }

    @Test(arguments: GraphFixture.all, KernelPath.supported)
    func convertedGraphReproducesEveryKerasOutput(fixture: GraphFixture, path: KernelPath) throws {
        let description = try KerasModelFile(path: fixture.model.path).modelDescription()
        let bytes = try LSTMWFile.encode(description)
        let decoded = try LSTMWFile.decode(bytes)
        #expect(decoded == description)
        let model = try Model(decoded).withKernels(path)
        let meta = try fixture.meta
        #expect(model.inputs.map(\.name) == meta.input_names)
        // meta.json names each output `layer:tensor_index` as Keras's history does; the runtime leaves out ":0".
        #expect(model.outputs.map(\.name) == meta.output_names.map { $0.hasSuffix(":0") ? String($0.dropLast(2)) : $0 })
        let inputs = try fixture.inputs.map { url in
            let array = try NPYFile.read(contentsOf: url)
            return Tensor(shape: array.shape, values: array.floatValues())
        }
        let outputs = try model.predict(inputs)
        #expect(outputs.count == fixture.expected.count)
        // Loading the file streams it into the packed layout; the graph must come through too.
        let streamed = try Model(bytes: bytes).withKernels(path).predict(inputs)
        #expect(streamed.map { $0.values.map(\.bitPattern) } == outputs.map { $0.values.map(\.bitPattern) })
        for (index, (output, url)) in zip(outputs, fixture.expected).enumerated() {
            let expected = try NPYFile.read(contentsOf: url)
            let report = try ParityReport(actual: output, expected: Tensor(shape: expected.shape, values: expected.floatValues()),
                                          atol: KerasParityTests.atol, rtol: 0)
            #expect(report.passed, "\(fixture) \(path) output \(index): max abs error \(report.maxAbsoluteError)")
            #expect(report.maxAbsoluteError < 1e-6, "\(fixture) \(path) output \(index): error \(report.maxAbsoluteError)")
        }
    }

    /// The mask of the Embedding reaches the GRU through Add and Concatenate: the same weights
    /// without the mask give other outputs, so a runtime that dropped it would fail.
    @Test func theMaskFlowsThroughMerges() throws {
        let fixture = try #require(GraphFixture.all.first { $0.name == "k2_masked_merge" })
        var description = try KerasModelFile(path: fixture.model.path).modelDescription()
        let masked = try Model(description)
        guard case .embedding(var embedding) = description.layers[0] else {
            Issue.record("the first layer is not the Embedding")
            return
        }
        embedding.maskZero = false
        description.layers[0] = .embedding(embedding)
        let unmasked = try Model(description)
        let inputs = try fixture.inputs.map { url in
            let array = try NPYFile.read(contentsOf: url)
            return Tensor(shape: array.shape, values: array.floatValues())
        }
        let difference = zip(try masked.predict(inputs)[0].values, try unmasked.predict(inputs)[0].values).map { abs($0 - $1) }.max() ?? 0
        #expect(difference > 1e-3)
    }
}
