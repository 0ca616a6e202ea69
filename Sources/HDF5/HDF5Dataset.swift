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

    /// How many times its stored (compressed) size a filtered dataset may expand to when read, once
    /// it needs more than ``expansionAllowance`` bytes. Deflate tops out near 1032:1, so real data
    /// passes; a few stored bytes standing for gigabytes of fill value do not.
    public static let maxExpansionRatio = 1024

    /// The bytes a filtered dataset may always expand to, whatever its stored size (1 MiB).
    public static let expansionAllowance = 1 << 20

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

    /// Checks, before anything is allocated for it, that the dataset's data is in this file and that
    /// the file really holds it: refuses external raw-data files and virtual datasets (both read
    /// other files), an unfiltered dataset whose allocated storage (contiguous, or the chunks
    /// written) is shorter than its shape needs (the rest would be fill value), and a filtered one
    /// that would expand more than ``maxExpansionRatio``-fold. Call with the lock held.
    private func checkStorage(elements: Int) throws(HDF5Error) {
        let plist = HDF5Handle(try hdf5Check(H5Dget_create_plist(handle.id), "\(location): cannot read its layout"),
                               .propertyList)
        let externalFiles = try hdf5Check(H5Pget_external_count(plist.id), "\(location): cannot read its layout")
        guard externalFiles == 0 else {
            throw HDF5Error(.unexpectedType, "dataset \(location) keeps its data in \(externalFiles) external file(s); data outside the file is not read")
        }
        let layout = H5Pget_layout(plist.id)
        guard layout != H5D_VIRTUAL else {
            throw HDF5Error(.unexpectedType, "dataset \(location) is a virtual dataset mapped from other datasets; it is not read")
        }
        guard layout == H5D_CONTIGUOUS || layout == H5D_CHUNKED else { return }  // compact: the data is in the header
        let filters = try hdf5Check(H5Pget_nfilters(plist.id), "\(location): cannot read its filters")
        let type = HDF5Handle(try hdf5Check(H5Dget_type(handle.id), "\(location): cannot read its type"), .datatype)
        // elements <= 2^30 and a type is at most 2^32 bytes, so this cannot overflow.
        let needed = UInt64(elements) * UInt64(H5Tget_size(type.id))
        let stored = UInt64(H5Dget_storage_size(handle.id))
        if filters == 0 {
            guard stored >= needed else {
                throw HDF5Error(.badSize, "dataset \(location) stores \(stored) bytes, its shape needs \(needed)")
            }
        } else {
            let (expanded, overflow) = stored.multipliedReportingOverflow(by: UInt64(Self.maxExpansionRatio))
            guard overflow || needed <= max(expanded, UInt64(Self.expansionAllowance)) else {
                throw HDF5Error(.badSize, "dataset \(location) stores \(stored) compressed bytes but would expand to \(needed), more than \(Self.maxExpansionRatio) times as many")
            }
        }
    }
}
