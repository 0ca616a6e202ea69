import ArgumentParser
import FileIO
import Foundation

/// Runs a command's body, printing any failure as one `error: …` line on stderr and exiting 1.
///
/// The library errors already say which file, layer or dataset is at fault; this only adds the
/// prefix and keeps ArgumentParser from printing usage for errors that are not about usage.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        printError("error: \(oneLine(String(describing: error)))")
        throw ExitCode.failure
    }
}

/// `text` with line breaks and other control characters escaped: the library errors already quote
/// names from a file safely, and this keeps every other message to one line too.
func oneLine(_ text: String) -> String {
    text.escapedForMessage(maxLength: .max)
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// A failure of the command itself, as opposed to one from a library.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
