import LSTMW

extension Pooling1DLayer {
    /// Pools `input` (`[batch, time, features]`) over windows of timesteps; a `same` window that
    /// reaches past the sequence uses only the timesteps inside it, as TensorFlow does.
    ///
    /// - Returns: `[batch, outputTime, features]`, and the output time.
    func forward(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int) -> (values: [Float], time: Int) {
        let outputTime = outputTime(for: time)
        let before = padding == .same ? max((outputTime - 1) * strides + poolSize - time, 0) / 2 : 0
        var output = [Float](repeating: 0, count: batch * outputTime * features)
        for b in 0..<batch {
            for t in 0..<outputTime {
                let start = max(t * strides - before, 0)
                let end = min(t * strides - before + poolSize, time)
                for f in 0..<features {
                    var value: Float = mode == .max ? -.infinity : 0
                    for row in start..<end {
                        let x = input[(b * time + row) * features + f]
                        value = mode == .max ? max(value, x) : value + x
                    }
                    output[(b * outputTime + t) * features + f] = mode == .max ? value : value / Float(end - start)
                }
            }
        }
        return (output, outputTime)
    }
}

extension GlobalPooling1DLayer {
    /// The maximum or mean over the time axis of `input` (`[batch, time, features]`); with a mask,
    /// the mean of the unmasked timesteps only.
    ///
    /// - Returns: `[batch, features]`.
    func forward(_ input: UnsafeBufferPointer<Float>, batch: Int, time: Int, mask: [Bool]?) -> [Float] {
        var output = [Float](repeating: mode == .max ? -.infinity : 0, count: batch * features)
        for b in 0..<batch {
            var count: Float = 0
            for t in 0..<time where mask?[b * time + t] ?? true {
                count += 1
                for f in 0..<features {
                    let x = input[(b * time + t) * features + f]
                    output[b * features + f] = mode == .max ? max(output[b * features + f], x) : output[b * features + f] + x
                }
            }
            if mode == .average { for f in 0..<features { output[b * features + f] /= count } }
        }
        return output
    }
}
