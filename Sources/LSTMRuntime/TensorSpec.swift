/// The name, shape and element type of a model's input or output, as a server would publish it.
///
/// An axis whose extent is `nil` accepts any extent: the batch axis always, and the time axis of
/// this runtime's input, which takes sequences of any length.
///
/// ```swift
/// let spec = model.inputShape
/// print(spec)                  // input: [?, ?, 5] float32
/// print(spec.shape.last!!)     // 5: features per timestep
/// ```
public struct TensorSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The tensor's name: `"input"` for the input, the last layer's name for the output.
    public let name: String
    /// The extent of each axis, outermost (batch) first; `nil` where any extent is accepted.
    public let shape: [Int?]
    /// The element type, as NumPy names it: always `"float32"` in this runtime.
    public let dtype: String

    /// Creates a spec.
    ///
    /// ```swift
    /// let expected = TensorSpec(name: "input", shape: [nil, nil, 5])
    /// assert(model.inputShape == expected)
    /// ```
    ///
    /// - Parameters:
    ///   - name: The tensor's name.
    ///   - shape: The extent of each axis, `nil` for any.
    ///   - dtype: The element type's NumPy name.
    public init(name: String, shape: [Int?], dtype: String = "float32") {
        self.name = name
        self.shape = shape
        self.dtype = dtype
    }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// One line: the name, the shape with `?` for any extent, and the element type, such as
    /// `input: [?, ?, 5] float32`.
    public var description: String {
        "\(name): [\(shape.map { $0.map(String.init) ?? "?" }.joined(separator: ", "))] \(dtype)"
    }
}
