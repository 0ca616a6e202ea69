#!/usr/bin/env python3
"""Regenerate the Functional-graph fixtures under Fixtures/graph/ (deterministically).

Companion of tools/make_fixtures.py (same pinned toolchain, tools/requirements.txt), for Keras
Functional models that are not a single chain: several inputs and outputs, branches merged by
Concatenate, Add, Subtract, Multiply, Average, Maximum and Minimum, recurrent layers with
return_state feeding other layers' initial_state, Bidirectional(merge_mode=None), and masks
flowing through merges.

    tools/.venv/bin/python tools/make_graph_fixtures.py [--only CASE ...]

Each Keras generation runs in its own subprocess (k2: tf_keras 2.21.0, k3: keras 3.15.1 on
TensorFlow). Every weight is overwritten with seeded random values (kernels uniform(-0.6, 0.6),
biases normal(0, 0.5)); the script saves model.h5, input_<i>.npy for each model input and
expected_<j>.npy for each model output (Keras's `model.predict`), and meta.json with the input
and output names in the model's order, into Fixtures/graph/<gen>_<case>/. It reloads each file and
checks the reload reproduces the outputs; for the masked case it checks the mask changes them.
"""

import argparse
import json
import os
import shutil

import numpy as np

from keras_generation import load_generation, run_generations

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Fixtures", "graph")

CASES = {
    "two_inputs_concat": (7001, "sequence [6,4] -> LSTM(5); static [3] -> Dense(4, relu); Concatenate -> Dense(2, softmax)."),
    "residual_add": (7002, "Input(7,4) -> Dense(6) -> LSTM(6, seq); Add(dense, lstm) -> LayerNormalization -> GRU(3)."),
    "encoder_decoder_states": (7003, "encoder Input(6,3) -> LSTM(5, return_state) ; decoder Input(4,2) -> "
                                     "LSTM(5, seq, initial_state=[h, c]) -> TimeDistributed(Dense(3)); GRU(4, return_state, "
                                     "go_backwards) -> SimpleRNN(4, initial_state=[h]); outputs: decoder sequence, Dense(h), SimpleRNN."),
    "bidi_merge_none": (7004, "Input(5,3) -> Bidirectional(LSTM(4, seq), merge_mode=None, return_state) -> "
                              "Concatenate(fw, bw) -> GRU(3); Subtract(fw_h, bw_h); outputs: GRU, difference, bw_c."),
    "merge_modes": (7005, "two Inputs (5,3) -> LSTM(4, seq) and GRU(4, seq); Subtract, Multiply, Average, Maximum, "
                          "Minimum, Add of three -> Concatenate -> SimpleRNN(3)."),
    "masked_merge": (7006, "tokens Input(8,) -> Embedding(12, 5, mask_zero) -> LSTM(5, seq) and Dense(5); Add; "
                           "float Input(8,2) -> Dense(5); Concatenate(add, dense2) -> GRU(4) (mask = AND of masks)."),
    "shared_layer": (7008, "siamese: Inputs a, b (5,3) -> one LSTM(4, seq) called on both (shared weights) -> "
                           "Subtract -> shared Dense(3) on the difference and on a's output -> Concatenate -> GRU(2)."),
    "bidi_initial_state": (7007, "Input(4,3) -> Dense(3) -> h0, c0; Input(6,2) -> Bidirectional(LSTM(3), concat, "
                                 "initial_state=[h0, c0, c0, h0]) -> Dense(2); two inputs, one output."),
}


# Cases that exist in one generation only. Keras 3 turns the mask arithmetic of a Functional model
# (Embedding's NotEqual, the merges' LogicalOr/Any) into op nodes of the saved config, which Keras
# 3.15 itself cannot load back ("Unknown layer: 'NotEqual'"); the importer refuses those by name.
ONLY = {"masked_merge": ("k2",)}


