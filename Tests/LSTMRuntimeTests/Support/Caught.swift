import LSTMRuntime

/// The error `body` throws, or `nil` if it returns.
func caught<T>(_ body: () throws(RuntimeError) -> T) -> RuntimeError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
