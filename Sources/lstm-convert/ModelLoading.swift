import Foundation
import KerasImport
import LSTMW

/// The kinds of model file the commands accept, told apart by their first bytes, not their names.
enum ModelFileKind {
    case lstmw
    case hdf5

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
        if head.starts(with: zipMagic) {
            throw CommandFailure("\(path): a zip archive (a Keras 3 .keras file?); .keras archives are not supported yet, save the model with model.save(\"model.h5\")")
        }
        throw CommandFailure("\(path): neither a .lstmw file nor a Keras HDF5 (.h5) model")
    }
}

/// Loads a model description from a `.lstmw` file or, converting on the fly, a Keras `.h5` file.
func loadModelDescription(path: String) throws -> ModelDescription {
    switch try ModelFileKind.detect(path: path) {
    case .lstmw:
        return try LSTMWFile.read(contentsOf: URL(fileURLWithPath: path))
    case .hdf5:
        return try KerasModelFile(path: path).modelDescription()
    }
}
