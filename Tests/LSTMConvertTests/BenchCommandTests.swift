import Foundation
import Testing
import TestSupport

/// `lstm-convert bench`: one JSON object with the documented fields, text otherwise, usage errors
/// refused with exit 64, bad files with one `error:` line.
@Suite struct BenchCommandTests {
    let fixture = Fixtures.root.appendingPathComponent("k2_lstm_stacked_softmax")
    var model: String { fixture.appendingPathComponent("model.h5").path }
    var input: String { fixture.appendingPathComponent("input.npy").path }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CommandLineTool.run(["bench", model, "--input", input, "--json"] + arguments)
        try #require(result.status == 0, "\(result)")
        let lines = result.standardOutput.split(separator: "\n")
        try #require(lines.count == 1, "one line of JSON: \(result.standardOutput)")
        return try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    }

    @Test func jsonHasEveryFieldWithConsistentValues() throws {
        let object = try json(["--iterations", "5", "--warmup", "1", "--threads", "1"])
        for key in ["median_ms", "p90_ms", "min_ms", "load_ms", "sequences_per_second"] {
            let value = try #require(object[key] as? Double, "\(key) in \(object)")
            #expect(value > 0, "\(key)")
        }
        let (median, p90, min) = (object["median_ms"] as! Double, object["p90_ms"] as! Double, object["min_ms"] as! Double)
        #expect(min <= median && median <= p90)
        #expect(object["iterations"] as? Int == 5)
        #expect(object["threads"] as? Int == 1)
        #expect(["avx2+fma", "portable"].contains(object["kernel"] as? String ?? ""))
        #expect((object["peak_rss_bytes"] as? Int ?? 0) > 1 << 20)
        #expect(object["mode"] as? String == "predict")
        let shape = try #require(object["input_shape"] as? [Int])
        #expect(shape.count == 3)
        // Sequences per second at the median: the batch over the median latency.
        let expected = Double(shape[0]) * 1000 / median
        #expect(abs((object["sequences_per_second"] as! Double) - expected) <= expected * 1e-3)
    }

    @Test func stepModeFeedsOneTimestepPerCall() throws {
        let object = try json(["--iterations", "7", "--warmup", "0", "--step"])
        #expect(object["mode"] as? String == "step")
        #expect(object["iterations"] as? Int == 7)
        #expect((object["threads"] as? Int ?? 0) >= 1)
    }

    @Test func textNamesEveryStatistic() throws {
        let result = try CommandLineTool.run(["bench", model, "--input", input, "--iterations", "2"])
        #expect(result.status == 0, "\(result)")
        for fragment in ["load ", "median ", "p90 ", "min ", "sequences per second", "peak resident memory"] {
            #expect(result.standardOutput.contains(fragment), "\(fragment) in \(result.standardOutput)")
        }
    }

    @Test(arguments: [
        (["--iterations", "0"], "--iterations must be at least 1"),
        (["--warmup=-1"], "--warmup must be 0 or more"),
        (["--threads", "0"], "--threads must be at least 1"),
    ])
    func refusesBadCounts(arguments: [String], message: String) throws {
        let result = try CommandLineTool.run(["bench", model, "--input", input] + arguments)
        #expect(result.status == 64, "\(result)")
        #expect(result.standardError.contains(message), "\(result)")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func refusesAMissingModelWithOneLine() throws {
        let result = try CommandLineTool.run(["bench", "/no/such/model.lstmw", "--input", input])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines == ["error: /no/such/model.lstmw: no such file"])
    }

    @Test func refusesAnInputOfTheWrongWidth() throws {
        let bad = Fixtures.invalid("input_wrong_features.npy").path
        let result = try CommandLineTool.run(["bench", model, "--input", bad])
        #expect(result.status == 1, "\(result)")
        #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("error: \(bad)"), "\(result)")
    }
}
