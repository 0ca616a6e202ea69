#!/usr/bin/env python3
"""Regenerate every Keras test fixture under Fixtures/ (deterministically).

Toolchain (pinned in tools/requirements.txt; Python 3.11, CPU only, PyPI only):

    python3 -m venv tools/.venv
    tools/.venv/bin/pip install -r tools/requirements.txt
    tools/.venv/bin/python tools/make_fixtures.py          # or: bash tools/make_fixtures.sh

What it does
------------
The top-level invocation (no --generation flag) never imports TensorFlow/Keras.
It deletes the generated fixture paths (Fixtures/k2_*, Fixtures/k3_*,
Fixtures/example, Fixtures/invalid, Fixtures/README.md), then re-invokes itself
twice in fresh subprocesses:

    --generation k2   builds Keras 2 fixtures with `tf_keras` 2.21.0 (imported directly)
    --generation k3   builds Keras 3 fixtures with `keras` 3.15.1 (tensorflow backend)

so the two Keras versions never share a process. Each generation:
  * builds the model (keras.backend.clear_session() first, so auto layer names
    such as lstm_1 / dense are deterministic),
  * OVERWRITES every weight with seeded random values via set_weights
    (kernels ~ U(-a, a), biases ~ N(0, 0.5): every gate block differs, no
    zero / unit_forget_bias biases survive),
  * saves model.h5 (legacy HDF5, `model.save(path)` with a .h5 suffix),
    input.npy (float32 [batch, time, features]), expected.npy
    (float32 `model.predict(x)`), meta.json,
  * checks expected against a hand-written numpy forward pass (gate order
    i, f, c, o, the generation's own hard_sigmoid), reloads model.h5 with
    load_model in the same generation and asserts max |diff| < 1e-6.

The k2_X and k3_X fixtures of the same kind use the same seed, so they hold the
same input and the same weight values; their expected outputs agree (to float
rounding) except for lstm_hard_sigmoid and gru_reset_before, where Keras 2 uses clip(0.2x+0.5) and
Keras 3 clip(x/6+0.5). The parent process checks that and also inspects the
HDF5 layouts (h5py + `h5ls -r`) and prints a summary.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys

import numpy as np

from keras_generation import KERAS3_VERSION, TF_KERAS_VERSION, load_generation  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Fixtures")


# --------------------------------------------------------------------------
# Fixture specifications (shared by both generations).
# Dims are deliberately all different (batch != time != features != units).
# --------------------------------------------------------------------------
SPECS = {
    "lstm_single": dict(
        seed=1001, batch=3, time=7, features=5, kernel=0.6, recurrent=0.6,
        description="Sequential: Input(7,5) -> LSTM(6, return_sequences=False); output [3,6].",
    ),
    "lstm_stacked_softmax": dict(
        seed=1002, batch=2, time=9, features=4, kernel=0.6, recurrent=0.6,
        description="Sequential: Input(9,4) -> LSTM(7, return_sequences=True) -> LSTM(5) -> Dense(3, softmax); output [2,3].",
    ),
    "lstm_hard_sigmoid": dict(
        seed=1003, batch=4, time=6, features=5, kernel=1.2, recurrent=0.9,
        description="Sequential: Input(6,5) -> LSTM(8, recurrent_activation=hard_sigmoid, return_sequences=True); "
                    "large weights so many gate pre-activations have 1<|z|<3 where K2 clip(0.2x+0.5) and "
                    "K3 clip(x/6+0.5) differ; output [4,6,8].",
    ),
    "lstm_no_bias": dict(
        seed=1004, batch=2, time=8, features=3, kernel=0.6, recurrent=0.6,
        description="Sequential: Input(8,3) -> LSTM(5, use_bias=False, return_sequences=True); output [2,8,5].",
    ),
    "lstm_functional": dict(
        seed=1005, batch=5, time=6, features=4, kernel=0.6, recurrent=0.6,
        description="Functional chain: Input(name=inp, (6,4)) -> LSTM(7, name=enc, return_sequences=True) -> "
                    "Dropout(0.3) -> LSTM(9, name=dec) -> Dense(3, name=head, tanh); compiled with Adam and fitted "
                    "1 epoch before the weights were overwritten, so the file also has training_config and "
                    "optimizer_weights; output [5,3].",
    ),
    "lstm_variable_time": dict(
        seed=1007, batch=2, time=11, features=3, kernel=0.6, recurrent=0.6,
        description="Functional chain with a variable time axis: Input(name=seq_in, (None,3)) -> LSTM(6, dropout=0.1, "
                    "recurrent_dropout=0.2, unroll=False, return_sequences=True; implementation=1 in Keras 2) -> "
                    "Dense(4, use_bias=False, sigmoid) on every timestep; output [2,11,4].",
    ),
    "lstm_no_input_layer": dict(
        seed=1008, batch=3, time=4, features=7, kernel=0.6, recurrent=0.6,
        description="Sequential without an explicit Input: K2 LSTM(5, input_shape=(4,7)), K3 model.build((None,4,7)) "
                    "-> Dense(2, softmax); output [3,2].",
    ),
    "lstm_activations": dict(
        seed=1006, batch=3, time=5, features=6, kernel=0.4, recurrent=0.4,
        description="Sequential: Input(5,6) -> LSTM(4, activation=relu, recurrent_activation=sigmoid, rs=True) -> "
                    "LSTM(7, activation=linear, recurrent_activation=tanh, rs=True) -> Dense(9, relu) -> "
                    "Dense(6, sigmoid) -> Dense(2, linear); output [3,5,2].",
    ),
    "gru_reset_after": dict(
        seed=1009, batch=3, time=8, features=4, kernel=0.6, recurrent=0.6,
        description="Sequential: Input(8,4) -> GRU(6, reset_after=True, return_sequences=True) -> Dense(3); "
                    "bias [2,18] (input row, recurrent row); output [3,8,3].",
    ),
    "gru_reset_before": dict(
        seed=1010, batch=2, time=9, features=3, kernel=1.2, recurrent=0.9, differs_by_version=True,
        description="Sequential: Input(9,3) -> GRU(5, reset_after=False, recurrent_activation=hard_sigmoid); "
                    "bias [15]; large weights so K2 and K3 hard_sigmoid differ; output [2,5].",
    ),
    "simple_rnn": dict(
        seed=1011, batch=4, time=6, features=2, kernel=0.6, recurrent=0.6,
        description="Sequential: Input(6,2) -> SimpleRNN(7, return_sequences=True) -> SimpleRNN(4, activation=relu); "
                    "output [4,4].",
    ),
}

EXAMPLE_SPEC = dict(
    seed=2001, batch=4, time=20, features=8, kernel=0.5, recurrent=0.3,
    description="README example (Keras 3): Input(20,8) -> LSTM(32, return_sequences=True) -> Dropout(0.2) -> "
                "LSTM(16) -> Dense(4, softmax); batch 4; output [4,4].",
)

INVALID_DESCRIPTIONS = {
    "invalid/k2_conv.h5": "tf_keras full model: Sequential Input(7,5) -> Conv1D(4, 3, name=conv_1) -> LSTM(3) (refused before format 1.2; converts since, and the parity fixtures k?_conv1d_lstm cover Conv1D).",
    "invalid/k3_conv.h5": "keras 3 full model: Sequential Input(7,5) -> Conv1D(4, 3, name=conv_1) -> LSTM(3) (refused before format 1.2; converts since, and the parity fixtures k?_conv1d_lstm cover Conv1D).",
    "invalid/k2_weights_only.h5": "tf_keras model.save_weights('...h5') of Input(7,5) -> LSTM(6): legacy layout at the root, no model_config.",
    "invalid/not_keras.h5": "plain h5py file (group 'data' with float32 dataset 'values' [4,3]); no Keras attributes.",
    "invalid/input_wrong_features.npy": "float32 [2,7,9] input; the lstm_single fixtures expect 5 features.",
}


# ==========================================================================
# Shared helpers (numpy only)
# ==========================================================================
def seeded_rng(seed):
    return np.random.default_rng(seed)


def make_input(rng, spec):
    return rng.standard_normal((spec["batch"], spec["time"], spec["features"])).astype(np.float32)


def random_weights(rng, weight_names, shapes, spec):
    """Non-trivial random values for every weight, in get_weights() order."""
    out = []
    for name, shape in zip(weight_names, shapes):
        if len(shape) == 1 or name.split("/")[-1].split(":")[0] == "bias":
            w = rng.normal(0.0, 0.5, size=shape)
        elif "recurrent" in name:
            a = spec["recurrent"]
            w = rng.uniform(-a, a, size=shape)
        else:
            a = spec["kernel"]
            w = rng.uniform(-a, a, size=shape)
        out.append(w.astype(np.float32))
    return out


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def activations_for(generation):
    hs = (lambda x: np.clip(0.2 * x + 0.5, 0.0, 1.0)) if generation == "k2" else \
         (lambda x: np.clip(x / 6.0 + 0.5, 0.0, 1.0))
    return {
        "tanh": np.tanh, "sigmoid": _sigmoid, "hard_sigmoid": hs, "linear": lambda x: x,
        "relu": lambda x: np.maximum(x, 0.0),
        "softmax": lambda x: np.exp(x - x.max(-1, keepdims=True)) / np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True),
    }


def np_lstm(x, kernel, rec, bias, units, act, ract, return_sequences, stats=None):
    """Reference LSTM forward pass, gate blocks i, f, c, o (float64)."""
    x = x.astype(np.float64)
    b, t, _ = x.shape
    h = np.zeros((b, units))
    c = np.zeros((b, units))
    seq = []
    U = units
    for s in range(t):
        z = x[:, s, :] @ kernel + h @ rec + (bias if bias is not None else 0.0)
        if stats is not None:
            gates = np.concatenate([z[:, 0:U], z[:, U:2 * U], z[:, 3 * U:4 * U]], axis=1)
            stats.append(gates)
        i = ract(z[:, 0:U])
        f = ract(z[:, U:2 * U])
        g = act(z[:, 2 * U:3 * U])
        o = ract(z[:, 3 * U:4 * U])
        c = f * c + i * g
        h = o * act(c)
        seq.append(h)
    return np.stack(seq, axis=1) if return_sequences else h


def np_gru(x, kernel, rec, bias, units, act, ract, return_sequences, reset_after):
    """Reference GRU forward pass, gate blocks z, r, h (float64); h = z*h_prev + (1-z)*hh."""
    x = x.astype(np.float64)
    b, t, _ = x.shape
    U = units
    h = np.zeros((b, U))
    if bias is None:
        b_in, b_rec = np.zeros(3 * U), np.zeros(3 * U)
    elif reset_after:
        b_in, b_rec = bias[0], bias[1]
    else:
        b_in, b_rec = bias, np.zeros(3 * U)
    seq = []
    for s in range(t):
        xp = x[:, s, :] @ kernel + b_in
        if reset_after:
            hp = h @ rec + b_rec
            z = ract(xp[:, 0:U] + hp[:, 0:U])
            r = ract(xp[:, U:2 * U] + hp[:, U:2 * U])
            hh = act(xp[:, 2 * U:] + r * hp[:, 2 * U:])
        else:
            z = ract(xp[:, 0:U] + h @ rec[:, 0:U])
            r = ract(xp[:, U:2 * U] + h @ rec[:, U:2 * U])
            hh = act(xp[:, 2 * U:] + (r * h) @ rec[:, 2 * U:])
        h = z * h + (1.0 - z) * hh
        seq.append(h)
    return np.stack(seq, axis=1) if return_sequences else h


def np_simple_rnn(x, kernel, rec, bias, act, return_sequences):
    """Reference SimpleRNN forward pass: h = act(x W + h U + b) (float64)."""
    x = x.astype(np.float64)
    b, t, _ = x.shape
    h = np.zeros((b, kernel.shape[1]))
    seq = []
    for s in range(t):
        h = act(x[:, s, :] @ kernel + h @ rec + (bias if bias is not None else 0.0))
        seq.append(h)
    return np.stack(seq, axis=1) if return_sequences else h


# ==========================================================================
# Generation subprocess (imports exactly one Keras)
# ==========================================================================
def run_generation(generation):
    K, generator = load_generation(generation)
    import h5py

    L = K.layers
    acts = activations_for(generation)
    results = []

    def weight_names(model):
        return [getattr(w, "path", None) or w.name for w in model.weights]

    def set_random_weights(model, rng, spec):
        names = weight_names(model)
        shapes = [tuple(w.shape) for w in model.get_weights()]
        ws = random_weights(rng, names, shapes, spec)
        model.set_weights(ws)
        for a, b in zip(model.get_weights(), ws):
            assert np.array_equal(a, b)
        return names, shapes

    def reference(model, x, stats=None):
        """numpy forward pass over model.layers (LSTM, Dense, Dropout)."""
        y = x.astype(np.float64)
        for layer in model.layers:
            cls = type(layer).__name__
            cfg = layer.get_config()
            ws = [w.astype(np.float64) for w in layer.get_weights()]
            if cls == "InputLayer" or cls == "Dropout":
                continue
            if cls == "LSTM":
                bias = ws[2] if cfg["use_bias"] else None
                y = np_lstm(y, ws[0], ws[1], bias, cfg["units"], acts[cfg["activation"]],
                            acts[cfg["recurrent_activation"]], cfg["return_sequences"], stats)
            elif cls == "GRU":
                bias = ws[2] if cfg["use_bias"] else None
                y = np_gru(y, ws[0], ws[1], bias, cfg["units"], acts[cfg["activation"]],
                           acts[cfg["recurrent_activation"]], cfg["return_sequences"], cfg["reset_after"])
            elif cls == "SimpleRNN":
                bias = ws[2] if cfg["use_bias"] else None
                y = np_simple_rnn(y, ws[0], ws[1], bias, acts[cfg["activation"]], cfg["return_sequences"])
            elif cls == "Dense":
                y = y @ ws[0] + (ws[1] if cfg["use_bias"] else 0.0)
                y = acts[cfg["activation"]](y)
            else:
                raise ValueError("no reference for " + cls)
        return y

    def file_keras_version(path):
        with h5py.File(path, "r") as f:
            v = f.attrs["keras_version"]
        return v.decode() if isinstance(v, bytes) else str(v)

    def finish(name, model, x, spec, model_kind, description, compiled=False):
        d = os.path.join(FIX, name)
        os.makedirs(d, exist_ok=True)
        expected = model.predict(x, verbose=0).astype(np.float32)
        direct = np.asarray(model(x, training=False)).astype(np.float32)
        assert np.max(np.abs(direct - expected)) < 1e-6, name
        stats = []
        ref = reference(model, x, stats)
        ref_diff = float(np.max(np.abs(ref - expected)))
        assert ref_diff < 1e-5, (name, ref_diff)
        path = os.path.join(d, "model.h5")
        model.save(path)
        np.save(os.path.join(d, "input.npy"), np.ascontiguousarray(x, dtype=np.float32))
        np.save(os.path.join(d, "expected.npy"), np.ascontiguousarray(expected, dtype=np.float32))
        # Reload in the same generation and compare.
        reloaded = K.models.load_model(path)
        got = reloaded.predict(x, verbose=0).astype(np.float32)
        reload_diff = float(np.max(np.abs(got - expected)))
        assert reload_diff < 1e-6, (name, reload_diff)
        z = np.concatenate([s.ravel() for s in stats]) if stats else np.zeros(1)
        meta = {
            "generator": generator,
            "keras_version": file_keras_version(path),
            "description": description,
            "model_kind": model_kind,
            "model_name": model.name,
            "layer_names": [l.name for l in model.layers],
            "input_shape": list(x.shape),
            "output_shape": list(expected.shape),
            "seed": spec["seed"],
            "compiled": compiled,
        }
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")
        results.append(dict(
            name=name, input=list(x.shape), output=list(expected.shape), reload_diff=reload_diff,
            ref_diff=ref_diff, gate_frac_1_3=float(np.mean((np.abs(z) > 1) & (np.abs(z) < 3))),
            out_absmax=float(np.max(np.abs(expected))), out_zero_frac=float(np.mean(expected == 0)),
            keras_version=meta["keras_version"], model_name=model.name,
        ))

    def seq_model(spec, layers, model_name):
        return K.Sequential([L.Input(shape=(spec["time"], spec["features"]))] + layers, name=model_name)

    p = generation + "_"

    # ---- lstm_single
    s = SPECS["lstm_single"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    m = seq_model(s, [L.LSTM(6)], "single_seq")
    set_random_weights(m, rng, s)
    finish(p + "lstm_single", m, x, s, "Sequential", s["description"])

    # ---- lstm_stacked_softmax
    s = SPECS["lstm_stacked_softmax"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    m = seq_model(s, [L.LSTM(7, return_sequences=True), L.LSTM(5), L.Dense(3, activation="softmax")],
                  "stacked_seq")
    set_random_weights(m, rng, s)
    finish(p + "lstm_stacked_softmax", m, x, s, "Sequential", s["description"])

    # ---- lstm_hard_sigmoid
    s = SPECS["lstm_hard_sigmoid"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    m = seq_model(s, [L.LSTM(8, recurrent_activation="hard_sigmoid", return_sequences=True)], "hardsig_seq")
    set_random_weights(m, rng, s)
    finish(p + "lstm_hard_sigmoid", m, x, s, "Sequential", s["description"])
    # How far apart are the two hard_sigmoid semantics on these very weights?
    other = activations_for("k3" if generation == "k2" else "k2")
    lstm_layer = [l for l in m.layers if type(l).__name__ == "LSTM"][0]
    kw, rw, bw = [w.astype(np.float64) for w in lstm_layer.get_weights()]
    y_other = np_lstm(x, kw, rw, bw, 8, np.tanh, other["hard_sigmoid"], True)
    y_mine = np.load(os.path.join(FIX, p + "lstm_hard_sigmoid", "expected.npy"))
    results[-1]["diff_vs_other_hard_sigmoid"] = float(np.max(np.abs(y_other - y_mine)))

    # ---- lstm_no_bias
    s = SPECS["lstm_no_bias"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    m = seq_model(s, [L.LSTM(5, use_bias=False, return_sequences=True)], "nobias_seq")
    set_random_weights(m, rng, s)
    assert len(m.get_weights()) == 2
    finish(p + "lstm_no_bias", m, x, s, "Sequential", s["description"])

    # ---- lstm_functional (compiled + fitted 1 epoch, then weights overwritten)
    s = SPECS["lstm_functional"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    inp = L.Input(shape=(s["time"], s["features"]), name="inp")
    h = L.LSTM(7, return_sequences=True, name="enc")(inp)
    h = L.Dropout(0.3)(h)
    h = L.LSTM(9, name="dec")(h)
    out = L.Dense(3, activation="tanh", name="head")(h)
    m = K.Model(inp, out, name="functional_chain")
    # A loss *object*: keras 3.15.1 cannot reload a legacy .h5 compiled with the string "mse"
    # (ValueError: Could not deserialize 'keras.metrics.mse').
    m.compile(optimizer="adam", loss=K.losses.MeanSquaredError())
    y_train = rng.uniform(-0.5, 0.5, size=(s["batch"], 3)).astype(np.float32)
    m.fit(x, y_train, epochs=1, batch_size=s["batch"], verbose=0, shuffle=False)
    set_random_weights(m, rng, s)
    finish(p + "lstm_functional", m, x, s, "Functional", s["description"], compiled=True)

    # ---- lstm_activations
    s = SPECS["lstm_activations"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    m = seq_model(s, [
        L.LSTM(4, activation="relu", recurrent_activation="sigmoid", return_sequences=True),
        L.LSTM(7, activation="linear", recurrent_activation="tanh", return_sequences=True),
        L.Dense(9, activation="relu"),
        L.Dense(6, activation="sigmoid"),
        L.Dense(2, activation="linear"),
    ], "activations_seq")
    set_random_weights(m, rng, s)
    finish(p + "lstm_activations", m, x, s, "Sequential", s["description"])

    # ---- lstm_variable_time (Functional, Input(shape=(None, F)), dropout options, Dense without bias)
    s = SPECS["lstm_variable_time"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    inp = L.Input(shape=(None, s["features"]), name="seq_in")
    extra = dict(implementation=1) if generation == "k2" else {}
    h = L.LSTM(6, dropout=0.1, recurrent_dropout=0.2, return_sequences=True, name="tagger", **extra)(inp)
    out = L.Dense(4, use_bias=False, activation="sigmoid", name="per_step")(h)
    m = K.Model(inp, out, name="variable_time")
    set_random_weights(m, rng, s)
    finish(p + "lstm_variable_time", m, x, s, "Functional", s["description"])

    # ---- lstm_no_input_layer (Sequential whose input shape comes from the first layer or build())
    s = SPECS["lstm_no_input_layer"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    if generation == "k2":
        m = K.Sequential([L.LSTM(5, input_shape=(s["time"], s["features"])), L.Dense(2, activation="softmax")],
                         name="implicit_input")
    else:
        m = K.Sequential([L.LSTM(5), L.Dense(2, activation="softmax")], name="implicit_input")
        m.build((None, s["time"], s["features"]))
    set_random_weights(m, rng, s)
    finish(p + "lstm_no_input_layer", m, x, s, "Sequential", s["description"])

    # ---- gru_reset_after
    s = SPECS["gru_reset_after"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    m = seq_model(s, [L.GRU(6, reset_after=True, return_sequences=True), L.Dense(3)], "gru_after_seq")
    set_random_weights(m, rng, s)
    assert m.layers[0].get_weights()[2].shape == (2, 18)
    finish(p + "gru_reset_after", m, x, s, "Sequential", s["description"])

    # ---- gru_reset_before
    s = SPECS["gru_reset_before"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    m = seq_model(s, [L.GRU(5, reset_after=False, recurrent_activation="hard_sigmoid")], "gru_before_seq")
    set_random_weights(m, rng, s)
    assert m.layers[0].get_weights()[2].shape == (15,)
    finish(p + "gru_reset_before", m, x, s, "Sequential", s["description"])

    # ---- simple_rnn
    s = SPECS["simple_rnn"]
    K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
    x = make_input(rng, s)
    m = seq_model(s, [L.SimpleRNN(7, return_sequences=True), L.SimpleRNN(4, activation="relu")], "rnn_seq")
    set_random_weights(m, rng, s)
    finish(p + "simple_rnn", m, x, s, "Sequential", s["description"])

    # ---- README example (Keras 3 only)
    if generation == "k3":
        s = EXAMPLE_SPEC
        K.backend.clear_session(); K.utils.set_random_seed(s["seed"]); rng = seeded_rng(s["seed"])
        x = make_input(rng, s)
        m = K.Sequential([
            L.Input(shape=(20, 8)),
            L.LSTM(32, return_sequences=True),
            L.Dropout(0.2),
            L.LSTM(16),
            L.Dense(4, activation="softmax"),
        ])
        # Not compiled: optimizer state would double the file size; lstm_functional covers that case.
        set_random_weights(m, rng, s)
        finish("example", m, x, s, "Sequential", s["description"])

    # ---- invalid files
    inv = os.path.join(FIX, "invalid")
    os.makedirs(inv, exist_ok=True)
    gs = dict(seed=3001, batch=2, time=7, features=5, kernel=0.6, recurrent=0.6)
    K.backend.clear_session(); K.utils.set_random_seed(gs["seed"]); rng = seeded_rng(gs["seed"])
    g = seq_model(gs, [L.Conv1D(4, 3, name="conv_1"), L.LSTM(3)], "conv_seq")
    set_random_weights(g, rng, gs)
    g.save(os.path.join(inv, p + "conv.h5"))
    if generation == "k2":
        ws = dict(seed=3002, batch=2, time=7, features=5, kernel=0.6, recurrent=0.6)
        K.backend.clear_session(); K.utils.set_random_seed(ws["seed"]); rng = seeded_rng(ws["seed"])
        w = seq_model(ws, [L.LSTM(6)], "weights_only_seq")
        set_random_weights(w, rng, ws)
        w.save_weights(os.path.join(inv, "k2_weights_only.h5"))

    with open(os.path.join(FIX, ".results_" + generation + ".json"), "w") as f:
        json.dump(results, f, indent=1)


# ==========================================================================
# Parent process: orchestration, plain-h5py files, checks, summary, README
# ==========================================================================
def clean():
    # Only what this script writes: other tools put their own files into Fixtures/invalid/.
    generated_invalid = [os.path.join("invalid", os.path.basename(k)) for k in INVALID_DESCRIPTIONS]
    generated_invalid += ["invalid/k2_gru.h5", "invalid/k3_gru.h5"]  # written by earlier versions
    # Only the k2_/k3_ directories of SPECS: tools/make_hdf5_samples.py writes k2_legacy_layout.
    generated = [g + "_" + kind for g in ("k2", "k3") for kind in SPECS]
    for pat in generated + ["example", "README.md", ".results_*.json"] + generated_invalid:
        for pth in glob.glob(os.path.join(FIX, pat)):
            if os.path.isdir(pth):
                shutil.rmtree(pth)
            else:
                os.remove(pth)


def write_plain_invalid():
    import h5py
    inv = os.path.join(FIX, "invalid")
    os.makedirs(inv, exist_ok=True)
    rng = seeded_rng(4001)
    with h5py.File(os.path.join(inv, "not_keras.h5"), "w") as f:
        grp = f.create_group("data")
        grp.create_dataset("values", data=rng.standard_normal((4, 3)).astype(np.float32))
    np.save(os.path.join(inv, "input_wrong_features.npy"),
            rng.standard_normal((2, 7, 9)).astype(np.float32))


def attr_kind(obj, name):
    import h5py
    aid = obj.attrs.get_id(name)
    t = aid.get_type()
    sp = aid.shape
    if isinstance(t, h5py.h5t.TypeStringID):
        cset = {h5py.h5t.CSET_ASCII: "ASCII", h5py.h5t.CSET_UTF8: "UTF-8"}.get(t.get_cset(), "?")
        kind = ("VL" if t.is_variable_str() else "fixed%d" % t.get_size()) + " str " + cset
    else:
        kind = "class%d size%d" % (t.get_class(), t.get_size())
        if t.get_class() == h5py.h5t.FLOAT:
            kind = "float%d" % (8 * t.get_size())
    return "%s shape=%s" % (kind, sp)


def decode_list(v):
    return [s.decode() if isinstance(s, bytes) else str(s) for s in np.asarray(v).ravel()]


def inspect_layouts():
    """Compare real files with /work/shared/keras-formats.md; returns printable lines."""
    import h5py
    lines = []
    problems = []
    kinds_seen = {}
    for meta_path in sorted(glob.glob(os.path.join(FIX, "*", "meta.json"))):
        d = os.path.dirname(meta_path)
        name = os.path.basename(d)
        if name != "example" and name[3:] not in SPECS:
            continue  # written by another tool (k2_legacy_layout: tools/make_hdf5_samples.py)
        meta = json.load(open(meta_path))
        path = os.path.join(d, "model.h5")
        is_k3 = meta["generator"].startswith("keras ")
        with h5py.File(path, "r") as f:
            for a in ("keras_version", "backend", "model_config", "training_config"):
                if a in f.attrs:
                    kinds_seen.setdefault(("root", a), set()).add(attr_kind(f, a))
            mw = f["model_weights"]
            for a in mw.attrs:
                kinds_seen.setdefault(("model_weights", a), set()).add(attr_kind(mw, a))
            layer_names = decode_list(mw.attrs["layer_names"])
            for ln in layer_names:
                wattr = mw[ln].attrs["weight_names"]
                kinds_seen.setdefault(("layer", "weight_names empty" if len(wattr) == 0 else "weight_names"),
                                      set()).add(attr_kind(mw[ln], "weight_names"))
                wn = decode_list(wattr) if len(wattr) else []
                for w in wn:
                    if w not in mw[ln]:
                        problems.append("%s: %s/%s missing" % (name, ln, w))
                    if is_k3:
                        if w.endswith(":0"):
                            problems.append("%s: K3 name with :0: %s" % (name, w))
                        first = w.split("/")[0]
                        if meta["model_kind"] == "Sequential" and first != meta["model_name"]:
                            problems.append("%s: K3 Sequential name lacks model level: %s" % (name, w))
                        if meta["model_kind"] == "Functional" and first != ln:
                            problems.append("%s: K3 Functional name has unexpected first level: %s" % (name, w))
                    else:
                        if not w.endswith(":0") or w.split("/")[0] != ln:
                            problems.append("%s: K2 weight name unexpected: %s" % (name, w))
            if "top_level_model_weights" in mw:
                kinds_seen.setdefault(("top_level_model_weights", "weight_names"), set()).add(
                    attr_kind(mw["top_level_model_weights"], "weight_names"))
            cfg = json.loads(f.attrs["model_config"])
            if cfg["class_name"] != meta["model_kind"]:
                problems.append("%s: class_name %s" % (name, cfg["class_name"]))
            has_opt = "optimizer_weights" in f
            if has_opt != meta["compiled"]:
                problems.append("%s: optimizer_weights present=%s compiled=%s" % (name, has_opt, meta["compiled"]))
        # h5ls check of the full dataset path of the first LSTM kernel.
        ls = subprocess.run(["h5ls", "-r", path], capture_output=True, text=True, check=True).stdout
        first_lstm = [l for l in meta["layer_names"]
                      if l.startswith(("lstm", "gru", "simple_rnn")) or l in ("enc", "tagger")][0]
        cell = next((c for c in ("simple_rnn", "gru") if first_lstm.startswith(c)), "lstm") + "_cell"
        if is_k3 and meta["model_kind"] == "Sequential":
            want = "/model_weights/%s/%s/%s/%s/kernel " % (first_lstm, meta["model_name"], first_lstm, cell)
        elif is_k3:
            want = "/model_weights/%s/%s/%s/kernel " % (first_lstm, first_lstm, cell)
        else:
            want = "/model_weights/%s/%s/%s/kernel:0 " % (first_lstm, first_lstm, cell)
        ok = want in ls
        if not ok:
            problems.append("%s: h5ls lacks %s" % (name, want.strip()))
        lines.append("  %-26s h5ls has %-60s %s" % (name, want.strip(), "yes" if ok else "NO"))
    lines.append("  attribute kinds seen:")
    for (where, a), ks in sorted(kinds_seen.items()):
        lines.append("    %-26s %-22s %s" % (where, a, " | ".join(sorted(ks))))
    return lines, problems


def write_readme(results):
    rows = []
    by_name = {r["name"]: r for r in results}
    for kind, spec in SPECS.items():
        for gen in ("k2", "k3"):
            n = gen + "_" + kind
            r = by_name[n]
            rows.append("| `%s/` | %s | %s | %s | %s |" % (
                n, "tf_keras " + TF_KERAS_VERSION if gen == "k2" else "keras " + KERAS3_VERSION,
                r["input"], r["output"], spec["description"]))
    r = by_name["example"]
    rows.append("| `example/` | keras %s | %s | %s | %s |" % (KERAS3_VERSION, r["input"], r["output"],
                                                              EXAMPLE_SPEC["description"]))
    inv = "\n".join("- `%s`: %s" % (k, v) for k, v in INVALID_DESCRIPTIONS.items())
    text = """# Keras test fixtures

