import CKernels

/// The threads running one parallel region, as seen by one of them.
struct Team {
    /// This thread's index in the team; 0 is the calling thread.
    let index: Int
    /// The team's size.
    let count: Int

    /// A team of one.
    static var alone: Team { Team(index: 0, count: 1) }

    /// Runs `body` on a team of at most `threads` threads from the persistent pool (the caller
    /// is member 0) and returns when all are done. A busy pool or `threads <= 1` gives a team of
    /// one, so concurrent callers never wait for each other. The members must share their work
    /// through a ``WorkSchedule``: a member may start late, or never (its work done by the
    /// others), so no member may wait for another one's arrival.
    static func run(threads: Int, _ body: (Team) -> Void) {
        guard threads > 1 else {
            body(.alone)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // The task is passed by pointer to this frame: no allocation per region.
            var task = escapable
            withUnsafeMutablePointer(to: &task) { pointer in
                _ = ck_parallel_run(Int32(clamping: threads), { context, index, count in
                    let task = context!.assumingMemoryBound(to: ((Team) -> Void).self).pointee
                    task(Team(index: Int(index), count: Int(count)))
                }, pointer)
            }
        }
    }

    /// The processors this process may use.
    static let availableProcessors = Int(ck_available_processors())
}

/// The blocks of a recurrence, phase after phase, shared by a team: each member claims blocks of
/// its own range first, then what is left of the others' (see `ck_schedule`).
struct WorkSchedule {
    private let schedule: UnsafeMutablePointer<ck_schedule>
    private let blocks: Int
    private let members: Int

    /// A schedule for at most `members` sharing `blocks` items per phase, in memory the caller
    /// keeps for the region.
    init(_ memory: UnsafeMutablePointer<ck_schedule>, members: Int, blocks: Int) {
        schedule = memory
        self.blocks = blocks
        self.members = members
        if members > 1 { ck_schedule_init(memory, Int32(members), Int64(blocks)) }
    }

    /// Waits for the phases before `phase`, then calls `body` with each range of blocks of
    /// `phase` this member claims, and marks them finished. A schedule of one member calls
    /// `body` once with every block, with no atomic operation.
    @inline(__always)
    func run(phase: Int, member: Int, _ body: (Range<Int>) -> Void) {
        guard members > 1 else {
            body(0..<blocks)
            return
        }
        ck_schedule_wait(schedule, Int64(phase))
        var first: Int64 = 0
        while true {
            let count = ck_schedule_claim(schedule, Int32(member), Int64(phase), &first)
            guard count > 0 else { return }
            body(Int(first)..<Int(first + count))
            ck_schedule_finish(schedule, count)
        }
    }
}
