import CHDF5

/// Owns one HDF5 identifier and closes it with the matching `H5?close` when released.
final class HDF5Handle: @unchecked Sendable {
    enum Kind { case file, group, dataset, attribute, dataspace, datatype, propertyList }

    let id: hid_t
    let kind: Kind

    init(_ id: hid_t, _ kind: Kind) {
        self.id = id
        self.kind = kind
    }

    deinit {
        let (id, kind) = (id, kind)
        withHDF5 {
            switch kind {
            case .file: _ = H5Fclose(id)
            case .group: _ = H5Gclose(id)
            case .dataset: _ = H5Dclose(id)
            case .attribute: _ = H5Aclose(id)
            case .dataspace: _ = H5Sclose(id)
            case .datatype: _ = H5Tclose(id)
            case .propertyList: _ = H5Pclose(id)
            }
        }
    }
}

/// The extents of a dataspace, outermost first; `[]` for a scalar. Call with the lock held.
func hdf5Extents(ofSpace space: hid_t, _ what: @autoclosure () -> String) throws(HDF5Error) -> [Int] {
    let rank = try hdf5Check(H5Sget_simple_extent_ndims(space), "cannot read the shape of \(what())")
    guard rank <= 32 else { throw HDF5Error(.unexpectedType, "\(what()) has rank \(rank)") }
    var dims = [hsize_t](repeating: 0, count: Int(rank))
    _ = try hdf5Check(H5Sget_simple_extent_dims(space, &dims, nil), "cannot read the shape of \(what())")
    var extents: [Int] = []
    for dim in dims {
        guard dim <= hsize_t(Int32.max) else { throw HDF5Error(.badSize, "\(what()) has an axis of \(dim) elements") }
        extents.append(Int(dim))
    }
    return extents
}
