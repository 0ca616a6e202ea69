import Foundation

/// Paths to the committed Keras fixtures (see Fixtures/README.md), for tests.
public enum Fixtures {
    /// The repository's `Fixtures/` folder.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every parity fixture: a folder with model.h5, input.npy, expected.npy and meta.json.
    public static var parityCases: [Fixture] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let folder = root.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("expected.npy").path) else {
                return nil
            }
            return Fixture(name: name, folder: folder)
        }
    }

    /// A file under `Fixtures/invalid/`.
    public static func invalid(_ name: String) -> URL { root.appendingPathComponent("invalid").appendingPathComponent(name) }
}

/// One parity fixture.
public struct Fixture: Sendable, CustomStringConvertible {
    public let name: String
    public let folder: URL
    public var model: URL { folder.appendingPathComponent("model.h5") }
    public var input: URL { folder.appendingPathComponent("input.npy") }
    public var expected: URL { folder.appendingPathComponent("expected.npy") }
    public var description: String { name }

    /// The fixture's meta.json, as written by tools/make_fixtures.py.
    public var meta: Meta {
        get throws { try JSONDecoder().decode(Meta.self, from: Data(contentsOf: folder.appendingPathComponent("meta.json"))) }
    }

    public struct Meta: Decodable, Sendable {
        public let keras_version: String
        public let model_kind: String
        public let layer_names: [String]
        public let input_shape: [Int]
        public let output_shape: [Int]
    }
}

/// A temporary directory removed when the value is deinitialized.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lstm-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The names of the files now in the directory.
    public var contents: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }

    deinit { try? FileManager.default.removeItem(at: url) }
}
