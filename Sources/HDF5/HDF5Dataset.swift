import CHDF5

/// A dataset in an open ``HDF5File``: an n-dimensional array of numbers.
public struct HDF5Dataset: Sendable {
    let handle: HDF5Handle
    /// The dataset's absolute path in the file.
    public let path: String
    /// The file the dataset belongs to.
    public let file: HDF5File

    /// The most elements ``readFloats(maxElements:)`` reads unless told otherwise (1 Gi floats, 4 GiB).
    public static let defaultMaxElements = 1 << 30

    var location: String { "\(file.path):\(path)" }

    /// The extents of the dataset, outermost first; `[]` for a scalar.
    public func shape() throws(HDF5Error) -> [Int] {
        try withHDF5 { () throws(HDF5Error) -> [Int] in
            let space = HDF5Handle(try hdf5Check(H5Dget_space(handle.id), "\(location): cannot read its shape"),
                                   .dataspace)
            return try hdf5Extents(ofSpace: space.id, "dataset \(location)")
        }
    }

    /// Whether the elements are floating-point numbers (of any width).
    public func isFloatingPoint() throws(HDF5Error) -> Bool {
        try withHDF5 { () throws(HDF5Error) -> Bool in
            let type = HDF5Handle(try hdf5Check(H5Dget_type(handle.id), "\(location): cannot read its type"), .datatype)
            return H5Tget_class(type.id) == H5T_FLOAT
        }
    }

    /// Reads every element as `Float`, in row-major order. float64 data is rounded to float32.
    ///
    /// - Throws: ``HDF5Error/Code/unexpectedType`` if the elements are not floating point,
    ///   ``HDF5Error/Code/badSize`` if there are more than `maxElements` or the stored data is shorter
    ///   than the shape says.
    public func readFloats(maxElements: Int = defaultMaxElements) throws(HDF5Error) -> [Float] {
        let extents = try shape()
        var count = 1
        for extent in extents {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow, product <= maxElements else {
                throw HDF5Error(.badSize, "dataset \(location) has shape \(extents), more than \(maxElements) elements")
            }
            count = product
        }
        guard try isFloatingPoint() else {
            throw HDF5Error(.unexpectedType, "dataset \(location) does not hold floating-point numbers")
        }
        return try withHDF5 { () throws(HDF5Error) -> [Float] in
            try checkStorage(elements: count)
            var values = [Float](repeating: 0, count: count)
            if count > 0 {
                _ = try hdf5Check(H5Dread(handle.id, chdf5_native_float(), chdf5_s_all(), chdf5_s_all(),
                                          chdf5_p_default(), &values), "dataset \(location): cannot read")
            }
            return values
        }
    }

    /// Refuses an unfiltered dataset whose allocated storage is shorter than its shape needs, before
    /// anything is allocated for it. Call with the lock held.
    private func checkStorage(elements: Int) throws(HDF5Error) {
        let plist = HDF5Handle(try hdf5Check(H5Dget_create_plist(handle.id), "\(location): cannot read its layout"),
                               .propertyList)
        guard H5Pget_nfilters(plist.id) == 0, H5Pget_layout(plist.id) == H5D_CONTIGUOUS else { return }
        let type = HDF5Handle(try hdf5Check(H5Dget_type(handle.id), "\(location): cannot read its type"), .datatype)
        let needed = UInt64(elements) * UInt64(H5Tget_size(type.id))
        let stored = UInt64(H5Dget_storage_size(handle.id))
        guard stored >= needed || stored == 0 && elements == 0 else {
            throw HDF5Error(.badSize, "dataset \(location) stores \(stored) bytes, its shape needs \(needed)")
        }
    }
}
