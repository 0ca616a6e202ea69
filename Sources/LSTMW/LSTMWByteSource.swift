import FileIO

/// Where a streaming read takes the bytes of a `.lstmw` file from, front to back.
package protocol LSTMWByteSource {
    /// The file's size in bytes.
    var count: Int { get }

    /// The next `count` bytes, valid until the next call; nil if the source ends or fails first.
    mutating func next(_ count: Int) -> UnsafeRawBufferPointer?
}

/// A `.lstmw` file already in memory, read in place.
struct LSTMWMemorySource: LSTMWByteSource {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var count: Int { bytes.count }

    mutating func next(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, count <= bytes.count - position else { return nil }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }
}

/// A `.lstmw` file on disk, read piece by piece into one buffer that grows to the largest piece
/// asked for, so the whole file is never in memory at once. A file that shrinks while it is
/// read ends the source early (nil), never a crash.
final class LSTMWFileSource: LSTMWByteSource {
    private let file: ReadableFile
    private var buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    let count: Int

    /// Opens the regular file at `path`.
    init(path: String) throws(FileIOError) {
        file = try ReadableFile(path: path)
        count = file.size
    }

    deinit { buffer.deallocate() }

    func next(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0 else { return nil }
        if count > buffer.count {
            buffer.deallocate()
            buffer = .allocate(byteCount: count, alignment: 64)
        }
        let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
        guard count > 0 else { return UnsafeRawBufferPointer(piece) }
        guard let read = try? file.read(into: piece), read == count else { return nil }
        return UnsafeRawBufferPointer(piece)
    }
}
