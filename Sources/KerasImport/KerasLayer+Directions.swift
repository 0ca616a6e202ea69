extension KerasLayer {
    /// For a `Bidirectional` wrapper, its two directions as layers of the wrapped class (such as
    /// `LSTM`), each with its own weights: the `forward_…` layer first, then the `backward_…` one.
    /// Empty for any other layer, or a wrapper whose configuration names no layer class.
    public var directions: [KerasLayer] {
        guard className == "Bidirectional", let inner = config.config["layer"],
              let innerClass = inner["class_name"]?.string, let innerConfig = inner["config"] else { return [] }
        return ["forward_", "backward_"].map { prefix in
            let weights = weights.filter { $0.name.split(separator: "/").contains { $0.hasPrefix(prefix) } }
            let name = weights.first.flatMap { weight in
                weight.name.split(separator: "/").first { $0.hasPrefix(prefix) }.map(String.init)
            } ?? prefix + name
            return KerasLayer(config: KerasLayerConfig(className: innerClass, name: name, config: innerConfig, inboundLayers: []),
                              weights: weights)
        }
    }
}
