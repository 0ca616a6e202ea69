/// What a model configuration's JSON says about the Keras that wrote it, for files whose weights
/// record no `keras_version` (a Keras 3 `.weights.h5`).
///
/// - tf-keras's `model.to_json()` records `keras_version` (and `backend`) at the top level.
/// - Keras 3's `to_json()` records no version, but its form is its own: every layer but the
///   InputLayer carries a `DTypePolicy` object as its `dtype`, and an InputLayer has `batch_shape`.
/// - Keras 2 writes `dtype` as a plain string (or a `Policy` object under mixed precision), an
///   InputLayer's `batch_input_shape`, and `time_major` on recurrent layers.
///
/// The form decides only when all its marks agree; a config with marks of both, or none, is
/// undecided (and a `hard_sigmoid` in it is refused, as for any file without a version).
struct KerasConfigForm: Sendable, Equatable {
    /// The top-level `keras_version`, if the JSON records one.
    var recordedVersion: String?
    /// The generation the form shows, if it is unambiguous.
    var generation: KerasGeneration?

    init(root: JSONValue) {
        recordedVersion = root["keras_version"]?.string
        var keras2 = false
        var keras3 = false
        for entry in root["config"]?["layers"]?.array ?? [] {
            let config = entry["config"]
            let className = entry["class_name"]?.string
            if className == "InputLayer" {
                if config?["batch_shape"] != nil { keras3 = true }
                if config?["batch_input_shape"] != nil { keras2 = true }
                continue
            }
            switch config?["dtype"] {
            case .string?: keras2 = true
            case let policy? where policy["class_name"]?.string == "DTypePolicy": keras3 = true
            case let policy? where policy["class_name"]?.string == "Policy": keras2 = true
            default: break
            }
            if config?["time_major"] != nil { keras2 = true }
        }
        generation = keras3 == keras2 ? nil : keras3 ? .keras3 : .keras2
    }

    /// The generation the config shows: its recorded version, else its form.
    var decidedGeneration: KerasGeneration? {
        recordedVersion.flatMap(KerasGeneration.init(kerasVersion:)) ?? generation
    }

    /// How ``decidedGeneration`` was decided, for people.
    var evidence: String? {
        if let recordedVersion, KerasGeneration(kerasVersion: recordedVersion) != nil {
            return "the config's keras_version \(recordedVersion.quotedForMessage)"
        }
        switch generation {
        case .keras3?: return "the config's Keras 3 form (DTypePolicy objects, batch_shape)"
        case .keras2?: return "the config's Keras 2 form (plain dtype strings, batch_input_shape, time_major)"
        case nil: return nil
        }
    }
}

/// The Keras generation of a model whose weights and configuration may come from different
/// places, and how it was decided.
struct KerasGenerationDecision: Sendable {
    var generation: KerasGeneration?
    /// The version string, when one was recorded anywhere.
    var kerasVersion: String?
    var evidence: String?

    /// Takes the version recorded beside the weights (`recorded`, found in `recordedWhere`) if
    /// any, else the config's; refuses a config whose own version or form contradicts it.
    static func decide(recorded: String?, recordedWhere: String, config: KerasConfigForm,
                       file: String) throws(KerasImportError) -> KerasGenerationDecision {
        let fromConfig = config.decidedGeneration
        guard let recorded, let generation = KerasGeneration(kerasVersion: recorded) else {
            return KerasGenerationDecision(generation: fromConfig, kerasVersion: config.recordedVersion ?? recorded,
                                           evidence: config.evidence)
        }
        if let fromConfig, fromConfig != generation, let evidence = config.evidence {
            throw KerasImportError(.malformedConfig, file: file, "\(recordedWhere) says Keras \(recorded), but \(evidence) says Keras \(fromConfig == .keras3 ? 3 : 2): the weights and the config come from different Keras versions")
        }
        return KerasGenerationDecision(generation: generation, kerasVersion: recorded,
                                       evidence: "\(recordedWhere) \(recorded.quotedForMessage)")
    }
}
