import CKernels

/// The threads running one parallel region, as seen by one of them.
struct Team {
    /// The region's barrier, or nil when running alone.
    let region: OpaquePointer?
    /// This thread's index in the team; 0 is the calling thread.
    let index: Int
    /// The team's size.
    let count: Int

    /// A team of one.
    static var alone: Team { Team(region: nil, index: 0, count: 1) }

    /// Waits until every member has reached the same barrier.
    @inline(__always)
    func barrier() {
        if count > 1 { ck_region_barrier(region) }
    }

    /// This member's share of `0 ..< total` items, split as evenly as possible.
    func share(of total: Int) -> Range<Int> {
        (index * total / count)..<((index + 1) * total / count)
    }

    /// Runs `body` on a team of at most `threads` threads from the persistent pool (the caller
    /// is member 0) and returns when all are done. A busy pool or `threads <= 1` gives a team of
    /// one, so concurrent callers never wait for each other.
    static func run(threads: Int, _ body: (Team) -> Void) {
        guard threads > 1 else {
            body(.alone)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // The task is passed by pointer to this frame: no allocation per region.
            var task = escapable
            withUnsafeMutablePointer(to: &task) { pointer in
                _ = ck_parallel_run(Int32(clamping: threads), { context, region, index, count in
                    let task = context!.assumingMemoryBound(to: ((Team) -> Void).self).pointee
                    task(Team(region: region, index: Int(index), count: Int(count)))
                }, pointer)
            }
        }
    }

    /// The processors this process may use.
    static let availableProcessors = Int(ck_available_processors())
}
