/// A failed file operation: one line that starts with the path and ends with the system's reason.
package struct FileIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    package enum Kind: Sendable, Equatable {
        /// A system call failed.
        case system
        /// The path names something other than a regular file.
        case notRegularFile
        /// The file is larger than the caller allows.
        case tooLarge
    }

    /// What went wrong.
    package let kind: Kind
    /// The file concerned.
    package let path: String
    /// `path: what failed: reason`.
    package let message: String

    package var description: String { message }
}
