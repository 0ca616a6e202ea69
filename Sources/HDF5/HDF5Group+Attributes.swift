import CHDF5
import Foundation

extension HDF5Group {
    /// The most elements an attribute may hold before the reader refuses it.
    static let maxAttributeElements = 1 << 20
    /// The longest fixed-length string element the reader accepts, in bytes.
    static let maxStringBytes = 1 << 26

    /// Whether the group has an attribute called `name`.
    public func hasAttribute(_ name: String) -> Bool {
        withHDF5 {
            let exists = H5Aexists(handle.id, name)
            _ = hdf5LastErrorMessage()
            return exists > 0
        }
    }

    /// A string attribute: a scalar, or an array of exactly one string.
    ///
    /// Variable-length and fixed-length strings are both read; NUL and space padding is trimmed
    /// and the bytes are decoded as UTF-8 whatever the stored character set says.
    public func stringAttribute(_ name: String) throws(HDF5Error) -> String {
        let strings = try stringListAttribute(name)
        guard strings.count == 1 else {
            throw HDF5Error(.unexpectedType, "\(location): attribute '\(name)' holds \(strings.count) strings, expected 1")
        }
        return strings[0]
    }

    /// A string array attribute, such as Keras's `layer_names` or `weight_names`.
    ///
    /// An empty numeric array (Keras writes `weight_names` of a weightless layer as float64 `(0,)`)
    /// reads as `[]`.
    public func stringListAttribute(_ name: String) throws(HDF5Error) -> [String] {
        guard hasAttribute(name) else { throw HDF5Error(.notFound, "\(location): no attribute '\(name)'") }
        let what = "\(location): attribute '\(name)'"
        return try withHDF5 { () throws(HDF5Error) -> [String] in
            let attribute = HDF5Handle(try hdf5Check(H5Aopen(handle.id, name, chdf5_p_default()), "cannot open \(what)"),
                                       .attribute)
            let fileType = HDF5Handle(try hdf5Check(H5Aget_type(attribute.id), "cannot read the type of \(what)"),
                                      .datatype)
            let space = HDF5Handle(try hdf5Check(H5Aget_space(attribute.id), "cannot read the shape of \(what)"),
                                   .dataspace)
            let extents = try hdf5Extents(ofSpace: space.id, what)
            guard extents.count <= 1 else { throw HDF5Error(.unexpectedType, "\(what) has rank \(extents.count)") }
            let count = extents.first ?? 1
            guard count <= Self.maxAttributeElements else { throw HDF5Error(.badSize, "\(what) has \(count) elements") }
            let typeClass = H5Tget_class(fileType.id)
            if typeClass != H5T_STRING {
                if count == 0 { return [] }
                throw HDF5Error(.unexpectedType, "\(what) is not a string attribute")
            }
            if H5Tis_variable_str(fileType.id) > 0 {
                return try readVariableStrings(attribute: attribute.id, fileType: fileType.id, count: count, what)
            }
            return try readFixedStrings(attribute: attribute.id, fileType: fileType.id, count: count, what)
        }
    }
}

private func readVariableStrings(attribute: hid_t, fileType: hid_t, count: Int,
                                 _ what: String) throws(HDF5Error) -> [String] {
    let memoryType = HDF5Handle(try hdf5Check(H5Tcopy(chdf5_c_s1()), "cannot read \(what)"), .datatype)
    _ = try hdf5Check(H5Tset_size(memoryType.id, chdf5_variable_size()), "cannot read \(what)")
    _ = try hdf5Check(H5Tset_cset(memoryType.id, H5Tget_cset(fileType)), "cannot read \(what)")
    var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
    _ = try hdf5Check(H5Aread(attribute, memoryType.id, &pointers), "cannot read \(what)")
    defer { for pointer in pointers where pointer != nil { H5free_memory(pointer) } }
    return pointers.map { pointer in
        guard let pointer else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
    }
}

private func readFixedStrings(attribute: hid_t, fileType: hid_t, count: Int,
                              _ what: String) throws(HDF5Error) -> [String] {
    let size = H5Tget_size(fileType)
    guard size > 0, size <= HDF5Group.maxStringBytes else {
        throw HDF5Error(.badSize, "\(what) has strings of \(size) bytes")
    }
    let width = Int(size)
    guard count <= HDF5Group.maxStringBytes / width else { throw HDF5Error(.badSize, "\(what) is too large") }
    let memoryType = HDF5Handle(try hdf5Check(H5Tcopy(chdf5_c_s1()), "cannot read \(what)"), .datatype)
    _ = try hdf5Check(H5Tset_size(memoryType.id, size), "cannot read \(what)")
    // Keep the file's padding: converting a NULLPAD string that fills its width to C_S1's default
    // NULLTERM would drop its last character to make room for a terminator.
    _ = try hdf5Check(H5Tset_strpad(memoryType.id, H5Tget_strpad(fileType)), "cannot read \(what)")
    var bytes = [UInt8](repeating: 0, count: count * width)
    _ = try hdf5Check(H5Aread(attribute, memoryType.id, &bytes), "cannot read \(what)")
    return (0..<count).map { index in
        var element = bytes[(index * width)..<((index + 1) * width)]
        if let end = element.firstIndex(of: 0) { element = element[..<end] }
        while let last = element.last, last == 0x20 { element = element.dropLast() }
        return String(decoding: element, as: UTF8.self)
    }
}
