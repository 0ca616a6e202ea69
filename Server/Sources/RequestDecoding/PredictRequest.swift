import LSTMW

/// A parsed `:predict` request body, in either of TensorFlow Serving's two formats.
///
/// ```json
/// {"instances": [[[0.1, 0.2], [0.3, 0.4]]]}     // row format: one [time][features] array per sample
/// {"inputs": [[[0.1, 0.2], [0.3, 0.4]]]}        // columnar format: the whole [batch][time][features]
/// ```
///
/// For a model with one input tensor the two carry the same numbers; they differ in the key
/// the response uses (`predictions` or `outputs`), as in TensorFlow Serving.
///
/// ```swift
/// let request = try body.withUnsafeBytes { try PredictRequest.parse($0, features: 8) }
/// let output = try model.predict(request.input)
/// ```
public struct PredictRequest: Sendable {
    /// Which of TensorFlow Serving's request formats the body used.
    public enum Format: Sendable {
        /// `{"instances": [...]}`, answered with `{"predictions": [...]}`.
        case row
        /// `{"inputs": ...}`, answered with `{"outputs": ...}`.
        case columnar

        /// The request's key.
        public var requestKey: String { self == .row ? "instances" : "inputs" }
        /// The response's key.
        public var responseKey: String { self == .row ? "predictions" : "outputs" }
    }

    /// Which format the body used.
    public var format: Format
    /// `[batch, time, features]`.
    public var input: Tensor

    /// The only signature a converted model has, as TensorFlow Serving names a Keras model's.
    public static let signatureName = "serving_default"

    /// Parses and checks a body against a model that takes `features` features per timestep.
    ///
    /// Memory and time are linear in the body's size; nothing from the body is echoed into a
    /// message unescaped or longer than 80 characters.
    ///
    /// - Throws: ``RequestError`` naming the first problem: malformed JSON, a missing or unknown
    ///   field, a value of the wrong type, a ragged or wrongly sized array, or a non-finite number.
    public static func parse(_ body: UnsafeRawBufferPointer, features: Int) throws(RequestError) -> PredictRequest {
        var scanner = JSONScanner(body)
        guard let first = scanner.peek() else {
            throw .badRequest("the request body is empty; send a JSON object such as {\"instances\": [...]}")
        }
        guard first == UInt8(ascii: "{") else {
            let kind = scanner.nextKind().map { "\($0)" } ?? "not JSON"
            throw .badRequest("the request body must be a JSON object with \"instances\" or \"inputs\", got \(kind)")
        }
        _ = scanner.consume(UInt8(ascii: "{"))
        var parsed: PredictRequest?
        var seen: Set<String> = []
        if !scanner.consume(UInt8(ascii: "}")) {
            repeat {
                let key = try scanner.readString()
                try scanner.expect(UInt8(ascii: ":"), "':' after an object key")
                guard seen.insert(key).inserted else { throw .badRequest("the field \(key.quotedForMessage) appears twice") }
                switch key {
                case "instances", "inputs":
                    let format: Format = key == "instances" ? .row : .columnar
                    if let parsed {
                        throw .badRequest("the request has both \"\(parsed.format.requestKey)\" and \"\(key)\"; send one of them")
                    }
                    var reader = TensorReader(name: key, features: features)
                    parsed = PredictRequest(format: format, input: try reader.read(&scanner))
                case "signature_name":
                    guard scanner.nextKind() == .string else {
                        throw .badRequest("\"signature_name\" must be a string, got \(scanner.nextKind().map { "\($0)" } ?? "nothing")")
                    }
                    let name = try scanner.readString()
                    guard name.isEmpty || name == signatureName else {
                        throw .badRequest("unknown signature_name \(name.quotedForMessage); the model has only \"\(signatureName)\"")
                    }
                default:
                    throw .badRequest("unknown field \(key.quotedForMessage); a request has \"instances\" (row format) or "
                                      + "\"inputs\" (columnar format), and optionally \"signature_name\"")
                }
            } while scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"), "',' or '}' after an object member")
        }
        guard scanner.peek() == nil else {
            throw scanner.malformed("unexpected data after the JSON object")
        }
        guard let parsed else {
            throw .badRequest("the request needs \"instances\" (row format: one [time][features] array per sample) "
                              + "or \"inputs\" (columnar format: a [batch][time][features] array)")
        }
        return parsed
    }
}

/// Reads a `[batch][time][features]` array of numbers straight into a flat `[Float]`, checking
/// as it goes that it is rectangular, that every timestep has `features` numbers, and that every
/// number is a finite float32. Messages name the element by its path, such as `instances[1][4][2]`.
struct TensorReader {
    /// `instances` or `inputs`: the start of every path.
    let name: String
    /// Features per timestep the model expects.
    let features: Int

