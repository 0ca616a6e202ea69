/// An error from reading an HDF5 file, with the object it concerns and HDF5's own explanation.
public struct HDF5Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The file does not exist or cannot be opened.
        public static let cannotOpen = Code("cannot open")
        /// The file exists but is not in HDF5 format.
        public static let notHDF5 = Code("not HDF5")
        /// A group, dataset or attribute that was asked for does not exist.
        public static let notFound = Code("not found")
        /// An object exists but has a type or shape the caller cannot use.
        public static let unexpectedType = Code("unexpected type")
        /// A dataset is larger than the reader accepts, or its storage is shorter than its shape.
        public static let badSize = Code("bad size")
        /// An HDF5 library call failed.
        public static let libraryError = Code("HDF5 error")

        /// A short phrase naming the kind of failure.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// One line saying what failed, naming the file, group, dataset or attribute.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