def weight_values(rng, name, shape):
    leaf = name.split("/")[-1].split(":")[0]
    if leaf == "gamma":
        return rng.uniform(0.5, 1.5, size=shape)
    if leaf in ("beta", "bias") or len(shape) == 1:
        return rng.normal(0.0, 0.5, size=shape)
    if leaf == "embeddings":
        return rng.uniform(-1.0, 1.0, size=shape)
    return rng.uniform(-0.6, 0.6, size=shape)


def run_generation(generation, only):
    K, generator = load_generation(generation)
    import h5py
    L = K.layers
    summary = []

    def start(case):
        K.backend.clear_session()
        K.utils.set_random_seed(CASES[case][0])
        return np.random.default_rng(CASES[case][0])

    def randomize(model, rng):
        names = [getattr(w, "path", None) or w.name for w in model.weights]
        model.set_weights([weight_values(rng, n, tuple(w.shape)).astype(np.float32) for n, w in zip(names, model.weights)])

    def outputs_of(model, xs):
        ys = model.predict(xs, verbose=0)
        ys = ys if isinstance(ys, list) else [ys]
        return [np.asarray(y, dtype=np.float32) for y in ys]

    def finish(case, model, xs, unmasked=None):
        name = generation + "_" + case
        d = os.path.join(FIX, name)
        os.makedirs(d, exist_ok=True)
        expected = outputs_of(model, xs)
        path = os.path.join(d, "model.h5")
        model.save(path)
        for i, x in enumerate(xs):
            np.save(os.path.join(d, "input_%d.npy" % i), np.ascontiguousarray(x))
        for j, y in enumerate(expected):
            np.save(os.path.join(d, "expected_%d.npy" % j), np.ascontiguousarray(y))
        reloaded = outputs_of(K.models.load_model(path), xs)
        reload_diff = max(float(np.max(np.abs(a - b))) for a, b in zip(reloaded, expected))
        assert reload_diff < 1e-6, (name, reload_diff)
        mask_effect = None
        if unmasked is not None:
            mask_effect = max(float(np.max(np.abs(a - b))) for a, b in zip(unmasked, expected))
            assert mask_effect > 1e-3, (name, "the mask does not change the output", mask_effect)
        with h5py.File(path, "r") as f:
            version = f.attrs["keras_version"]
        meta = {
            "generator": generator,
            "keras_version": version.decode() if isinstance(version, bytes) else str(version),
            "description": CASES[case][1],
            "model_name": model.name,
            "input_names": [t.name.split(":")[0] for t in model.inputs] if generation == "k2"
                           else [t._keras_history[0].name for t in model.inputs],
            "output_names": [t._keras_history[0].name + (":%d" % t._keras_history[2]) for t in model.outputs],
            "input_shapes": [list(x.shape) for x in xs],
            "output_shapes": [list(y.shape) for y in expected],
            "seed": CASES[case][0],
        }
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")
        summary.append((name, [list(x.shape) for x in xs], [list(y.shape) for y in expected], reload_diff, mask_effect))

    def want(case):
        return (not only or case in only) and generation in ONLY.get(case, (generation,))

    if want("two_inputs_concat"):
        rng = start("two_inputs_concat")
        s, v = L.Input(shape=(6, 4), name="sequence"), L.Input(shape=(3,), name="static")
        joined = L.Concatenate(name="join")([L.LSTM(5, name="reader")(s), L.Dense(4, activation="relu", name="static_dense")(v)])
        m = K.Model([s, v], L.Dense(2, activation="softmax", name="head")(joined), name="two_inputs")
        randomize(m, rng)
        finish("two_inputs_concat", m, [rng.standard_normal((3, 6, 4)).astype(np.float32),
                                        rng.standard_normal((3, 3)).astype(np.float32)])

    if want("residual_add"):
        rng = start("residual_add")
        x = L.Input(shape=(7, 4), name="x")
        d = L.Dense(6, name="lift")(x)
        r = L.Add(name="residual")([d, L.LSTM(6, return_sequences=True, name="lstm")(d)])
        y = L.GRU(3, name="gru")(L.LayerNormalization(name="norm")(r))
        m = K.Model(x, y, name="residual")
        randomize(m, rng)
        finish("residual_add", m, [rng.standard_normal((2, 7, 4)).astype(np.float32)])

    if want("encoder_decoder_states"):
        rng = start("encoder_decoder_states")
        enc_in, dec_in = L.Input(shape=(6, 3), name="enc_in"), L.Input(shape=(4, 2), name="dec_in")
        _, h, c = L.LSTM(5, return_state=True, name="encoder")(enc_in)
        dec = L.LSTM(5, return_sequences=True, name="decoder")(dec_in, initial_state=[h, c])
        y1 = L.TimeDistributed(L.Dense(3), name="per_step")(dec)
        y2 = L.Dense(2, activation="tanh", name="from_h")(h)
        g_out, g_h = L.GRU(4, return_state=True, go_backwards=True, name="gru_enc")(enc_in)
        y3 = L.SimpleRNN(4, name="rnn_dec")(dec_in, initial_state=[g_h])
        m = K.Model([enc_in, dec_in], [y1, y2, y3], name="seq2seq")
        randomize(m, rng)
        finish("encoder_decoder_states", m, [rng.standard_normal((3, 6, 3)).astype(np.float32),
                                             rng.standard_normal((3, 4, 2)).astype(np.float32)])

    if want("bidi_merge_none"):
        rng = start("bidi_merge_none")
        x = L.Input(shape=(5, 3), name="x")
        fw, bw, fh, fc, bh, bc = L.Bidirectional(L.LSTM(4, return_sequences=True, return_state=True),
                                                 merge_mode=None, name="bidi")(x)
        y1 = L.GRU(3, name="gru")(L.Concatenate(name="join")([fw, bw]))
        y2 = L.Subtract(name="diff")([fh, bh])
        m = K.Model(x, [y1, y2, bc], name="merge_none")
        randomize(m, rng)
        finish("bidi_merge_none", m, [rng.standard_normal((3, 5, 3)).astype(np.float32)])

    if want("merge_modes"):
        rng = start("merge_modes")
        a, b = L.Input(shape=(5, 3), name="a"), L.Input(shape=(5, 3), name="b")
        p = L.LSTM(4, return_sequences=True, name="lstm")(a)
        q = L.GRU(4, return_sequences=True, name="gru")(b)
        merged = [L.Subtract(name="sub")([p, q]), L.Multiply(name="mul")([p, q]), L.Average(name="avg")([p, q]),
                  L.Maximum(name="max")([p, q]), L.Minimum(name="min")([p, q]), L.Add(name="add3")([p, q, p])]
        y = L.SimpleRNN(3, name="rnn")(L.Concatenate(name="join")(merged))
        m = K.Model([a, b], y, name="merges")
        randomize(m, rng)
        finish("merge_modes", m, [rng.standard_normal((2, 5, 3)).astype(np.float32),
                                  rng.standard_normal((2, 5, 3)).astype(np.float32)])

    if want("masked_merge"):
        rng = start("masked_merge")

        def build(mask):
            t, f = L.Input(shape=(8,), dtype="int32", name="tokens"), L.Input(shape=(8, 2), name="features")
            e = L.Embedding(12, 5, mask_zero=mask, name="embed")(t)
            added = L.Add(name="add")([L.LSTM(5, return_sequences=True, name="lstm")(e), L.Dense(5, name="dense")(e)])
            joined = L.Concatenate(name="join")([added, L.Dense(5, name="dense2")(f)])
            return K.Model([t, f], L.GRU(4, name="gru")(joined), name="masked_merge" if mask else "plain_merge")

        m = build(True)
        randomize(m, rng)
        tokens = rng.integers(1, 12, size=(4, 8)).astype(np.int32)
        for row, positions in enumerate([[6, 7], [0, 1], [3, 4], []]):
            tokens[row, positions] = 0
        xs = [tokens, rng.standard_normal((4, 8, 2)).astype(np.float32)]
        plain = build(False)
        plain.set_weights(m.get_weights())
        finish("masked_merge", m, xs, unmasked=outputs_of(plain, xs))

    if want("shared_layer"):
        rng = start("shared_layer")
        a, b = L.Input(shape=(5, 3), name="a"), L.Input(shape=(5, 3), name="b")
        encoder, project = L.LSTM(4, return_sequences=True, name="encoder"), L.Dense(3, activation="tanh", name="project")
        ea, eb = encoder(a), encoder(b)
        difference = L.Subtract(name="difference")([ea, eb])
        joined = L.Concatenate(name="join")([project(difference), project(ea)])
        m = K.Model([a, b], L.GRU(2, name="gru")(joined), name="siamese")
        randomize(m, rng)
        finish("shared_layer", m, [rng.standard_normal((3, 5, 3)).astype(np.float32),
                                   rng.standard_normal((3, 5, 3)).astype(np.float32)])

    if want("bidi_initial_state"):
        rng = start("bidi_initial_state")
        s, x = L.Input(shape=(3,), name="state_in"), L.Input(shape=(6, 2), name="x")
        h0 = L.Dense(3, activation="tanh", name="h0")(s)
        c0 = L.Dense(3, name="c0")(s)
        y = L.Bidirectional(L.LSTM(3), name="bidi")(x, initial_state=[h0, c0, c0, h0])
        m = K.Model([s, x], L.Dense(2, name="head")(y), name="bidi_init")
        randomize(m, rng)
        finish("bidi_initial_state", m, [rng.standard_normal((2, 3)).astype(np.float32),
                                         rng.standard_normal((2, 6, 2)).astype(np.float32)])

    if not only or "refused" in only:
        write_refused(generation, K, L)

    with open(os.path.join(FIX, ".graph_results_%s.json" % generation), "w") as f:
        json.dump(summary, f)


