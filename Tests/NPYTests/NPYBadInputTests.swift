import Foundation
import Testing
@testable import NPY

/// Hostile `.npy` input: every cut point and every flipped byte of the fixtures' arrays, huge
/// declared shapes, oversized headers, and the fuzzer's findings. Each must be refused (or, for
/// a flipped data byte, read) without trapping or allocating what the header claims, and every
/// error must be one short line.
@Suite struct NPYBadInputTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let arrays = ["k2_lstm_single/input.npy", "k2_lstm_single/expected.npy", "k3_lstm_stacked_softmax/input.npy"]

    static func array(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// The error decoding `bytes` throws, checked to be one short line; `nil` if they decode.
    @discardableResult
    static func failure(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> NPYError? {
        do {
            let array = try NPYFile.decode(bytes)
            #expect(array.count == array.shape.reduce(1, *), sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(isOneLine(error.message), "not one line: \(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.utf8.count < 1000, "too long: \(error.message.prefix(200))", sourceLocation: sourceLocation)
            return error
        }
    }

    @Test(arguments: arrays)
    func everyTruncationIsRefused(name: String) throws {
        let file = try Self.array(name)
        #expect(Self.failure(file) == nil)
        for cut in 0..<file.count {
            let error = Self.failure(Array(file[..<cut]))
            #expect(error != nil, "\(name) cut at \(cut) decoded")
            if cut >= 10 { #expect(error?.code == .truncated, "\(name) cut at \(cut): \(String(describing: error))") }
        }
    }

    @Test(arguments: arrays)
    func everyFlippedByteIsReadOrRefusedCleanly(name: String) throws {
        let file = try Self.array(name)
        let dataStart = file.count - (try NPYFile.decode(file)).count * 4
        for index in file.indices {
            var flipped = file
            flipped[index] ^= 1 << UInt8(index % 8)
            let error = Self.failure(flipped)
            if index >= dataStart { #expect(error == nil, "\(name): a flipped data byte \(index) was refused") }
        }
    }

    @Test func emptyAndForeignFilesAreNotNPY() {
        #expect(Self.failure([])?.code == .notNPY)
        #expect(Self.failure(Array("\u{89}LSTMW\r\n".utf8))?.code == .notNPY)
        #expect(Self.failure(Array("\u{93}NUMPX".utf8))?.code == .notNPY)
        #expect(Self.failure(npyBytes(major: 4, header: "{}"))?.code == .unsupportedVersion)
    }

    /// A 60-byte file claiming 2^40 float32 elements (4 TiB) is refused as truncated, at once.
    @Test func aHeaderDeclaringTwoToTheFortyElementsAllocatesNothing() {
        let error = Self.failure(npyBytes(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1048576, 1048576), }",
                                          data: [0, 0, 0, 0]))
        #expect(error?.code == .truncated)
        #expect(error?.message.contains("needs 4398046511104") == true, "\(String(describing: error))")
        let overflow = Self.failure(npyBytes(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"))
        #expect(overflow?.code == .invalidShape)
        let huge = Self.failure(npyBytes(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"))
        #expect(huge?.code == .invalidShape)
    }

    @Test func headersLongerThanTheLimitAreRefusedBeforeTheyAreRead() {
        let long = npyBytes(major: 2, header: "", declaredLength: NPYFile.maximumHeaderLength + 1)
        #expect(Self.failure(long)?.code == .malformedHeader)
        let deep = String(repeating: "[", count: 10_000)
        #expect(Self.failure(npyBytes(header: "{'shape': \(deep)"))?.code == .malformedHeader)
    }

    /// Fuzzer finding (fuzz-npy, 2 s in): a dict key holding a vertical tab (and any other control
    /// character) went into the message raw, which then spanned two lines.
    @Test func controlCharactersInKeysAndDTypesMakeOneLineMessages() {
        let key = Self.failure(npyBytes(header: "{'de\u{0B}scr': '<f4', 'fortran_order': False, 'shape': (), }"))
        #expect(key?.code == .malformedHeader)
        #expect(key?.message.contains(#"'de\u{b}scr'"#) == true, "\(String(describing: key))")
        let escaped = Self.failure(npyBytes(header: #"{'descr': '<f4\n\x85', 'fortran_order': False, 'shape': (), }"#))
        #expect(escaped?.code == .unsupportedDType)
        let missingColon = Self.failure(npyBytes(header: "{'a\u{0C}b' 1}"))
        #expect(missingColon?.code == .malformedHeader)
        let latin1 = Self.failure(npyBytes(header: "{'descr': '\u{85}\u{2028}', 'fortran_order': False, 'shape': (), }"))
        #expect(latin1?.code == .unsupportedDType)
    }

    @Test func hugeNamesAndNumbersMakeShortMessages() {
        let name = Self.failure(npyBytes(major: 2, header: "{'descr': " + String(repeating: "x", count: 60_000) + "}"))
        #expect(name?.code == .malformedHeader)
        let number = Self.failure(npyBytes(major: 2, header: "{'descr': '<f4', 'fortran_order': False, 'shape': (" + String(repeating: "9", count: 60_000) + ",), }"))
        #expect(number?.code == .invalidShape)
        let key = Self.failure(npyBytes(major: 2, header: "{'" + String(repeating: "k", count: 60_000) + "': 1}"))
        #expect(key?.code == .malformedHeader)
    }
}

/// Whether `text` has no line break of any kind (LF, CR, VT, FF, NEL, U+2028, U+2029).
private func isOneLine(_ text: String) -> Bool { !text.contains { $0.isNewline } }
