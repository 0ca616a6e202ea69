#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileIO
import Foundation
import ZIPFoundation

/// The three members of a Keras `.keras` archive that a conversion needs, read with bounds.
///
/// A `.keras` file is a zip of `metadata.json`, `config.json` and `model.weights.h5` (Keras stores
/// them uncompressed), sometimes with an `assets/` folder. It is read with ZIPFoundation, and
/// nothing is written to disk. Before any member is read, every entry name is checked (no
/// absolute paths, no `..`, no duplicates), and each member read is checked against its size
/// limit and its compression ratio as declared; while it is read, its bytes are counted against
/// the declared size and its CRC-32 is checked.
struct KerasArchive: Sendable {
    /// The archive, for messages.
    let path: String
    /// `config.json`.
    let config: [UInt8]
    /// `metadata.json`, if the archive has one.
    let metadata: [UInt8]?
    /// `model.weights.h5`.
    let weights: [UInt8]

    /// The member names a conversion reads.
    static let configEntry = "config.json"
    static let metadataEntry = "metadata.json"
    static let weightsEntry = "model.weights.h5"

    /// Reads the archive at `path`.
    init(path: String, limits: KerasArchiveLimits = .default) throws(KerasImportError) {
        let size: Int
        do {
            size = try ReadableFile(path: path).size
        } catch {
            throw KerasImportError(.unreadableFile, file: path, error.message.replacingPrefix("\(path): ", with: ""))
        }
        guard size <= limits.maxArchiveBytes else {
            throw KerasImportError(.unreadableFile, file: path, "the archive is \(size) bytes, more than the limit of \(limits.maxArchiveBytes)")
        }
        let tail: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(max(0, size - Self.endRecordWindow)))
            tail = [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw KerasImportError(.unreadableFile, file: path, "cannot read the archive: \(error.localizedDescription)")
        }
        guard Self.hasEndRecord(tail) else { throw KerasImportError(.unreadableFile, file: path, Self.noEndRecord) }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw KerasImportError(.unreadableFile, file: path, Self.describe(error))
        }
        try self.init(archive, path: path, limits: limits)
    }

    /// Reads an archive held in memory (an upload, or what the fuzz target feeds).
    ///
    /// ZIPFoundation 0.9.20's in-memory archives (`Archive(data:)`) trap on a central directory
    /// that points past the end of the data (`Range requires lowerBound <= upperBound` in
    /// `MemoryFile.readData`), so the bytes go to a private temporary file (mode 0600) that is
    /// unlinked as soon as ZIPFoundation has opened it; reads past its end are then short reads.
    init(bytes: [UInt8], path: String, limits: KerasArchiveLimits = .default) throws(KerasImportError) {
        guard bytes.count <= limits.maxArchiveBytes else {
            throw KerasImportError(.unreadableFile, file: path, "the archive is \(bytes.count) bytes, more than the limit of \(limits.maxArchiveBytes)")
        }
        guard Self.hasEndRecord(bytes.suffix(Self.endRecordWindow)) else {
            throw KerasImportError(.unreadableFile, file: path, Self.noEndRecord)
        }
        let archive: Archive
        do {
            archive = try withPrivateTemporaryFile(holding: bytes) { url in try Archive(url: url, accessMode: .read) }
        } catch {
            throw KerasImportError(.unreadableFile, file: path, Self.describe(error))
        }
        try self.init(archive, path: path, limits: limits)
    }

    private init(_ archive: Archive, path: String, limits: KerasArchiveLimits) throws(KerasImportError) {
        func refuse(_ message: String) -> KerasImportError { KerasImportError(.unreadableFile, file: path, message) }
        var entries: [String: Entry] = [:]
        var count = 0
        for entry in archive {
            count += 1
            guard count <= limits.maxEntries else { throw refuse("the archive has more than \(limits.maxEntries) entries") }
            let name = entry.path
            if let problem = Self.unsafeNameProblem(name) {
                throw refuse("entry \(name.quotedForMessage) \(problem); refusing the archive")
            }
            guard entries.updateValue(entry, forKey: name) == nil else {
                throw refuse("entry \(name.quotedForMessage) appears twice; refusing the archive")
            }
            if let problem = Self.expansionProblem(entry, limits: limits) {
                throw refuse("entry \(name.quotedForMessage) \(problem); refusing the archive")
            }
        }
        guard let configEntry = entries[Self.configEntry] else {
            throw KerasImportError(.notAKerasModel, file: path, "no config.json entry: not a Keras .keras archive (it holds \(quotedList(entries.keys.sorted())))")
        }
        guard let weightsEntry = entries[Self.weightsEntry] else {
            let npz = entries["model.weights.npz"] != nil
            throw KerasImportError(npz ? .unsupported : .notAKerasModel, file: path, npz
                ? "the weights are in model.weights.npz (saved with weights_format='npz'); only model.weights.h5 is read"
                : "no model.weights.h5 entry: the archive holds \(quotedList(entries.keys.sorted()))")
        }
        self.path = path
        self.config = try Self.read(configEntry, from: archive, limit: limits.maxJSONBytes, limits: limits, path: path)
        self.metadata = try entries[Self.metadataEntry].map { entry throws(KerasImportError) in
            try Self.read(entry, from: archive, limit: limits.maxMetadataBytes, limits: limits, path: path)
        }
        self.weights = try Self.read(weightsEntry, from: archive, limit: limits.maxWeightsBytes, limits: limits, path: path)
    }

    /// The end of central directory record (22 bytes and a comment of at most 65,535) lies in
    /// the last 65,557 bytes of a zip file.
    static let endRecordWindow = 22 + 65_535

    static let noEndRecord = "not a zip archive, or a truncated one (no end of central directory record)"

    /// Whether `tail` holds the signature of an end of central directory record, `PK\u{5}\u{6}`.
    /// ZIPFoundation looks for it one byte at a time from the end through the *whole* file, which
    /// takes minutes on a large file that has none; this bounds that search.
    static func hasEndRecord(_ tail: some Collection<UInt8>) -> Bool {
        let bytes = Array(tail)
        guard bytes.count >= 22 else { return false }
        return (0...(bytes.count - 22)).contains { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 0x05 && bytes[$0 + 3] == 0x06 }
    }

    /// Why an entry name is unsafe to have in an archive, or `nil` if it is not: absolute paths,
    /// `..` components, backslashes, drive letters and control characters could point an
    /// extractor outside its folder; this reader extracts nothing, but such an archive was not
    /// written by Keras.
    static func unsafeNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "has an empty name" }
        if name.hasPrefix("/") { return "has an absolute path" }
        if name.contains("\\") { return "has a backslash in its name" }
        if name.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return "has a '..' component (path traversal)"
        }
        let scalars = Array(name.unicodeScalars)
        if scalars.count >= 2, scalars[1] == ":", scalars[0].properties.isASCIIHexDigit || scalars[0].properties.isAlphabetic {
            return "starts with a drive letter"
        }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "has a control character in its name" }
        return nil
    }

    /// The bytes of `entry`, after checking what it declares and while counting what it holds.
    private static func read(_ entry: Entry, from archive: Archive, limit: Int, limits: KerasArchiveLimits,
                             path: String) throws(KerasImportError) -> [UInt8] {
        let name = entry.path.quotedForMessage
        func refuse(_ message: String) -> KerasImportError { KerasImportError(.unreadableFile, file: path, "entry \(name) \(message)") }
        guard entry.type == .file else { throw refuse("is a \(entry.type == .symlink ? "symbolic link" : "directory"), not a file") }
        let declared = entry.uncompressedSize
        guard declared <= UInt64(limit) else {
            throw refuse("declares \(declared) bytes uncompressed, more than the limit of \(limit)")
        }
        if entry.isCompressed {
            // ZIPFoundation 0.9.20's inflate on Linux never returns on a deflate stream cut short
            // (it keeps reading zero bytes at the end of the archive), so a hostile archive could
            // hang the reader. Keras stores every member uncompressed.
            throw refuse("is compressed; Keras stores .keras members uncompressed, and compressed members are not read (re-zip with `zip -0`)")
        }
        guard entry.compressedSize == declared else {
            throw refuse("is stored uncompressed but declares \(entry.compressedSize) stored and \(declared) uncompressed bytes")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(declared))
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { chunk in
                guard bytes.count + chunk.count <= Int(declared) else { throw KerasArchiveOverrun() }
                bytes.append(contentsOf: chunk)
            }
        } catch is KerasArchiveOverrun {
            throw refuse("holds more than the \(declared) bytes it declares")
        } catch {
            throw refuse("cannot be read: \(describe(error))")
        }
        guard bytes.count == Int(declared) else {
            throw refuse("holds \(bytes.count) of the \(declared) bytes it declares (the archive is truncated)")
        }
        guard checksum == entry.checksum else {
            throw refuse("is corrupt: its CRC-32 is 0x\(String(checksum, radix: 16)), the archive records 0x\(String(entry.checksum, radix: 16))")
        }
        return bytes
    }

    /// Why a compressed entry's declared sizes make it a decompression bomb, or `nil`: it may
    /// declare up to ``KerasArchiveLimits/expansionAllowance`` bytes, and beyond that at most
    /// ``KerasArchiveLimits/maxExpansionRatio`` times its stored size (deflate's best is about
    /// 1032:1, so real data is far below). Checked for every entry, read or not, as Keras does.
    static func expansionProblem(_ entry: Entry, limits: KerasArchiveLimits) -> String? {
        guard entry.isCompressed else { return nil }
        let (declared, stored) = (entry.uncompressedSize, entry.compressedSize)
        let (bound, overflow) = stored.multipliedReportingOverflow(by: UInt64(limits.maxExpansionRatio))
        guard declared > UInt64(limits.expansionAllowance), !overflow, declared > bound else { return nil }
        return "declares \(declared) bytes from \(stored) compressed, more than \(limits.maxExpansionRatio) times as many (a zip bomb)"
    }

    /// A short phrase for a ZIPFoundation error.
    static func describe(_ error: any Error) -> String {
        switch error {
        case Archive.ArchiveError.unreadableArchive: "not a readable zip archive"
        case Archive.ArchiveError.missingEndOfCentralDirectoryRecord: noEndRecord
        case Archive.ArchiveError.invalidCentralDirectoryEntryCount: "a zip archive with an impossible entry count"
        case Archive.ArchiveError.invalidCentralDirectoryOffset, Archive.ArchiveError.invalidCentralDirectorySize:
            "a zip archive whose central directory lies outside the file"
        case Archive.ArchiveError.invalidLocalHeaderDataOffset: "a zip entry whose data lies outside the file"
        case Archive.ArchiveError.invalidEntrySize: "a zip entry with an impossible size"
        case Archive.ArchiveError.invalidCompressionMethod: "a zip entry with an unknown compression method"
        default: "zip error: \(String(describing: error).escapedForMessage(maxLength: 120))"
        }
    }
}

