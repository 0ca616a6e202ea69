#!/usr/bin/env python3
"""Build the speed workloads of issue 7 as Keras 3 models with seeded random weights.

    tools/.venv/bin/python tools/bench/make_models.py [OUT_DIR]   # default: .bench-models/

For each workload W it writes OUT_DIR/W.h5 (Keras 3, legacy HDF5), OUT_DIR/W.npy (a float32
[batch, time, features] input) and OUT_DIR/W.expected.npy (Keras's output for it). Convert with
`lstm-convert OUT_DIR/W.h5 OUT_DIR/W.lstmw` and time with `lstm-convert bench`. The models are
large (up to 25 MB) and are not committed: OUT_DIR is gitignored.
"""
import os
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402

# name: (features, layers, time, batch); a layer is (kind, units, return_sequences) or ("dense", units)
WORKLOADS = {
    "tiny": (1, [("lstm", 16, False)], 64, 1),
    "small": (32, [("lstm", 64, False), ("dense", 10)], 100, 1),
    "medium": (128, [("lstm", 256, True), ("lstm", 256, False), ("dense", 1)], 200, 1),
    "medium_b32": (128, [("lstm", 256, True), ("lstm", 256, False), ("dense", 1)], 200, 32),
    "large": (512, [("lstm", 1024, False)], 100, 1),
    "large_b64": (512, [("lstm", 1024, False)], 100, 64),
    "gru_medium": (128, [("gru", 256, False)], 200, 1),
}


def build(features, layers):
    inputs = keras.Input(shape=(None, features))
    x = inputs
    for spec in layers:
        if spec[0] == "lstm":
            x = keras.layers.LSTM(spec[1], return_sequences=spec[2])(x)
        elif spec[0] == "gru":
            x = keras.layers.GRU(spec[1], return_sequences=spec[2])(x)
        else:
            x = keras.layers.Dense(spec[1])(x)
    return keras.Model(inputs, x)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else ".bench-models"
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    models = {}
    for name, (features, layers, time, batch) in WORKLOADS.items():
        key = (features, tuple(layers))
        if key not in models:
            keras.backend.clear_session()
            model = build(features, layers)
            weights = []
            for w in model.get_weights():
                if w.ndim == 1:
                    weights.append(rng.normal(0, 0.5, w.shape).astype(np.float32))
                else:
                    scale = 1.0 / np.sqrt(w.shape[0])
                    weights.append(rng.uniform(-scale, scale, w.shape).astype(np.float32))
            model.set_weights(weights)
            models[key] = name
            model.save(os.path.join(out, name + ".h5"))
        else:
            model = keras.models.load_model(os.path.join(out, models[key] + ".h5"), compile=False)
            model.save(os.path.join(out, name + ".h5"))
        x = rng.normal(0, 1, (batch, time, features)).astype(np.float32)
        np.save(os.path.join(out, name + ".npy"), x)
        np.save(os.path.join(out, name + ".expected.npy"), model.predict(x, verbose=0).astype(np.float32))
        print(name, x.shape)


if __name__ == "__main__":
    main()
