import Foundation
import KerasImport
@testable import LSTMRuntime
import LSTMW
import NPY
import Testing
import TestSupport

/// Stateful Keras models (`stateful=True`, fixed batch 2), converted to .lstmw and fed the same
/// chunks call after call through a ``Model/StatefulSession``, give Keras's output for every call,
/// carry the state Keras's layers hold, and forget it on reset; plain `predict` stays stateless.
@Suite struct StatefulParityTests {
    static let atol: Float = 1e-5

    static func tensor(_ url: URL) throws -> Tensor {
        let array = try NPYFile.read(contentsOf: url)
        return Tensor(shape: array.shape, values: array.floatValues())
    }

    static func expectClose(_ actual: Tensor, _ expected: Tensor, _ what: String) throws {
        let report = try ParityReport(actual: actual, expected: expected, atol: atol, rtol: 0)
        #expect(report.passed, "\(what): max abs error \(report.maxAbsoluteError) at \(report.worstIndex)")
        #expect(report.maxAbsoluteError < 1e-6, "\(what): error \(report.maxAbsoluteError) is larger than float rounding explains")
    }

    static func model(_ fixture: StateFixture) throws -> Model {
        let description = try KerasModelFile(path: fixture.model.path).modelDescription()
        #expect(description.isStateful)
        let bytes = try LSTMWFile.encode(description)
        #expect(try LSTMWFile.decode(bytes) == description, "\(fixture): the stateful flags survive the file")
        let model = try Model(bytes: bytes)   // the streaming loader must keep them too
        #expect(model.isStateful)
        return model
    }

    @Test(arguments: Fixtures.stateCases, KernelPath.supported)
    func sessionReproducesEveryKerasCall(fixture: StateFixture, path: KernelPath) throws {
        let meta = try fixture.meta
        let session = try Self.model(fixture).withKernels(path).makeStatefulSession(batchSize: meta.batch_size)
        for (index, call) in meta.calls.enumerated() {
            if call.reset_before { session.reset() }
            let output = try session.predict(Self.tensor(fixture.file(call.input)))
            try Self.expectClose(output, Self.tensor(fixture.file(call.expected)), "\(fixture) \(path) call \(index + 1)")
            guard index + 1 == meta.states_after_call else { continue }
            let states = session.states
            #expect(Set(states.map(\.layerName)) == Set(meta.states.keys), "\(fixture)")
            for state in states {
                let files = try #require(meta.states[state.layerName])
                try Self.expectClose(state.h, Self.tensor(fixture.file(try #require(files["h"]))), "\(fixture) \(state.layerName) h")
                #expect((state.c == nil) == (files["c"] == nil), "\(fixture) \(state.layerName)")
                if let c = state.c, let file = files["c"] {
                    try Self.expectClose(c, Self.tensor(fixture.file(file)), "\(fixture) \(state.layerName) c")
                }
            }
        }
    }

    /// `predict` ignores `stateful`: it equals Keras's first call and its call right after a reset.
    @Test(arguments: Fixtures.stateCases)
    func predictStaysStateless(fixture: StateFixture) throws {
        let meta = try fixture.meta
        let model = try Self.model(fixture)
        for (index, call) in meta.calls.enumerated() where index == 0 || call.reset_before {
            for _ in 0..<2 {
                let output = try model.predict(Self.tensor(fixture.file(call.input)))
                try Self.expectClose(output, Self.tensor(fixture.file(call.expected)), "\(fixture) predict like call \(index + 1)")
            }
        }
    }

    /// A stream saved from ``Model/StatefulSession/states`` and restored with `setState` after a
    /// reset continues exactly as if it had never stopped.
    @Test(arguments: Fixtures.stateCases)
    func savedStatesResumeTheStream(fixture: StateFixture) throws {
        let meta = try fixture.meta
        let session = try Self.model(fixture).makeStatefulSession(batchSize: meta.batch_size)
        _ = try session.predict(Self.tensor(fixture.file(meta.calls[0].input)))
        let saved = session.states
        session.reset()
        #expect(session.states.allSatisfy { $0.h.values.allSatisfy { $0 == 0 } })
        for state in saved { try session.setState(state) }
        #expect(session.states == saved)
        let output = try session.predict(Self.tensor(fixture.file(meta.calls[1].input)))
        try Self.expectClose(output, Self.tensor(fixture.file(meta.calls[1].expected)), "\(fixture) resumed call 2")
    }
}