/// Writes `bytes` to a new file only this user can read, calls `body` with it, and removes it
/// when `body` returns (a file opened by `body` stays readable through its descriptor).
private func withPrivateTemporaryFile<T>(holding bytes: [UInt8], _ body: (URL) throws -> T) throws -> T {
    var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("lstm-swift-keras-XXXXXX").path.utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
    let path = String(cString: template.map { UInt8(bitPattern: $0) } + [0])
    defer { unlink(path) }
    var written = 0
    while written < bytes.count {
        let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
        guard count > 0 else { close(descriptor); throw CocoaError(.fileWriteUnknown) }
        written += count
    }
    close(descriptor)
    return try body(URL(fileURLWithPath: path))
}

/// Thrown from the extraction callback when an entry holds more than it declared.
private struct KerasArchiveOverrun: Error {}

/// Bounds on what a `.keras` archive may declare, checked before anything is read.
public struct KerasArchiveLimits: Sendable, Equatable {
    /// The archive file itself (default 2 GiB + 64 MiB).
    public var maxArchiveBytes: Int
    /// `model.weights.h5` (default 2 GiB, `HDF5File.maxImageBytes`).
    public var maxWeightsBytes: Int
    /// `config.json` (default 8 MiB, the limit on any Keras configuration).
    public var maxJSONBytes: Int
    /// `metadata.json` (default 64 KiB; Keras writes about 64 bytes).
    public var maxMetadataBytes: Int
    /// Entries in the central directory (default 10,000).
    public var maxEntries: Int
    /// How many times its stored size a compressed member may declare once it declares more than
    /// ``expansionAllowance`` (default 100, what Keras itself allows).
    public var maxExpansionRatio: Int
    /// What a compressed member may always declare (default 1 MiB).
    public var expansionAllowance: Int

    /// The defaults.
    public static let `default` = KerasArchiveLimits(
        maxArchiveBytes: (1 << 31) + (64 << 20), maxWeightsBytes: 1 << 31, maxJSONBytes: JSONValue.maxBytes,
        maxMetadataBytes: 64 << 10, maxEntries: 10_000, maxExpansionRatio: 100, expansionAllowance: 1 << 20)
}
