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
    ///
    /// External links (to other files) are never followed: a path through one has no object.
    public func kind(of name: String) -> HDF5ObjectKind? {
        withHDF5 { () -> HDF5ObjectKind? in
            // Check each prefix: H5Lexists fails, rather than answering no, when a middle component is missing.
            var prefix = ""
            for component in name.split(separator: "/", omittingEmptySubsequences: true) {
                prefix += prefix.isEmpty ? String(component) : "/\(component)"
                if H5Lexists(handle.id, prefix, HDF5Access.link) <= 0 || !Self.isInFileLink(chdf5_link_type(handle.id, prefix)) {
                    _ = hdf5LastErrorMessage()
                    return nil
                }
            }
            let kind = chdf5_object_kind(handle.id, name, HDF5Access.link)
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

    /// Whether a link of type `type` (from `chdf5_link_type`) stays inside the file: a hard or a soft link.
    private static func isInFileLink(_ type: Int32) -> Bool { type == 0 || type == 1 }

    /// The first prefix of `name` that is an external (or user-defined) link, if any.
    private func externalLink(in name: String) -> String? {
        withHDF5 { () -> String? in
            var prefix = ""
            for component in name.split(separator: "/", omittingEmptySubsequences: true) {
                prefix += prefix.isEmpty ? String(component) : "/\(component)"
                let type = chdf5_link_type(handle.id, prefix)
                _ = hdf5LastErrorMessage()
                if type < 0 { return nil }
                if !Self.isInFileLink(type) { return prefix }
            }
            return nil
        }
    }

    /// The error for a missing `what` at `name`, naming an external link on the way if there is one.
    private func missing(_ what: String, _ name: String) -> HDF5Error {
        if let link = externalLink(in: name) {
            return HDF5Error(.unexpectedType, "\(location): '\(link)' is a link to another file; links to other files are not followed")
        }
        return HDF5Error(.notFound, "\(location): no \(what) '\(name)'")
    }

    /// Opens the group at the relative path `name`.
    /// - Throws: ``HDF5Error/Code/notFound`` if there is no group there, ``HDF5Error/Code/unexpectedType``
    ///   if the path goes through a link to another file.
    public func group(_ name: String) throws(HDF5Error) -> HDF5Group {
        guard kind(of: name) == .group else { throw missing("group", name) }
        let id = try withHDF5 { () throws(HDF5Error) in
            try hdf5Check(H5Gopen2(handle.id, name, HDF5Access.group), "\(location): cannot open group '\(name)'")
        }
        return HDF5Group(handle: HDF5Handle(id, .group), path: childPath(name), file: file)
    }

    /// Opens the dataset at the relative path `name`.
    /// - Throws: ``HDF5Error/Code/notFound`` if there is no dataset there, ``HDF5Error/Code/unexpectedType``
    ///   if the path goes through a link to another file.
    public func dataset(_ name: String) throws(HDF5Error) -> HDF5Dataset {
        guard kind(of: name) == .dataset else { throw missing("dataset", name) }
        let id = try withHDF5 { () throws(HDF5Error) in
            try hdf5Check(H5Dopen2(handle.id, name, HDF5Access.dataset), "\(location): cannot open dataset '\(name)'")
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
