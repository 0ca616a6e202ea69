/// An n-dimensional array read from, or to be written to, a `.npy` file.
///
/// Values are stored in row-major (C) order with one of four little-endian dtypes.
///
/// ```swift
/// let array = try NPYFile.read(contentsOf: URL(fileURLWithPath: "input.npy"))
/// print(array.shape, array.dtype)           // [3, 7, 5] float32
/// let values: [Float] = array.floatValues()  // converted if the dtype is not float32
/// ```
public struct NPYArray: Sendable, Equatable {
    /// An element type, named by its NumPy `descr` string.
    public enum DType: String, Sendable, CaseIterable {
        /// 32-bit IEEE float, little-endian.
        case float32 = "<f4"
        /// 64-bit IEEE float, little-endian.
        case float64 = "<f8"
        /// 32-bit signed integer, little-endian.
        case int32 = "<i4"
        /// 64-bit signed integer, little-endian.
        case int64 = "<i8"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .float32, .int32: 4
            case .float64, .int64: 8
            }
        }
    }

    enum Storage: Sendable, Equatable {
        case float32([Float])
        case float64([Double])
        case int32([Int32])
        case int64([Int64])
    }

    /// The extent of each axis, outermost first; `[]` for a scalar.
    public let shape: [Int]
    let storage: Storage

    init(shape: [Int], storage: Storage) {
        self.shape = shape
        self.storage = storage
    }

    /// Creates a float32 array.
    /// - Precondition: every extent is non-negative and their product is `values.count`.
    public init(float32 values: [Float], shape: [Int]) {
        Self.checkCount(values.count, shape)
        self.init(shape: shape, storage: .float32(values))
    }

    /// Creates a float64 array.
    /// - Precondition: every extent is non-negative and their product is `values.count`.
    public init(float64 values: [Double], shape: [Int]) {
        Self.checkCount(values.count, shape)
        self.init(shape: shape, storage: .float64(values))
    }

    /// Creates an int32 array.
    /// - Precondition: every extent is non-negative and their product is `values.count`.
    public init(int32 values: [Int32], shape: [Int]) {
        Self.checkCount(values.count, shape)
        self.init(shape: shape, storage: .int32(values))
    }

    /// Creates an int64 array.
    /// - Precondition: every extent is non-negative and their product is `values.count`.
    public init(int64 values: [Int64], shape: [Int]) {
        Self.checkCount(values.count, shape)
        self.init(shape: shape, storage: .int64(values))
    }

    /// The element type.
    public var dtype: DType {
        switch storage {
        case .float32: .float32
        case .float64: .float64
        case .int32: .int32
        case .int64: .int64
        }
    }

    /// The number of elements, the product of ``shape``.
    public var count: Int {
        switch storage {
        case .float32(let v): v.count
        case .float64(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        }
    }

    /// The elements as `Float`, in row-major order: exact for float32, rounded for the others.
    public func floatValues() -> [Float] {
        switch storage {
        case .float32(let v): v
        case .float64(let v): v.map { Float($0) }
        case .int32(let v): v.map { Float($0) }
        case .int64(let v): v.map { Float($0) }
        }
    }

    /// The elements as `Double`, in row-major order: exact except for int64 beyond 2^53.
    public func doubleValues() -> [Double] {
        switch storage {
        case .float32(let v): v.map { Double($0) }
        case .float64(let v): v
        case .int32(let v): v.map { Double($0) }
        case .int64(let v): v.map { Double($0) }
        }
    }

    /// The elements as `Int64` for the integer dtypes, or `nil` for the floating-point ones.
    public var int64Values: [Int64]? {
        switch storage {
        case .int32(let v): v.map { Int64($0) }
        case .int64(let v): v
        case .float32, .float64: nil
        }
    }

    /// The product of `shape`, or `nil` if an extent is negative or the product overflows.
    static func elementCount(_ shape: [Int]) -> Int? {
        var product = 1
        for extent in shape {
            guard extent >= 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: extent)
            if overflow { return nil }
            product = next
        }
        return product
    }

    private static func checkCount(_ count: Int, _ shape: [Int]) {
        precondition(elementCount(shape) == count,
                     "shape \(shape) needs \(elementCount(shape).map(String.init) ?? "an invalid number of") values, got \(count)")
    }
}