Generated by `tools/make_fixtures.py` — do not edit by hand. Regenerate (deletes and rewrites
`k2_*/`, `k3_*/`, `example/`, `invalid/` and this README) with:

```sh
python3 -m venv tools/.venv
tools/.venv/bin/pip install -r tools/requirements.txt
tools/.venv/bin/python tools/make_fixtures.py
```

Each fixture directory holds `model.h5` (legacy HDF5 written by `model.save(path)`), `input.npy`
(float32, C order, `[batch, time, features]`), `expected.npy` (float32 `model.predict(input)`) and
`meta.json` (`generator`, `keras_version` as stored in the file, `description`, `model_kind`,
`output_shape`, plus `model_name`, `layer_names`, `input_shape`, `seed`, `compiled`).
`k2_` files were written by tf_keras %s, `k3_` files by keras %s (tensorflow backend).
All weights were overwritten with seeded random values (kernels uniform, biases normal(0, 0.5)),
so no bias is zero and no forget-gate bias is one. A `k2_X`/`k3_X` pair shares its input and its weight
values; their outputs agree to float rounding except `lstm_hard_sigmoid` and `gru_reset_before` (Keras 2 hard_sigmoid is
clip(0.2x+0.5, 0, 1), Keras 3 is clip(x/6+0.5, 0, 1)). K3 Sequential files have the model-name level in
weight paths (`model_weights/lstm/<model_name>/lstm/lstm_cell/kernel`); K2 names end in `:0`.

