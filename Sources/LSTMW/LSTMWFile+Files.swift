import Foundation

extension LSTMWFile {
    /// Encodes `model` and writes it to `url` atomically.
    ///
    /// The bytes go to a new temporary file in the same directory, which is flushed to disk and
    /// then renamed over `url`, so readers see either the old file or the complete new one. On
    /// any failure (an invalid model, a missing directory, a full disk) the temporary file is
    /// removed and `url` is left untouched. A symbolic link at `url` is replaced, not followed.
    ///
    /// ```swift
    /// try LSTMWFile.write(model, to: URL(fileURLWithPath: "model.lstmw"), producer: "lstm-convert 0.1.0")
    /// ```
    ///
    /// A model its readers would refuse under `limits` (see ``encode(_:producer:limits:)``) is
    /// refused before anything is written: no file, not even a temporary one, is left behind.
    ///
    /// - Throws: the errors of ``encode(_:producer:limits:)``, with the path in front of the
    ///   message, or ``LSTMWError/Code/io`` naming the path.
    public static func write(_ model: ModelDescription, to url: URL, producer: String = defaultProducer,
                             limits: Limits = .default) throws(LSTMWError) {
        guard url.isFileURL else { throw LSTMWError(.io, "\(url.absoluteString) is not a file URL") }
        let bytes: [UInt8]
        do throws(LSTMWError) {
            bytes = try encode(model, producer: producer, limits: limits)
        } catch {
            throw LSTMWError(error.code, "\(url.path): \(error.message)")
        }
        try FileSystem.writeAtomically(bytes, to: url.path)
    }

    /// Reads and decodes the `.lstmw` file at `url`, running every check of ``decode(_:limits:)``.
    ///
    /// A file larger than `limits.maxFileBytes` is refused before it is read.
    ///
    /// ```swift
    /// let model = try LSTMWFile.read(contentsOf: URL(fileURLWithPath: "model.lstmw"))
    /// ```
    ///
    /// - Throws: the errors of ``decode(_:limits:)`` or ``LSTMWError/Code/io``; every message
    ///   starts with the file's path.
    public static func read(contentsOf url: URL, limits: Limits = .default) throws(LSTMWError) -> ModelDescription {
        let bytes = try contents(of: url, limits: limits)
        do throws(LSTMWError) {
            return try decode(bytes, limits: limits)
        } catch {
            throw LSTMWError(error.code, "\(url.path): \(error.message)")
        }
    }

    /// The table of contents of the `.lstmw` file at `url`; see ``inspect(_:limits:)``.
    ///
    /// ```swift
    /// let directory = try LSTMWFile.inspect(contentsOf: URL(fileURLWithPath: "model.lstmw"))
    /// print(directory.version, directory.producer, directory.layers.map(\.name))
    /// ```
    ///
    /// - Throws: the errors of ``read(contentsOf:limits:)``; every message starts with the file's path.
    public static func inspect(contentsOf url: URL, limits: Limits = .default) throws(LSTMWError) -> Directory {
        let bytes = try contents(of: url, limits: limits)
        do throws(LSTMWError) {
            return try inspect(bytes, limits: limits)
        } catch {
            throw LSTMWError(error.code, "\(url.path): \(error.message)")
        }
    }

    private static func contents(of url: URL, limits: Limits) throws(LSTMWError) -> [UInt8] {
        guard url.isFileURL else { throw LSTMWError(.io, "\(url.absoluteString) is not a file URL") }
        return try FileSystem.contents(ofFileAt: url.path, maxBytes: limits.maxFileBytes)
    }
}
