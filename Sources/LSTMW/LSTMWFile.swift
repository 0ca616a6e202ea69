/// Reads and writes `.lstmw` files: a ``ModelDescription`` in a portable, checksummed binary form.
///
/// A file is a 64-byte preamble, a UTF-8 JSON header naming every layer and where each of its
/// tensors lives, and a data section of little-endian float32 tensors, each aligned to 64 bytes
/// so a reader can map the file and use them in place. `docs/lstmw-format.md` specifies every byte.
///
/// Writing is deterministic (the same description always gives the same bytes) and reading
/// validates everything (magic, version, lengths, checksums, every header key, every tensor's
/// shape and placement, then ``ModelDescription/validate()``) before trusting any of it.
///
/// ```swift
/// let url = URL(fileURLWithPath: "model.lstmw")
/// try LSTMWFile.write(model, to: url, producer: "lstm-convert 0.1.0")
/// let copy = try LSTMWFile.read(contentsOf: url)
/// assert(copy == model)
/// ```
public enum LSTMWFile: Sendable {
    /// The major format version this library writes and reads; a file with any other major
    /// version is refused with ``LSTMWError/Code/unsupportedVersion``.
    public static let majorVersion = 1

    /// The highest minor format version this library writes. Files with a higher minor version of
    /// the same major version are read: minor versions only add header keys older readers may
    /// ignore, and layer types older readers refuse by name.
    ///
    /// Version 1.1 added the `gru` and `simple_rnn` layer types, 1.2 the layer types of sequence
    /// models (Bidirectional, Embedding, Masking, Conv1D, …), seven activations and the optional
    /// `test_vector` (``TestVector``), 1.3 model graphs (``ModelGraph``: several inputs and
    /// outputs, ``MergeLayer``, ``ConcatenateLayer``, recurrent states, Bidirectional without a
    /// merge; such a file has `inputs` instead of `input`, which older readers require), the
    /// `stateful` key of recurrent layers and the `swap_batch_time` layer type. The writer records
    /// the lowest minor version that has everything a file uses, so a file of LSTM and Dense layers
    /// without a test vector is still written as 1.0 (byte-identical to earlier writers, readable by
    /// 1.0 readers), one with a GRU or SimpleRNN as 1.1, one with anything of 1.2 as 1.2, and one
    /// with anything of 1.3 as 1.3.
    public static let minorVersion = 3

    /// The `producer` string ``encode(_:producer:limits:)`` records unless told otherwise.
    public static let defaultProducer = "lstm-swift LSTMW"

    /// The first 8 bytes of every file: `89 4C 53 54 4D 57 0D 0A`, `"\u{89}LSTMW\r\n"`.
    ///
    /// As in PNG, the high-bit first byte and the CR LF pair make 7-bit or text-mode transfers,
    /// which mangle them, fail at once instead of deep inside the weights.
    public static let magic: [UInt8] = [0x89, 0x4C, 0x53, 0x54, 0x4D, 0x57, 0x0D, 0x0A]

    /// The alignment, in bytes, of the header, the data section and every tensor in it.
    public static let alignment = 64

    /// The conventional file name extension, without the dot.
    public static let fileExtension = "lstmw"
}
