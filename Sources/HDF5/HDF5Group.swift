import CHDF5

/// A group in an open ``HDF5File``: it holds links to groups and datasets, and attributes.
public struct HDF5Group: Sendable {
    let handle: HDF5Handle
    /// The group's absolute path in the file, such as `/model_weights/lstm`.
    public let path: String
    /// The file the group belongs to.
    public let file: HDF5File

    init(handle: HDF5Handle, path: String, file: HDF5File) {
        self.handle = handle
        self.path = path
        self.file = file
    }

    /// A readable location for error messages: `file.h5:/model_weights`.
    var location: String { "\(file.path):\(path)" }

    func childPath(_ name: String) -> String { path == "/" ? "/\(name)" : "\(path)/\(name)" }

    /// The kind of object at the relative path `name` (which may contain `/`), or `nil` if there is none.
    public func kind(of name: String) -> HDF5ObjectKind? {
        withHDF5 { () -> HDF5ObjectKind? in
            // Check each prefix: H5Lexists fails, rather than answering no, when a middle component is missing.
            var prefix = ""
            for component in name.split(separator: "/", omittingEmptySubsequences: true) {
                prefix += prefix.isEmpty ? String(component) : "/\(component)"
                if H5Lexists(handle.id, prefix, chdf5_p_default()) <= 0 {
                    _ = hdf5LastErrorMessage()
                    return nil
                }
            }
            let kind = chdf5_object_kind(handle.id, name)
            _ = hdf5LastErrorMessage()
            switch kind {
            case 0: return .group
            case 1: return .dataset
            case 2: return .namedDatatype
            default: return nil
            }
        }
    }

    /// The names of the group's direct members, in name order (HDF5 does not keep creation order here).
    public func memberNames() throws(HDF5Error) -> [String] {
        final class Collector { var names: [String] = [] }
        let collector = Collector()
        try withHDF5 { () throws(HDF5Error) in
            let context = Unmanaged.passUnretained(collector).toOpaque()
            _ = try hdf5Check(chdf5_iterate_links(handle.id, { name, context in
                guard let name, let context else { return -1 }
                Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue().names.append(String(cString: name))
                return 0
            }, context), "\(location): cannot list members")
        }
        return collector.names
    }

    /// Opens the group at the relative path `name`.
    /// - Throws: ``HDF5Error/Code/notFound`` if there is no group there.
    public func group(_ name: String) throws(HDF5Error) -> HDF5Group {
        guard kind(of: name) == .group else { throw HDF5Error(.notFound, "\(location): no group '\(name)'") }
        let id = try withHDF5 { () throws(HDF5Error) in
            try hdf5Check(H5Gopen2(handle.id, name, chdf5_p_default()), "\(location): cannot open group '\(name)'")
        }
        return HDF5Group(handle: HDF5Handle(id, .group), path: childPath(name), file: file)
    }

    /// Opens the dataset at the relative path `name`.
    /// - Throws: ``HDF5Error/Code/notFound`` if there is no dataset there.
    public func dataset(_ name: String) throws(HDF5Error) -> HDF5Dataset {
        guard kind(of: name) == .dataset else { throw HDF5Error(.notFound, "\(location): no dataset '\(name)'") }
        let id = try withHDF5 { () throws(HDF5Error) in
            try hdf5Check(H5Dopen2(handle.id, name, chdf5_p_default()), "\(location): cannot open dataset '\(name)'")
        }
        return HDF5Dataset(handle: HDF5Handle(id, .dataset), path: childPath(name), file: file)
    }
}

/// What an HDF5 link points to.
public enum HDF5ObjectKind: Sendable, Equatable {
    /// A group of further links.
    case group
    /// An array of elements.
    case dataset
    /// A datatype stored as an object of its own.
    case namedDatatype
}
