import CFuzzer

/// Checks shared by the fuzz targets. A failed check calls `fatalError`, which libFuzzer reports
/// as a crash and saves the input for, exactly like a sanitizer finding.
public enum FuzzCheck {
    /// The longest error message accepted: a CLI prints it as one `error:` line.
    public static let maxMessageLength = 4096

    /// Errors must be one short line: no line breaks (a hostile name must not be able to forge
    /// extra output lines) and a bounded length (a hostile string must not flood a terminal or log).
    public static func oneLine(_ message: String, _ context: @autoclosure () -> String) {
        if message.contains(where: { $0.isNewline }) {
            fatalError("\(context()): error message spans lines: \(message.debugDescription.prefix(400))")
        }
        if message.utf8.count > maxMessageLength {
            fatalError("\(context()): error message is \(message.utf8.count) bytes: \(message.prefix(200))…")
        }
    }

    /// Fails with `message` when `condition` does not hold.
    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError(message()) }
    }
}

/// The fuzz input as an array of bytes.
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// libFuzzer's `LLVMFuzzerTestOneInput` signature.
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

/// Runs libFuzzer with the process's arguments and `callback`; what each target's `<module>_main` returns.
public func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      _ callback: FuzzCallback) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
