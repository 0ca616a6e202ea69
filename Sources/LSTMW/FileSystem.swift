import FileIO

/// The file operations ``LSTMWFile`` needs, with ``LSTMWError``s that name the path.
enum FileSystem {
    /// The whole regular file at `path`, refusing one larger than `maxBytes` before reading it.
    static func contents(ofFileAt path: String, maxBytes: Int) throws(LSTMWError) -> [UInt8] {
        do {
            return try ReadableFile.contents(ofFileAt: path, maxBytes: maxBytes)
        } catch {
            throw LSTMWError(error.kind == .tooLarge ? .limitExceeded : .io, error.message)
        }
    }

    /// Writes `bytes` to `path` atomically; on failure nothing is left behind.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(LSTMWError) {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw LSTMWError(.io, error.message)
        }
    }
}
