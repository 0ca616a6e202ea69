import Foundation
import LSTMW

extension Model {
    /// Loads the `.lstmw` file at `url`, as written by `lstm-convert model.h5 model.lstmw`.
    ///
    /// The whole file is checked before any of it is trusted (magic, version, lengths,
    /// checksums, header, every tensor's shape, finite weights; see `LSTMWFile.read`), then its
    /// weights are packed for the runtime. Load once, at startup, and share the `Model`.
    ///
    /// ```swift
    /// let model = try Model(contentsOf: URL(fileURLWithPath: "model.lstmw"))
    /// ```
    ///
    /// - Parameters:
    ///   - url: A file URL.
    ///   - limits: Bounds on what the file may declare; raise them to load a very large model.
    /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/io`` if the file cannot be read,
    ///   or ``RuntimeError/Code/invalidFile`` if it is not a valid `.lstmw` file. The message
    ///   starts with the file's path and says what is wrong, for example
    ///   `model.lstmw: data section checksum mismatch: stored 0x1c2b3a49, computed 0x8d1e0f22`.
    public convenience init(contentsOf url: URL, limits: LSTMWFile.Limits = .default) throws(RuntimeError) {
        // The reader streams the file and hands the recurrent and Dense weights to the sink,
        // which packs them as they come: no decoded copy of them is ever made.
        var sink = PackingSink()
        let description: ModelDescription
        do {
            description = try LSTMWFile.read(contentsOf: url, limits: limits, into: &sink)
        } catch {
            throw RuntimeError(fileError: error, path: url.isFileURL ? url.path : url.absoluteString)
        }
        // The reader has run every check of `ModelDescription.validate()`.
        try self.init(description, kernels: Kernels(path: .preferred), threads: nil, validated: true,
                      packed: sink.packedLayers(description))
    }

    /// Loads a model from the bytes of a `.lstmw` file, such as a request body or a resource.
    ///
    /// Runs every check of ``init(contentsOf:limits:)``. Contiguous collections, such as
    /// `[UInt8]`, `Data` or `ArraySlice<UInt8>`, are read in place; others are copied once.
    ///
    /// ```swift
    /// let bytes: [UInt8] = try await downloadModel()   // from object storage, a resource, ...
    /// let model = try Model(bytes: bytes)
    /// ```
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - limits: Bounds on what the file may declare; raise them to load a very large model.
    /// - Throws: ``RuntimeError`` with code ``RuntimeError/Code/invalidFile`` saying what is wrong
    ///   with the bytes.
    public convenience init(bytes: some Collection<UInt8>, limits: LSTMWFile.Limits = .default) throws(RuntimeError) {
        var sink = PackingSink()
        let description: ModelDescription
        do {
            description = try LSTMWFile.decode(bytes, limits: limits, into: &sink)
        } catch {
            throw RuntimeError(fileError: error, path: nil)
        }
        try self.init(description, kernels: Kernels(path: .preferred), threads: nil, validated: true,
                      packed: sink.packedLayers(description))
    }

    /// Loads a model from the bytes of a `.lstmw` file held in a `Data`.
    ///
    /// ```swift
    /// let model = try Model(data: Data(contentsOf: url))
    /// ```
    ///
    /// - Parameters:
    ///   - data: The whole file.
    ///   - limits: Bounds on what the file may declare; raise them to load a very large model.
    /// - Throws: the same as ``init(bytes:limits:)``.
    public convenience init(data: Data, limits: LSTMWFile.Limits = .default) throws(RuntimeError) {
        try self.init(bytes: data, limits: limits)
    }
}

extension RuntimeError {
    /// The runtime's error for a `.lstmw` file or byte buffer that `LSTMWFile` refused:
    /// ``Code/io`` when it could not be read, ``Code/invalidFile`` otherwise. The message keeps
    /// the reader's reason and names `path` when there is one.
    init(fileError: LSTMWError, path: String?) {
        let code: Code = fileError.code == .io ? .io : .invalidFile
        var message = fileError.message
        if let path, !message.contains(path) { message = "\(path): \(message)" }
        self.init(code, message)
    }
}