    private var values: [Float] = []
    /// The indices of the element being read, outermost first.
    private var index = [0, 0, 0]

    init(name: String, features: Int) {
        self.name = name
        self.features = features
    }

    /// The path of the element at `depth` (0 is the whole tensor): `instances`, `instances[2]`, …
    private func path(depth: Int) -> String {
        name + index.prefix(depth).map { "[\($0)]" }.joined()
    }

    /// What an element at `depth` should be, for messages.
    private func expected(depth: Int) -> String {
        switch depth {
        case 0: name == "instances" ? "an array of instances" : "a [batch][time][features] array"
        case 1: name == "instances" ? "an instance: an array of timesteps, each an array of \(features) features"
                                    : "a sequence: an array of timesteps, each an array of \(features) features"
        case 2: "a timestep: an array of \(features) features"
        default: "a number"
        }
    }

    mutating func read(_ scanner: inout JSONScanner) throws(RequestError) -> Tensor {
        try openArray(&scanner, depth: 0)
        var batch = 0
        var time: Int?
        if !scanner.consume(UInt8(ascii: "]")) {
            repeat {
                index = [batch, 0, 0]
                let steps = try readSequence(&scanner)
                if let time, steps != time {
                    throw .badRequest("\(path(depth: 1)) has \(steps) timesteps but \(name)[0] has \(time); "
                                      + "every \(name == "instances" ? "instance" : "sequence") in a request must have the same length")
                }
                time = steps
                batch += 1
            } while scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "]"), "',' or ']' after an element of \(name)")
        }
        guard let time else {
            throw .badRequest("\(name) is empty; send at least one \(name == "instances" ? "instance" : "sequence")")
        }
        return Tensor(shape: [batch, time, features], values: values)
    }

    /// Reads one `[time][features]` array and returns its number of timesteps.
    private mutating func readSequence(_ scanner: inout JSONScanner) throws(RequestError) -> Int {
        try openArray(&scanner, depth: 1)
        guard !scanner.consume(UInt8(ascii: "]")) else {
            throw .badRequest("\(path(depth: 1)) is empty; it needs at least one timestep of \(features) features")
        }
        var steps = 0
        repeat {
            index[1] = steps
            index[2] = 0
            try openArray(&scanner, depth: 2)
            var count = 0
            if !scanner.consume(UInt8(ascii: "]")) {
                repeat {
                    guard count < features else {
                        throw .badRequest("\(path(depth: 2)) has more than \(features) features; the model expects \(features)")
                    }
                    index[2] = count
                    values.append(try readFloat(&scanner))
                    count += 1
                } while scanner.consume(UInt8(ascii: ","))
                try scanner.expect(UInt8(ascii: "]"), "',' or ']' after a number")
            }
            guard count == features else {
                throw .badRequest("\(path(depth: 2)) has \(count) features; the model expects \(features)")
            }
            steps += 1
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "]"), "',' or ']' after a timestep")
        return steps
    }

    /// Consumes the `[` of the array at `depth`, or explains what was there instead.
    private func openArray(_ scanner: inout JSONScanner, depth: Int) throws(RequestError) {
        guard let kind = scanner.nextKind() else {
            throw scanner.malformed("expected a value")
        }
        guard kind == .array else {
            throw .badRequest("\(path(depth: depth)) is \(kind), expected \(expected(depth: depth))")
        }
        _ = scanner.consume(UInt8(ascii: "["))
    }

    /// Reads one feature value: a JSON number that is finite as a float32.
    private func readFloat(_ scanner: inout JSONScanner) throws(RequestError) -> Float {
        guard let kind = scanner.nextKind() else { throw scanner.malformed("expected a number") }
        guard kind == .number else {
            // Name `true` or `null` only once they are well-formed; otherwise it is a syntax error.
            switch kind {
            case .boolean where !(scanner.consumeLiteral("true") || scanner.consumeLiteral("false")):
                throw scanner.malformed("expected a value")
            case .null where !scanner.consumeLiteral("null"):
                throw scanner.malformed("expected a value")
            default:
                throw .badRequest("\(path(depth: 3)) is \(kind), expected a number")
            }
        }
        switch try scanner.readNumber() {
        case .finite(let value, let text):
            let float = Float(value)
            guard float.isFinite else {
                throw .badRequest("\(path(depth: 3)) is \(text.shortened), beyond float32's range (±3.4e38); inputs must be finite float32 values")
            }
            return float
        case .overflow(let text):
            throw .badRequest("\(path(depth: 3)) is \(Substring(text).shortened), which is not finite; inputs must be finite float32 values")
        case .nonFinite(let literal):
            throw .badRequest("\(path(depth: 3)) is \(literal); inputs must be finite numbers")
        }
    }
}
