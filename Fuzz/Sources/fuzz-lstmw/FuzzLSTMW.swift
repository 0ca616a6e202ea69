import FuzzSupport
import LSTMW

// Fuzzes the .lstmw reader: `LSTMWFile.decode` and `LSTMWFile.inspect` on the raw input, then on
// a copy whose three CRC-32s are recomputed, so mutations get past the checksums and reach the
// header parser, the layout checks and validation. Properties checked besides "no crash":
// - inspect succeeds exactly when decode does;
// - every error is one short line;
// - an accepted model re-encodes under the same limits (the writer refuses only what the reader
//   refuses), and the re-encoded bytes decode to the same model.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    check(bytes, "raw")
    if bytes.count >= 64 { check(repairingChecksums(bytes), "repaired") }
    return 0
}

private func check(_ bytes: [UInt8], _ variant: String) {
    var limits = LSTMWFile.Limits.default
    limits.maxTensorElements = 1 << 22   // keep the fuzzer's memory bounded; the logic is the same
    let decoded = Result { () throws(LSTMWError) in try LSTMWFile.decode(bytes, limits: limits) }
    let inspected = Result { () throws(LSTMWError) in try LSTMWFile.inspect(bytes[...], limits: limits) }
    switch (decoded, inspected) {
    case (.success(let model), .success(let directory)):
        FuzzCheck.require(directory.layers.count == model.layers.count, "\(variant): inspect and decode disagree on layers")
        for layer in directory.layers {
            for tensor in layer.tensors {
                FuzzCheck.require(tensor.offset % 64 == 0 && tensor.byteRange.upperBound <= bytes.count,
                                  "\(variant): tensor \(tensor.name) outside the file")
            }
        }
        do {
            let again = try LSTMWFile.decode(try LSTMWFile.encode(model, producer: directory.producer, limits: limits), limits: limits)
            FuzzCheck.require(again == model, "\(variant): round trip changed the model")
        } catch {
            fatalError("\(variant): an accepted model does not re-encode: \(error)")
        }
    case (.failure(let error), .failure(let other)):
        FuzzCheck.require(error == other, "\(variant): decode and inspect fail differently: \(error) / \(other)")
        FuzzCheck.oneLine(error.description, "\(variant) decode")
    default:
        fatalError("\(variant): decode and inspect disagree: \(decoded) / \(inspected)")
    }
}

/// A copy of `bytes` with the header, data and preamble CRC-32s recomputed over the ranges the
/// preamble declares (clamped to the input).
private func repairingChecksums(_ bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    func load(_ offset: Int, _ width: Int) -> UInt64 {
        (0..<width).reduce(UInt64(0)) { $0 | UInt64(out[offset + $1]) << (8 * UInt64($1)) }
    }
    func store32(_ value: UInt32, at offset: Int) {
        for i in 0..<4 { out[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }
    let headerLength = Int(load(12, 4))
    let headerEnd = min(out.count, 64 + headerLength)
    store32(crc32(out[64..<headerEnd]), at: 48)
    let dataOffset = min(UInt64(out.count), load(24, 8))
    let dataEnd = min(UInt64(out.count), dataOffset &+ min(load(32, 8), UInt64(out.count)))
    store32(crc32(out[Int(dataOffset)..<Int(max(dataOffset, dataEnd))]), at: 52)
    store32(crc32(out[0..<60]), at: 60)
    return out
}

private let crcTable: [UInt32] = (0..<256).map { n in
    (0..<8).reduce(UInt32(n)) { c, _ in c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
}

private func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    ~bytes.reduce(~UInt32(0)) { crc, byte in crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
}

/// The entry point SwiftPM links as `main` (see CFuzzer.h).
@_cdecl("fuzz_lstmw_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOneInput)
}
