import Testing
@testable import LSTMW

/// Runs `body`, expecting it to throw an ``LSTMWError`` with `code` whose one-line message
/// contains every one of `fragments`. Returns the error for further checks.
@discardableResult
func expectFailure(
    _ code: LSTMWError.Code, mentioning fragments: String...,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(LSTMWError) -> Void
) -> LSTMWError? {
    do {
        try body()
        Issue.record("expected a '\(code)' error, but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.code == code, "got '\(error.code)': \(error.message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error.message.contains(fragment), "message lacks '\(fragment)': \(error.message)",
                    sourceLocation: sourceLocation)
        }
        #expect(!error.message.contains("\n"), "message is not one line: \(error.message)", sourceLocation: sourceLocation)
        return error
    }
}

/// Expects decoding `bytes` to fail with `code`, and inspecting them too.
@discardableResult
func expectDecodeFailure(
    _ bytes: [UInt8], _ code: LSTMWError.Code, mentioning fragments: String...,
    limits: LSTMWFile.Limits = .default, sourceLocation: SourceLocation = #_sourceLocation
) -> LSTMWError? {
    let error = expectFailure(code, sourceLocation: sourceLocation) { () throws(LSTMWError) in
        _ = try LSTMWFile.decode(bytes, limits: limits)
    }
    for fragment in fragments {
        #expect(error?.message.contains(fragment) == true, "message lacks '\(fragment)': \(error?.message ?? "")",
                sourceLocation: sourceLocation)
    }
    expectFailure(code, sourceLocation: sourceLocation) { () throws(LSTMWError) in
        _ = try LSTMWFile.inspect(bytes, limits: limits)
    }
    return error
}
