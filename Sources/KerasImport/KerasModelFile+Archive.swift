import FileIO
import Foundation
import HDF5

extension KerasModelFile {
    /// Opens a Keras `.keras` archive held in memory, as ``init(path:)`` opens one on disk;
    /// `path` only names it in messages.
    ///
    /// ```swift
    /// let model = try KerasModelFile(archiveBytes: uploadedBytes, path: "upload.keras")
    /// ```
    ///
    /// - Throws: ``KerasImportError`` naming the archive and the entry, layer or dataset at fault.
    public init(archiveBytes: [UInt8], path: String, limits: KerasArchiveLimits = .default) throws(KerasImportError) {
        self = try KerasModelFile(archive: KerasArchive(bytes: archiveBytes, path: path, limits: limits))
    }

    /// Opens the `.keras` archive at `path` with limits other than the defaults.
    ///
    /// - Throws: ``KerasImportError`` naming the archive and the entry, layer or dataset at fault.
    public init(archivePath path: String, limits: KerasArchiveLimits) throws(KerasImportError) {
        self = try KerasModelFile(archive: KerasArchive(path: path, limits: limits))
    }

    /// The model in a `.keras` archive: `config.json`, the generation from `metadata.json` (or
    /// the config's form), and `model.weights.h5` opened in memory.
    init(archive: KerasArchive) throws(KerasImportError) {
        let path = archive.path
        let configLocation = "\(path): \(KerasArchive.configEntry)"
        let config = try KerasModelConfig(document: archive.config, file: configLocation)
        var recorded: String?
        if let metadata = archive.metadata {
            guard let text = String(validating: metadata, as: UTF8.self), let json = JSONValue.parse(text), json.object != nil else {
                throw KerasImportError(.malformedConfig, file: "\(path): \(KerasArchive.metadataEntry)", "not a JSON object")
            }
            recorded = json["keras_version"]?.string
        }
        let decision = try KerasGenerationDecision.decide(
            recorded: recorded, recordedWhere: "metadata.json's keras_version", config: config.form, file: path)
        let file: HDF5File
        do {
            file = try HDF5File(image: archive.weights, name: KerasArchive.weightsEntry)
        } catch {
            throw KerasImportError(.unreadableFile, file: path, "entry 'model.weights.h5': \(error.message.replacingPrefix("\(KerasArchive.weightsEntry): ", with: ""))")
        }
        let weights = try KerasSaveableWeights.locate(config, in: file.root, file: path)
        self.init(path: path, configLocation: configLocation, config: config,
                  layers: zip(config.layers, weights).map { KerasLayer(config: $0, weights: $1) },
                  file: file, decision: decision, backend: nil)
    }

    /// Whether the file at `path` starts like a zip archive (`PK\u{3}\u{4}`, or `PK\u{5}\u{6}` for an empty one).
    static func isZipArchive(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        return head == [0x50, 0x4B, 0x03, 0x04] || head == [0x50, 0x4B, 0x05, 0x06]
    }
}
