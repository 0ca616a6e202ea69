/// `values` (`[batch, time, width]`) as `[time, batch, width]`: row `(t, b)` of the result is row
/// `(b, t)` of the input.
func swappingBatchAndTime(_ values: UnsafeBufferPointer<Float>, batch: Int, time: Int, width: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: values.count) { out, initialized in
        for b in 0..<batch {
            for t in 0..<time {
                (out.baseAddress! + (t * batch + b) * width).initialize(from: values.baseAddress! + (b * time + t) * width,
                                                                        count: width)
            }
        }
        initialized = values.count
    }
}
