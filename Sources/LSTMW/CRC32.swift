import CCRC32

/// CRC-32 as in zlib, PNG and Ethernet (IEEE 802.3): the reflected polynomial `0xEDB88320`,
/// initial value `0xFFFFFFFF`, final XOR `0xFFFFFFFF`. The check value of `"123456789"` is
/// `0xCBF43926`.
///
/// On x86-64 with PCLMULQDQ the bulk is folded 64 bytes at a time by carry-less multiplication
/// (`CCRC32`, about 8 GB/s); elsewhere, and for the last bytes, a table-driven loop reads sixteen
/// bytes at a time ("slicing-by-16": sixteen independent lookups per step instead of one per
/// byte). So checking the data section of a large model costs little next to reading it.
struct CRC32: Sendable {
    /// The running register, before the final XOR.
    private var register: UInt32 = 0xFFFF_FFFF

    /// Creates a checksum of no bytes.
    init() {}

    /// The checksum of everything passed to ``update(_:)`` so far.
    var value: UInt32 { register ^ 0xFFFF_FFFF }

    /// Whether this CPU folds 16 bytes at a time with carry-less multiplication (x86-64 with
    /// PCLMULQDQ, in `CCRC32`); the table loop is the reference and covers every other CPU.
    static let folds = ccrc32_fold_available() != 0

    /// Adds `bytes` to the checksum: with `folding`, all but the last `count % 16` bytes (of 64
    /// or more) by carry-less multiplication, the rest by the tables.
    mutating func update(_ bytes: UnsafeRawBufferPointer, folding: Bool = CRC32.folds) {
        guard folding, bytes.count >= 64, let base = bytes.baseAddress else {
            updateByTables(bytes)
            return
        }
        let folded = bytes.count & ~15
        register = ccrc32_fold(register, base.assumingMemoryBound(to: UInt8.self), folded)
        updateByTables(UnsafeRawBufferPointer(rebasing: bytes[folded...]))
    }

    /// Adds `bytes` to the checksum with the table loop.
    private mutating func updateByTables(_ bytes: UnsafeRawBufferPointer) {
        var crc = register
        crcTables.withUnsafeBufferPointer { tables in
            let table = tables.baseAddress!
            func word(_ offset: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
            func lookup(_ slice: Int, _ value: UInt32) -> UInt32 { table[slice &* 256 &+ Int(value & 0xFF)] }
            var index = 0
            let count = bytes.count
            while count &- index >= 16 {
                let one = word(index) ^ crc, two = word(index &+ 4), three = word(index &+ 8), four = word(index &+ 12)
                let first = lookup(15, one) ^ lookup(14, one >> 8) ^ lookup(13, one >> 16) ^ lookup(12, one >> 24)
                let second = lookup(11, two) ^ lookup(10, two >> 8) ^ lookup(9, two >> 16) ^ lookup(8, two >> 24)
                let third = lookup(7, three) ^ lookup(6, three >> 8) ^ lookup(5, three >> 16) ^ lookup(4, three >> 24)
                let fourth = lookup(3, four) ^ lookup(2, four >> 8) ^ lookup(1, four >> 16) ^ lookup(0, four >> 24)
                crc = first ^ second ^ third ^ fourth
                index &+= 16
            }
            while index < count {
                crc = lookup(0, crc ^ UInt32(bytes[index])) ^ (crc >> 8)
                index &+= 1
            }
        }
        register = crc
    }

    /// The checksum of `bytes`.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// The checksum of `bytes`.
    static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        if let value = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0)) }) {
            return value
        }
        return Array(bytes).withUnsafeBytes { checksum($0) }
    }
}

/// Sixteen 256-entry tables: table 0 is the classic byte-at-a-time table, table `k` advances a
/// byte that is followed by `k` more.
private let crcTables: [UInt32] = {
    var tables = [UInt32](repeating: 0, count: 16 * 256)
    for byte in 0..<256 {
        var crc = UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        tables[byte] = crc
    }
    for slice in 1..<16 {
        for byte in 0..<256 {
            let previous = tables[(slice - 1) * 256 + byte]
            tables[slice * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
        }
    }
    return tables
}()
