import FileIO

extension String {
    /// Text read from a model file (a name, a version, an option value) as the commands print
    /// it on standard output: escaped and cut as error messages quote it
    /// (`String.escapedForMessage(maxLength:)`), so that a hostile file can neither forge output
    /// lines nor send terminal escape sequences, and a huge name cannot flood the terminal.
    var shownFromFile: String { escapedForMessage() }

    /// ``shownFromFile``, cut at `maxLength` characters instead of 80 (for dataset paths, or
    /// `Int.max` for a path the user gave).
    func shownFromFile(maxLength: Int) -> String { escapedForMessage(maxLength: maxLength) }
}