| fixture | written by | input | output | model |
| --- | --- | --- | --- | --- |
%s

Layer-coverage fixtures (`k2_`/`k3_` `bidi_*`, `embedding_*`, `masking_*`, `conv1d_lstm`, `pooling`,
`normalization`, `encoder_decoder`, `long_sequence`, …) and the refusal files `invalid/k?_sepconv.h5`,
`k?_lambda.h5` come from `tools/make_layer_fixtures.py` (descriptions in its `CASES` and
`REFUSED`); `.keras` archives and weights-only files in `kinds/` from
`tools/make_file_kind_fixtures.py`. Functional graphs in `graph/` (`input_<i>.npy` per model input,
`expected_<j>.npy` per output, meta.json naming them) and the refusal files
`invalid/k3_mask_ops.h5` come from `tools/make_graph_fixtures.py`.
The stateful fixtures in `state/` (a model with `stateful=True` layers, its chunks, and Keras's
output for each call in turn), the time-major fixtures `k2_time_major_*` and the refusal file
`invalid/k2_time_major_mask.h5` come from `tools/make_state_fixtures.py`.

## invalid/ (error-path tests, no expected outputs)

%s
""" % (TF_KERAS_VERSION, KERAS3_VERSION, "\n".join(rows), inv)
    with open(os.path.join(FIX, "README.md"), "w") as f:
        f.write(text)


def dir_size(path):
    total = 0
    for dp, _, fns in os.walk(path):
        for fn in fns:
            total += os.path.getsize(os.path.join(dp, fn))
    return total


def main_parent():
    os.makedirs(FIX, exist_ok=True)
    clean()
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    for gen in ("k2", "k3"):
        print("== generation %s (subprocess)" % gen, flush=True)
        subprocess.run([sys.executable, os.path.abspath(__file__), "--generation", gen], env=env, check=True)
    write_plain_invalid()

    results = []
    for gen in ("k2", "k3"):
        p = os.path.join(FIX, ".results_%s.json" % gen)
        results += json.load(open(p))
        os.remove(p)

    # Cross-version check: same inputs/weights -> same outputs except hard_sigmoid.
    problems = []
    cross = []
    for kind in SPECS:
        a = os.path.join(FIX, "k2_" + kind)
        b = os.path.join(FIX, "k3_" + kind)
        assert np.array_equal(np.load(os.path.join(a, "input.npy")), np.load(os.path.join(b, "input.npy")))
        diff = float(np.max(np.abs(np.load(os.path.join(a, "expected.npy")) - np.load(os.path.join(b, "expected.npy")))))
        cross.append((kind, diff))
        if kind == "lstm_hard_sigmoid":
            if diff < 0.02:
                problems.append("hard_sigmoid k2/k3 outputs too close: %g" % diff)
        elif SPECS[kind].get("differs_by_version"):
            if diff < 1e-4:
                problems.append("%s: k2/k3 hard_sigmoid outputs too close: %g" % (kind, diff))
        elif diff > 1e-5:
            problems.append("%s: k2/k3 outputs differ by %g" % (kind, diff))

    layout_lines, layout_problems = inspect_layouts()
    problems += layout_problems
    write_readme(results)

    print()
    print("%-26s %-14s %-12s %-9s %-9s %-8s %-7s %-6s %s" % (
        "fixture", "input", "output", "reload", "numpyref", "|z|1..3", "absmax", "zeros", "keras_version"))
    for r in results:
        print("%-26s %-14s %-12s %-9.1e %-9.1e %-8.2f %-7.3f %-6.2f %s" % (
            r["name"], "x".join(map(str, r["input"])), "x".join(map(str, r["output"])), r["reload_diff"],
            r["ref_diff"], r["gate_frac_1_3"], r["out_absmax"], r["out_zero_frac"], r["keras_version"]))
        if "diff_vs_other_hard_sigmoid" in r:
            print("    (same weights with the other version's hard_sigmoid: max diff %.4f)"
                  % r["diff_vs_other_hard_sigmoid"])
    print()
    print("k2 vs k3 expected max |diff| (same input and weights):")
    for kind, diff in cross:
        print("  %-24s %.3g" % (kind, diff))
    print()
    print("layout checks:")
    print("\n".join(layout_lines))
    print()
    print("Fixtures/ total: %d bytes" % dir_size(FIX))
    if problems:
        print("PROBLEMS:")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("all checks passed")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--generation", choices=["k2", "k3"], help="internal: build one Keras generation")
    args = ap.parse_args()
    if args.generation:
        run_generation(args.generation)
    else:
        main_parent()


if __name__ == "__main__":
    main()
