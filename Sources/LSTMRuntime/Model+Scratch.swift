import Foundation

/// Reusable scratch memory for ``Model/predict(_:)-(Tensor)``, so a call allocates nothing but
/// its output once the model has warmed up.
///
/// A call takes a buffer out of the pool (or allocates one), uses it alone, and puts it back;
/// concurrent calls hold different buffers. The pool keeps a few buffers of moderate size; a
/// call needing more than ``largestKept`` floats allocates and frees its own.
///
/// The pool's list is guarded by an `NSLock` (a pthread mutex, which the thread sanitizer
/// understands; `Synchronization.Mutex` uses bare futexes on Linux and draws false reports).
final class ScratchPool: @unchecked Sendable {
    /// The most buffers kept, and the largest one kept (16 MiB).
    static let buffersKept = 4
    static let largestKept = 1 << 22

    private let lock = NSLock()
    private var free: [ScratchBuffer] = []

    /// Runs `body` on the list of free buffers, under the lock.
    private func withFreeBuffers<Result>(_ body: (inout [ScratchBuffer]) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&free)
    }

    /// Runs `body` with at least `floats` floats of uninitialized scratch.
    func withScratch<Result>(floats: Int, _ body: (UnsafeMutablePointer<Float>) -> Result) -> Result {
        let floats = max(floats, 1)
        let taken: ScratchBuffer? = floats > Self.largestKept ? nil : withFreeBuffers { buffers in
            guard let index = buffers.firstIndex(where: { $0.count >= floats }) else { return nil }
            return buffers.remove(at: index)
        }
        let buffer = taken ?? ScratchBuffer(count: floats <= Self.largestKept ? max(floats, 1024) : floats)
        defer {
            let kept = buffer.count <= Self.largestKept && withFreeBuffers { buffers in
                if buffers.count < Self.buffersKept {
                    buffers.append(buffer)
                    return true
                }
                // Keep the larger buffers: they serve every smaller call too.
                guard let smallest = buffers.indices.min(by: { buffers[$0].count < buffers[$1].count }),
                      buffers[smallest].count < buffer.count else { return false }
                let dropped = buffers[smallest]
                buffers[smallest] = buffer
                dropped.deallocate()
                return true
            }
            if !kept { buffer.deallocate() }
        }
        return body(buffer.pointer)
    }

    deinit {
        withFreeBuffers { buffers in
            for buffer in buffers { buffer.deallocate() }
            buffers.removeAll()
        }
    }
}

/// One scratch allocation, owned by the pool or by the call holding it.
private struct ScratchBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: count)
    }

    func deallocate() { pointer.deallocate() }
}
