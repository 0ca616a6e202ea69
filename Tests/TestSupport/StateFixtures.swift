import Foundation

extension Fixtures {
    /// The stateful fixtures of `Fixtures/state/` (tools/make_state_fixtures.py): a model with
    /// `stateful=True` layers and the outputs Keras gave for a series of calls.
    public static var stateCases: [StateFixture] {
        let directory = root.appendingPathComponent("state")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { StateFixture(name: $0, folder: directory.appendingPathComponent($0)) }
    }
}

/// One stateful fixture: `model.h5`, the chunks fed call after call, Keras's output for each call,
/// and the state Keras's layers held after one of them.
public struct StateFixture: Sendable, CustomStringConvertible {
    public let name: String
    public let folder: URL

    public var model: URL { folder.appendingPathComponent("model.h5") }
    public var description: String { name }
    /// A file of the fixture, such as `chunk1.npy`.
    public func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    /// The fixture's meta.json, as tools/make_state_fixtures.py writes it.
    public var meta: Meta {
        get throws { try JSONDecoder().decode(Meta.self, from: Data(contentsOf: folder.appendingPathComponent("meta.json"))) }
    }

    public struct Meta: Decodable, Sendable {
        public let keras_version: String
        /// The batch size the Keras model was built for.
        public let batch_size: Int
        /// The calls, in order.
        public let calls: [Call]
        /// After which call (1-based) ``states`` were recorded.
        public let states_after_call: Int
        /// Each stateful recurrent layer's state files: `h`, and `c` for an LSTM.
        public let states: [String: [String: String]]
    }

    /// One `model.predict` call.
    public struct Call: Decodable, Sendable {
        /// The chunk, `[batch, time, features]`.
        public let input: String
        /// Keras's output for it.
        public let expected: String
        /// Whether the states were reset right before the call.
        public let reset_before: Bool
    }
}
