import Foundation
import KerasImport
import LSTMW

/// The kinds of model file the commands accept, told apart by their first bytes, not their names.
enum ModelFileKind {
    case lstmw
    case hdf5
    /// A zip archive: a Keras `.keras` file.
    case kerasArchive

    static let lstmwMagic: [UInt8] = [0x89, 0x4C, 0x53, 0x54, 0x4D, 0x57, 0x0D, 0x0A]
    static let hdf5Magic: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// Reads the first bytes of `path`.
    static func detect(path: String) throws -> ModelFileKind {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw CommandFailure("\(path): \(isDirectory.boolValue ? "is a directory" : "cannot be read")")
            }
            throw CommandFailure("\(path): no such file")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4096 + 8)) ?? Data())
        if head.starts(with: lstmwMagic) { return .lstmw }
        // HDF5's superblock sits at 0 or, after a user block, at 512, 1024, 2048, …
        for offset in [0, 512, 1024, 2048, 4096] where head.count >= offset + 8 {
            if Array(head[offset..<(offset + 8)]) == hdf5Magic { return .hdf5 }
        }
        if head.isEmpty { throw CommandFailure("\(path): the file is empty") }
        if head.starts(with: zipMagic) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .kerasArchive }
        throw CommandFailure("\(path): neither a .lstmw file, a Keras HDF5 (.h5) file nor a .keras archive")
    }
}

/// Opens a Keras model: a full `.h5` model or a `.keras` archive, or, with `config` (the JSON
/// `model.to_json()` wrote), a weights-only `.h5`/`.weights.h5` file.
func openKerasModel(path: String, config: String?) throws -> KerasModelFile {
    switch try ModelFileKind.detect(path: path) {
    case .lstmw:
        throw CommandFailure("\(path): already a .lstmw file")
    case .kerasArchive:
        if let config { throw CommandFailure("\(config): a .keras archive holds its own config.json; leave out --config") }
        return try KerasModelFile(path: path)
    case .hdf5:
        if let config { return try KerasModelFile(weightsPath: path, configPath: config) }
        return try KerasModelFile(path: path)
    }
}

/// Loads a model description from a `.lstmw` file or, converting on the fly, a Keras model
/// (see ``openKerasModel(path:config:)``).
func loadModelDescription(path: String, config: String? = nil) throws -> ModelDescription {
    switch try ModelFileKind.detect(path: path) {
    case .lstmw:
        if let config { throw CommandFailure("\(config): --config is for weights-only Keras files, not a .lstmw file") }
        return try LSTMWFile.read(contentsOf: URL(fileURLWithPath: path))
    case .hdf5, .kerasArchive:
        return try openKerasModel(path: path, config: config).modelDescription()
    }
}
