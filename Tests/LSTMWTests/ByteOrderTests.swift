import Testing
@testable import LSTMW

@Suite("Byte-order and message helpers")
struct ByteOrderTests {
    @Test("little-endian loads read the low byte first, at any alignment")
    func loads() {
        let bytes: [UInt8] = [0xFF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]
        bytes.withUnsafeBytes { raw in
            #expect(raw.littleEndianUInt16(at: 1) == 0x0201)
            #expect(raw.littleEndianUInt32(at: 1) == 0x0403_0201)
            #expect(raw.littleEndianUInt64(at: 1) == 0x0807_0605_0403_0201)
        }
        var out: [UInt8] = []
        out.appendLittleEndian(UInt32(0x0403_0201))
        out.appendLittleEndian(UInt16(0xBEEF))
        #expect(out == [0x01, 0x02, 0x03, 0x04, 0xEF, 0xBE])
    }

    @Test("alignment rounds up to 64 and reports overflow")
    func alignment() {
        #expect(alignedUp(0, to: 64) == 0)
        #expect(alignedUp(1, to: 64) == 64)
        #expect(alignedUp(64, to: 64) == 64)
        #expect(alignedUp(65, to: 64) == 128)
        #expect(alignedUp(Int.max, to: 64) == nil)
        #expect(alignedUp(UInt64.max - 62, to: 64) == nil)
        #expect(alignedUp(UInt64.max - 63, to: 64) == UInt64.max - 63)
        #expect(LSTMWPreamble.dataOffset(forHeaderLength: 1562) == 1664)
        #expect(LSTMWPreamble.dataOffset(forHeaderLength: UInt64(UInt32.max)) == 4_294_967_360)
    }

    @Test("hex pads to the type's width")
    func hexDigits() {
        #expect(hex(UInt8(0x5)) == "05")
        #expect(hex(UInt32(0xCBF4_3926)) == "CBF43926")
        #expect(hex(UInt32(1)) == "00000001")
    }

    @Test("quoted names cannot break a message onto several lines")
    func quoting() {
        #expect("lstm_1".quotedForMessage == "'lstm_1'")
        #expect("a\nb\r\u{1B}\u{7F}\u{85}\u{2028}".quotedForMessage == #"'a\u{a}b\u{d}\u{1b}\u{7f}\u{85}\u{2028}'"#)
        #expect(String(repeating: "x", count: 81).quotedForMessage == "'" + String(repeating: "x", count: 80) + "…'")
        #expect("naïve 🧠".quotedForMessage == "'naïve 🧠'")
    }
}
