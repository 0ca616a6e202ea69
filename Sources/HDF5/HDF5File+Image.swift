import CHDF5

extension HDF5File {
    /// The most bytes ``init(image:name:)`` accepts (2 GiB): opening copies the image twice more
    /// inside libhdf5 for a moment, so memory peaks near three times its size.
    public static let maxImageBytes = 1 << 31

    /// Opens the HDF5 file whose bytes are `image`, read-only, without touching the file system.
    ///
    /// Used for the `model.weights.h5` inside a Keras `.keras` archive: nothing is extracted to
    /// disk, so there is no temporary file to protect, clean up or leave behind. libhdf5's core
    /// driver keeps its own copy of the bytes; `image` may be released once this returns.
    ///
    /// ```swift
    /// let file = try HDF5File(image: bytes, name: "model.weights.h5")
    /// let kernel = try file.root.dataset("layers/lstm/cell/vars/0").readFloats()
    /// ```
    ///
    /// - Parameters:
    ///   - image: The whole file.
    ///   - name: What messages call the file (``path``); it names nothing on disk.
    /// - Throws: ``HDF5Error/Code/notHDF5`` if the bytes are not an HDF5 file,
    ///   ``HDF5Error/Code/badSize`` if they are more than ``maxImageBytes``.
    public convenience init(image: [UInt8], name: String) throws(HDF5Error) {
        guard image.count <= Self.maxImageBytes else {
            throw HDF5Error(.badSize, "\(name): \(image.count) bytes, more than the \(Self.maxImageBytes) an in-memory HDF5 file may have")
        }
        guard Self.hasSignature(image) else { throw HDF5Error(.notHDF5, "\(name): not an HDF5 file") }
        let handle = try withHDF5 { () throws(HDF5Error) -> HDF5Handle in
            let fapl = HDF5Handle(try hdf5Check(H5Pcreate(chdf5_p_file_access()), "\(name): cannot make a file access list"),
                                  .propertyList)
            _ = try hdf5Check(H5Pset_fapl_core(fapl.id, 1 << 16, false), "\(name): cannot select the in-memory driver")
            // libhdf5 copies the bytes here.
            let status = image.withUnsafeBytes { bytes in
                H5Pset_file_image(fapl.id, UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
            }
            _ = try hdf5Check(status, "\(name): cannot hand the image to libhdf5")
            // The core driver refuses an image whose name exists on disk ("file already exists"),
            // and treats two open images with the same name as one file. A path below /dev/null
            // never exists, and the counter keeps every image distinct.
            HDF5ImageNames.counter += 1
            let internalName = "/dev/null/lstm-swift-image-\(HDF5ImageNames.counter)"
            let id = try hdf5Check(H5Fopen(internalName, chdf5_acc_rdonly(), fapl.id), "\(name): not a readable HDF5 file",
                                   code: .notHDF5)
            return HDF5Handle(id, .file)
        }
        self.init(handle: handle, path: name)
    }

    /// Whether HDF5's signature is at offset 0, 512, 1024, … (after a user block), as the format allows.
    static func hasSignature(_ bytes: [UInt8]) -> Bool {
        let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
        var offset = 0
        while offset + 8 <= bytes.count {
            if bytes[offset..<(offset + 8)].elementsEqual(signature) { return true }
            offset = offset == 0 ? 512 : offset * 2
        }
        return false
    }
}

/// The names given to in-memory images; read and written with the library lock held.
enum HDF5ImageNames {
    nonisolated(unsafe) static var counter = 0
}
