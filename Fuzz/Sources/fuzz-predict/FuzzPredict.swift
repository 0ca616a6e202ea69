import Foundation
import FuzzSupport
import RequestDecoding

// Fuzzes the model server's request body decoder, `PredictRequest.parse(_:features:)` (the JSON
// of a TensorFlow Serving `:predict` call, straight into a tensor), for models of 1, 2 and 5
// features. Besides "no crash": every error is one short line; an accepted body gives a
// [batch, time, features] tensor of finite values; and Foundation's JSONSerialization, an
// independent parser, reads the same body as valid JSON with the same array shape and numbers.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    for features in [1, 2, 5] {
        let result = bytes.withUnsafeBytes { body in
            Result { () throws(RequestError) in try PredictRequest.parse(body, features: features) }
        }
        switch result {
        case .failure(let error):
            FuzzCheck.oneLine(error.message, "parse (features \(features))")
        case .success(let request):
            let shape = request.input.shape
            FuzzCheck.require(shape.count == 3 && shape[0] > 0 && shape[1] > 0 && shape[2] == features,
                              "accepted shape \(shape) for \(features) features")
            FuzzCheck.require(request.input.values.count == shape.reduce(1, *), "shape \(shape) but \(request.input.values.count) values")
            FuzzCheck.require(request.input.values.allSatisfy(\.isFinite), "accepted a non-finite value")
            checkAgainstFoundation(bytes, request)
        }
    }
    return 0
}

/// An accepted body must be JSON Foundation reads too, holding the same numbers in the same shape.
func checkAgainstFoundation(_ bytes: [UInt8], _ request: PredictRequest) {
    guard let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
        fatalError("accepted a body JSONSerialization refuses")
    }
    guard let root = object as? [String: Any], let array = root[request.format.requestKey] else {
        fatalError("accepted a body without \(request.format.requestKey) according to JSONSerialization")
    }
    var numbers: [Float] = []
    func flatten(_ value: Any, depth: Int) {
        if depth == 3 {
            guard let number = value as? NSNumber else { fatalError("element at depth 3 is not a number: \(type(of: value))") }
            numbers.append(Float(number.doubleValue))
            return
        }
        guard let items = value as? [Any] else { fatalError("element at depth \(depth) is not an array") }
        let expected = request.input.shape[depth]
        FuzzCheck.require(items.count == expected, "axis \(depth) has \(items.count) elements for JSONSerialization, \(expected) for us")
        for item in items { flatten(item, depth: depth + 1) }
    }
    flatten(array, depth: 0)
    for (ours, theirs) in zip(request.input.values, numbers) where ours != theirs {
        // Both round decimal text to Double, then to Float; allow one float32 step for a
        // difference in how a long mantissa is rounded, but nothing more.
        FuzzCheck.require(abs(ours - theirs) <= ours.ulp, "read \(ours), JSONSerialization reads \(theirs)")
    }
}

/// The entry point SwiftPM links as `main` (see CFuzzer.h).
@_cdecl("fuzz_predict_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzOneInput)
}
