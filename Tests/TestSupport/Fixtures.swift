import Foundation

/// Paths to the committed Keras fixtures (see Fixtures/README.md), for tests.
public enum Fixtures {
    /// The repository's `Fixtures/` folder.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every parity fixture: a folder with a model, input.npy, expected.npy and meta.json, either
    /// directly in `Fixtures/` (full-model `.h5` files) or in `Fixtures/kinds/` (`.keras` archives
    /// and weights-only files with a config; their meta.json names the files).
    public static var parityCases: [Fixture] {
        cases(in: root, prefix: "") + cases(in: root.appendingPathComponent("kinds"), prefix: "kinds/")
    }

    /// The parity fixtures of `Fixtures/kinds/` alone.
    public static var fileKindCases: [Fixture] { cases(in: root.appendingPathComponent("kinds"), prefix: "kinds/") }

    private static func cases(in directory: URL, prefix: String) -> [Fixture] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            let folder = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("expected.npy").path) else {
                return nil
            }
            return Fixture(name: prefix + name, folder: folder)
        }
    }

    /// A file under `Fixtures/invalid/`.
    public static func invalid(_ name: String) -> URL { root.appendingPathComponent("invalid").appendingPathComponent(name) }
}

/// One parity fixture.
public struct Fixture: Sendable, CustomStringConvertible {
    public let name: String
    public let folder: URL
    public let modelFile: String
    public let configFile: String?

    public init(name: String, folder: URL) {
        self.name = name
        self.folder = folder
        let files = try? JSONDecoder().decode(Files.self, from: Data(contentsOf: folder.appendingPathComponent("meta.json")))
        self.modelFile = files?.model_file ?? "model.h5"
        self.configFile = files?.config_file
    }

    /// The model: `model.h5`, or the file meta.json's `model_file` names (`model.keras`, `model.weights.h5`).
    public var model: URL { folder.appendingPathComponent(modelFile) }
    /// The `model.to_json()` configuration of a weights-only model (meta.json's `config_file`).
    public var config: URL? { configFile.map { folder.appendingPathComponent($0) } }
    public var input: URL { folder.appendingPathComponent("input.npy") }
    public var expected: URL { folder.appendingPathComponent("expected.npy") }
    public var description: String { name }

    /// The fixture's meta.json, as written by tools/make_fixtures.py or tools/make_file_kind_fixtures.py.
    public var meta: Meta {
        get throws { try JSONDecoder().decode(Meta.self, from: Data(contentsOf: folder.appendingPathComponent("meta.json"))) }
    }

    public struct Meta: Decodable, Sendable {
        /// As recorded anywhere in the saved files; `null` for a Keras 3 `.weights.h5` with its config.
        public let keras_version: String?
        public let model_kind: String
        public let layer_names: [String]
        public let input_shape: [Int]
        public let output_shape: [Int]
        /// `keras_archive`, `weights_h5` or `weights_h5_legacy` (Fixtures/kinds only).
        public let file_kind: String?
    }

    private struct Files: Decodable {
        let model_file: String?
        let config_file: String?
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