# Graphs the converter must refuse by name (Fixtures/invalid/), from both generations unless named.
REFUSED = {
    "k3_mask_ops.h5": "the masked_merge model as Keras 3 saves it: its mask arithmetic as NotEqual, LogicalOr, Any layers.",
}


def write_refused(generation, K, L):
    inv = os.path.join(os.path.dirname(FIX), "invalid")
    K.backend.clear_session()
    K.utils.set_random_seed(7101)

    def save(model, name):
        rng = np.random.default_rng(7101)
        model.set_weights([rng.uniform(-0.5, 0.5, size=w.shape).astype(np.float32) for w in model.get_weights()])
        model.save(os.path.join(inv, name if name.startswith("k") else generation + "_" + name))

    if generation == "k3":
        t = L.Input(shape=(8,), dtype="int32", name="tokens")
        e = L.Embedding(12, 5, mask_zero=True, name="embed")(t)
        added = L.Add(name="add")([L.LSTM(5, return_sequences=True, name="lstm")(e), L.Dense(5, name="dense")(e)])
        save(K.Model(t, L.GRU(4, name="gru")(added), name="mask_ops"), "k3_mask_ops.h5")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--generation", choices=["k2", "k3"], help="internal: build one Keras generation")
    ap.add_argument("--only", nargs="*", default=[], help="regenerate only these cases")
    args = ap.parse_args()
    if args.generation:
        run_generation(args.generation, set(args.only))
        return
    os.makedirs(FIX, exist_ok=True)
    for case in [c for c in args.only or list(CASES) if c != "refused"]:
        for gen in ("k2", "k3"):
            shutil.rmtree(os.path.join(FIX, gen + "_" + case), ignore_errors=True)
    rows = run_generations(__file__, args.only, os.path.join(FIX, ".graph_results_%s.json"))
    for name, inputs, outputs, reload_diff, mask_effect in rows:
        print("%-34s in %-22s out %-26s reload %.1e mask %s" % (name, inputs, outputs, reload_diff,
                                                             "-" if mask_effect is None else "%.3f" % mask_effect))


if __name__ == "__main__":
    main()
