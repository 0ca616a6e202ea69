/// A mask rearranged for the recurrence: the flags of each processing step side by side for the
/// batch, and for each row the first step that counts (outputs before it are zero).
struct MaskSchedule {
    /// `[time][batch]` in processing order, or nil when every step counts.
    private let flags: UnsafeMutablePointer<UInt8>?
    /// Per row, the first processing step that counts (`time` if none); nil when every step counts.
    private let firstCounted: UnsafeMutablePointer<Int>?
    private let batch: Int

    init(_ mask: [UInt8]?, batch: Int, time: Int, reverse: Bool) {
        self.batch = batch
        guard let mask else {
            flags = nil
            firstCounted = nil
            return
        }
        let flags = UnsafeMutablePointer<UInt8>.allocate(capacity: batch * time)
        let first = UnsafeMutablePointer<Int>.allocate(capacity: batch)
        first.initialize(repeating: time, count: batch)
        for step in 0..<time {
            let t = reverse ? time - 1 - step : step
            for b in 0..<batch {
                let counts: UInt8 = mask[b * time + t] != 0 ? 1 : 0
                flags[step * batch + b] = counts
                if counts != 0 && first[b] == time { first[b] = step }
            }
        }
        self.flags = flags
        self.firstCounted = first
    }

    func deallocate() {
        flags?.deallocate()
        firstCounted?.deallocate()
    }

    /// The rows' flags at processing step `step`, or nil when every row counts.
    @inline(__always)
    func keep(atStep step: Int) -> UnsafePointer<UInt8>? {
        flags.map { UnsafePointer($0 + step * batch) }
    }

    /// Writes row `row`'s output at `step` on `units`: the state `h`, or zeros before the row's
    /// first counted step.
    @inline(__always)
    func emit(_ h: UnsafePointer<Float>, row: Int, step: Int, units: Range<Int>, to output: UnsafeMutablePointer<Float>) {
        guard !units.isEmpty else { return }
        if let firstCounted, step < firstCounted[row] {
            (output + units.lowerBound).update(repeating: 0, count: units.count)
        } else {
            (output + units.lowerBound).update(from: h + units.lowerBound, count: units.count)
        }
    }
}
