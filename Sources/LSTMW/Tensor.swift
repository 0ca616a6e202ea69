/// A dense, row-major float32 array with a shape.
///
/// Keras stores every weight this project reads as float32 in row-major (C) order, and
/// `Tensor` keeps that layout: a `[rows, columns]` tensor stores row `r` at
/// `values[r * columns ..< (r + 1) * columns]`.
///
/// ```swift
/// let bias = Tensor(shape: [3], values: [0.1, -0.2, 0.3])
/// let kernel = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])  // kernel[1, 0] == 4
/// ```
public struct Tensor: Sendable, Equatable {
    /// The extent of each axis, outermost first. An empty shape is a scalar.
    public let shape: [Int]
    /// The elements in row-major order; `values.count` is the product of `shape`.
    public let values: [Float]

    /// Creates a tensor, checking that `values` holds exactly one element per index of `shape`.
    /// - Precondition: every extent is non-negative and their product equals `values.count`.
    public init(shape: [Int], values: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(Tensor.elementCount(of: shape) == values.count,
                     "shape \(shape) needs \(Tensor.elementCount(of: shape) ?? -1) values, got \(values.count)")
        self.shape = shape
        self.values = values
    }

    /// The number of elements, the product of `shape`.
    public var count: Int { values.count }

    /// The product of `shape`, or `nil` if it is negative or overflows `Int`.
    public static func elementCount(of shape: [Int]) -> Int? {
        var product = 1
        for extent in shape {
            guard extent >= 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: extent)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// The columns `range` of a rank-2 tensor, as a new `[rows, range.count]` tensor.
    ///
    /// This is how a Keras LSTM kernel `[input, 4 * units]` splits into its gate blocks.
    /// - Precondition: the tensor has rank 2 and `range` lies within its columns.
    public func columns(_ range: Range<Int>) -> Tensor {
        precondition(shape.count == 2, "columns(_:) needs a rank-2 tensor, got shape \(shape)")
        let (rows, width) = (shape[0], shape[1])
        precondition(range.lowerBound >= 0 && range.upperBound <= width, "columns \(range) outside 0..<\(width)")
        var out: [Float] = []
        out.reserveCapacity(rows * range.count)
        for row in 0..<rows {
            out.append(contentsOf: values[(row * width + range.lowerBound)..<(row * width + range.upperBound)])
        }
        return Tensor(shape: [rows, range.count], values: out)
    }

    /// The elements `range` of a rank-1 tensor, as a new rank-1 tensor.
    /// - Precondition: the tensor has rank 1 and `range` lies within it.
    public func elements(_ range: Range<Int>) -> Tensor {
        precondition(shape.count == 1, "elements(_:) needs a rank-1 tensor, got shape \(shape)")
        precondition(range.lowerBound >= 0 && range.upperBound <= values.count, "elements \(range) outside bounds")
        return Tensor(shape: [range.count], values: Array(values[range]))
    }
}
