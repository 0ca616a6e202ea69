import CHDF5
import Foundation

/// An HDF5 file opened read-only.
///
/// ```swift
/// let file = try HDF5File(path: "model.h5")
/// let version = try file.root.stringAttribute("keras_version")
/// let kernel = try file.root.group("model_weights").dataset("lstm/lstm/lstm_cell/kernel").readFloats()
/// ```
/// Handles close when the last reference to them goes away. Calls into libhdf5 are serialized.
public final class HDF5File: Sendable {
    /// The path the file was opened from.
    public let path: String
    let handle: HDF5Handle

    /// Opens `path` read-only.
    /// - Throws: ``HDF5Error`` with code ``HDF5Error/Code/cannotOpen`` if the file is missing or
    ///   unreadable, or ``HDF5Error/Code/notHDF5`` if it is not an HDF5 file.
    public init(path: String) throws(HDF5Error) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HDF5Error(.cannotOpen, "\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw HDF5Error(.cannotOpen, "\(path): is a directory") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw HDF5Error(.cannotOpen, "\(path): permission denied")
        }
        self.path = path
        self.handle = try withHDF5 { () throws(HDF5Error) -> HDF5Handle in
            guard H5Fis_hdf5(path) > 0 else {
                _ = hdf5LastErrorMessage()
                throw HDF5Error(.notHDF5, "\(path): not an HDF5 file")
            }
            let id = try hdf5Check(H5Fopen(path, chdf5_acc_rdonly(), chdf5_p_default()),
                                   "\(path): cannot open", code: .cannotOpen)
            return HDF5Handle(id, .file)
        }
    }

    init(handle: HDF5Handle, path: String) {
        self.handle = handle
        self.path = path
    }

    /// The root group, `/`.
    public var root: HDF5Group {
        HDF5Group(handle: handle, path: "/", file: self)
    }
}
