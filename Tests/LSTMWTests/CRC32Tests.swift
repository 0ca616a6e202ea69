import Testing
@testable import LSTMW

@Suite("CRC-32")
struct CRC32Tests {
    /// The textbook bit-at-a-time definition, to check the sliced table loop against.
    private func reference(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    @Test("check value of \"123456789\" is 0xCBF43926")
    func checkValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test("known vectors")
    func knownVectors() {
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(CRC32.checksum([UInt8](repeating: 0, count: 32)) == 0x190A_55AD)
    }

    @Test("the sliced loop agrees with the bitwise definition at every length and alignment")
    func agreesWithReference() {
        var generator = SeededGenerator(seed: 7)
        let bytes = (0..<300).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for start in 0..<9 {
            for end in stride(from: start, through: bytes.count, by: 7) {
                let slice = Array(bytes[start..<end])
                #expect(CRC32.checksum(slice) == reference(slice), "bytes \(start)..<\(end)")
            }
        }
    }

    @Test("updating in pieces equals one pass")
    func incremental() {
        var generator = SeededGenerator(seed: 8)
        let bytes = (0..<1000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for cut in [0, 1, 7, 8, 9, 500, 999, 1000] {
            var crc = CRC32()
            bytes[..<cut].withUnsafeBytes { crc.update($0) }
            bytes[cut...].withUnsafeBytes { crc.update($0) }
            #expect(crc.value == CRC32.checksum(bytes), "cut at \(cut)")
        }
    }

    @Test("folding by carry-less multiplication agrees with the table loop at every length and alignment")
    func foldingAgreesWithTables() {
        var generator = SeededGenerator(seed: 9)
        let bytes = (0..<(1 << 16) + 40).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        func checksums(_ range: Range<Int>) -> (folded: UInt32, tables: UInt32) {
            bytes[range].withUnsafeBytes { raw in
                var (folded, tables) = (CRC32(), CRC32())
                folded.update(raw, folding: true)
                tables.update(raw, folding: false)
                return (folded.value, tables.value)
            }
        }
        guard CRC32.folds else { return }  // no PCLMULQDQ here: the tables are the only path
        for start in 0..<17 {
            for length in [0, 15, 16, 63, 64, 65, 79, 80, 127, 128, 129, 191, 192, 255, 256, 1000, 4096, 65_536] {
                let (folded, tables) = checksums(start..<(start + length))
                #expect(folded == tables, "bytes \(start)..<\(start + length)")
            }
        }
        #expect(checksums(0..<bytes.count).folded == reference(bytes))
    }
}
