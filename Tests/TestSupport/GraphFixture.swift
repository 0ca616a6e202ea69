import Foundation

/// One Functional-graph fixture of `Fixtures/graph/` (tools/make_graph_fixtures.py): `model.h5`,
/// `input_<i>.npy` per model input and `expected_<j>.npy` per model output, and meta.json naming
/// them in the model's order.
public struct GraphFixture: Sendable, CustomStringConvertible {
    public let name: String
    public let folder: URL

    /// Every folder of `Fixtures/graph/`.
    public static var all: [GraphFixture] {
        let directory = Fixtures.root.appendingPathComponent("graph")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { GraphFixture(name: $0, folder: directory.appendingPathComponent($0)) }
    }

    public var model: URL { folder.appendingPathComponent("model.h5") }
    public var description: String { "graph/\(name)" }

    /// The input files, in the model's order.
    public var inputs: [URL] { numbered("input") }
    /// The expected output files, in the model's order.
    public var expected: [URL] { numbered("expected") }

    /// The fixture's meta.json.
    public var meta: Meta {
        get throws { try JSONDecoder().decode(Meta.self, from: Data(contentsOf: folder.appendingPathComponent("meta.json"))) }
    }

    /// What tests read of meta.json.
    public struct Meta: Decodable, Sendable {
        public let input_names: [String]
        public let output_names: [String]
        public let keras_version: String
    }

    private func numbered(_ stem: String) -> [URL] {
        var files: [URL] = []
        while case let file = folder.appendingPathComponent("\(stem)_\(files.count).npy"),
              FileManager.default.fileExists(atPath: file.path) {
            files.append(file)
        }
        return files
    }
}
