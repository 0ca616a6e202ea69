extension PanelLayout {
    /// Where gate `gate` of a `[rows, units]` kernel (or a `[units]` bias, `rows` 1) goes: into
    /// one panel per block (``panels(_:rows:)``) or side by side (``columns(_:rows:)``).
    struct Destination: Sendable {
        let layout: PanelLayout
        let gate: Int
        let rows: Int
        let asPanels: Bool

        /// The floats of the packed array this destination fills (with the other gates).
        var packedCount: Int { layout.blocks * rows * layout.blockWidth }

        /// Copies `bytes`, the gate's `rows * units` float32 values little-endian, to their places
        /// in `packed`; the padding units are left as they are.
        func scatter(littleEndian bytes: UnsafeRawBufferPointer, into packed: UnsafeMutableBufferPointer<Float>) {
            let (units, blocks, blockWidth, width) = (layout.units, layout.blocks, layout.blockWidth, layout.width)
            precondition(bytes.count == 4 * rows * units && packed.count == packedCount, "tensor and packed sizes disagree")
            guard let base = packed.baseAddress, bytes.count > 0 else { return }
            let fullBlocks = units / 8
            for k in 0..<rows {
                let row = 4 * k * units
                for q in 0..<blocks {
                    let start = asPanels ? (q * rows + k) * blockWidth + 8 * gate : k * width + q * blockWidth + 8 * gate
                    let from = row + 32 * q
                    #if _endian(little)
                    if q < fullBlocks {
                        UnsafeMutableRawPointer(base + start)
                            .storeBytes(of: bytes.loadUnaligned(fromByteOffset: from, as: SIMD8<Float>.self), as: SIMD8<Float>.self)
                        continue
                    }
                    #endif
                    for lane in 0..<min(8, units - 8 * q) {
                        base[start + lane] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: from + 4 * lane, as: UInt32.self)))
                    }
                }
            }
        }
    }

    /// Where gate `gate` of a kernel of `rows` rows goes in this layout's panels.
    func panelDestination(gate: Int, rows: Int) -> Destination {
        Destination(layout: self, gate: gate, rows: rows, asPanels: true)
    }

    /// Where gate `gate` of a bias goes in this layout's fused bias row.
    func biasDestination(gate: Int) -> Destination {
        Destination(layout: self, gate: gate, rows: 1, asPanels: false)
    }
}
