import LSTMRuntime
import LSTMW
import Testing

@Suite struct ParityReportTests {
    @Test func findsTheWorstElementAndCountsFailuresWithTheAllcloseRule() throws {
        let expected = Tensor(shape: [2, 3], values: [1, -2, 0, 100, 0.5, 4])
        // Errors: 0, 0.5e-5, 1e-5, 1e-3, 0, 2e-5.
        let actual = Tensor(shape: [2, 3], values: [1, -2.000005, 0.00001, 100.001, 0.5, 4.00002])
        let report = try ParityReport(actual: actual, expected: expected, atol: 1e-5, rtol: 1e-5)
        #expect(report.count == 6)
        #expect(report.worstIndex == [1, 0])
        #expect(report.worstExpected == 100)
        #expect(abs(report.maxAbsoluteError - 1e-3) < 1e-5)
        #expect(abs(report.maxRelativeError - 1e-5) < 1e-6)
        // With rtol 1e-5 every element passes: 100.001 is 1e-3 off, within 1e-5 + 1e-5 * 100 = 1.01e-3,
        // and 4.00002 is 2e-5 off, within 1e-5 + 4e-5. With rtol 0 those two fail.
        #expect(report.failures == 0)
        let strict = try ParityReport(actual: actual, expected: expected, atol: 1e-5, rtol: 0)
        #expect(strict.failures == 2)
        #expect(!strict.passed)
    }

    @Test func nonFiniteOutputsAlwaysFail() throws {
        let expected = Tensor(shape: [3], values: [1, 2, 3])
        let actual = Tensor(shape: [3], values: [1, .nan, 3])
        let report = try ParityReport(actual: actual, expected: expected, atol: 1, rtol: 1)
        #expect(report.failures == 1)
        #expect(report.worstIndex == [1])
        #expect(report.maxAbsoluteError == .infinity)
    }

    @Test func refusesDifferentShapes() {
        #expect(throws: RuntimeError.self) {
            try ParityReport(actual: Tensor(shape: [2], values: [1, 2]), expected: Tensor(shape: [1, 2], values: [1, 2]),
                             atol: 0, rtol: 0)
        }
    }
}
