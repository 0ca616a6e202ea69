/// One weight of a layer as it sits in a Keras HDF5 file.
public struct KerasWeight: Sendable, Equatable {
    /// The variable's role, the weight name's last component without `:0`: `kernel`,
    /// `recurrent_kernel` or `bias`.
    public let role: String
    /// The full name Keras recorded, such as `lstm/lstm_cell/kernel:0` (Keras 2) or
    /// `seq/lstm/lstm_cell/kernel` (Keras 3).
    public let name: String
    /// The dataset's absolute path in the file.
    public let datasetPath: String
    /// The dataset's shape.
    public let shape: [Int]

    /// The role of a Keras weight name: its last path component, without a `:N` suffix.
    static func role(ofName name: String) -> String {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        if let colon = last.lastIndex(of: ":"), last[last.index(after: colon)...].allSatisfy(\.isNumber) {
            return String(last[..<colon])
        }
        return last
    }
}

/// A layer of the configuration together with the weights the file stores for it.
public struct KerasLayer: Sendable {
    /// The layer's configuration entry.
    public let config: KerasLayerConfig
    /// The layer's weights, in the order of its `weight_names` attribute.
    public let weights: [KerasWeight]

    /// The layer's name.
    public var name: String { config.name }
    /// The layer's Keras class.
    public var className: String { config.className }

    /// The weight with `role`, if the layer has one.
    public func weight(_ role: String) -> KerasWeight? { weights.first { $0.role == role } }
}
