#!/usr/bin/env python3
"""Regenerate the layer-coverage fixtures under Fixtures/ (deterministically).

Companion of tools/make_fixtures.py (same pinned toolchain, tools/requirements.txt), for the
layers and options beyond plain LSTM/GRU/SimpleRNN stacks: Bidirectional (every merge mode
that gives one tensor), masking (Embedding(mask_zero=True), Masking) with masks that are not
only trailing padding, go_backwards, TimeDistributed(Dense), the inference-identity layers,
Activation, LayerNormalization, BatchNormalization, more activations, recurrent layers without
bias, and long sequences (T = 1000).

    tools/.venv/bin/python tools/make_layer_fixtures.py      # or: bash tools/make_fixtures.sh

Like make_fixtures.py it runs each Keras generation in its own subprocess (k2: tf_keras 2.21.0,
k3: keras 3.15.1 on TensorFlow), overwrites every weight with seeded random values (kernels
uniform, biases and offsets normal(0, 0.5), scales and variances positive), saves model.h5,
input.npy, expected.npy (Keras's `model.predict`) and meta.json into Fixtures/<gen>_<case>/,
reloads the file and checks the reload reproduces the outputs. The expected outputs are Keras's
own; for the masking cases the script also checks that the mask changes the output (the same
model run without its mask differs by more than 1e-3), so a runtime that ignores masks fails.
It deletes and rewrites only the folders of the cases below.
"""

import argparse
import glob
import json
import os
import shutil

import numpy as np

from keras_generation import load_generation, run_generations  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Fixtures")

# name -> (seed, description). Every case exists in both generations unless listed in ONLY.
CASES = {
    "bidi_lstm_concat_seq": (5001, "Input(7,5) -> Bidirectional(LSTM(6, return_sequences=True), concat) -> Dense(3); output [3,7,3]."),
    "bidi_gru_sum": (5002, "Input(8,4) -> Bidirectional(GRU(5, reset_after=True), sum); output [2,5]."),
    "bidi_rnn_mul_ave": (5003, "Input(6,3) -> Bidirectional(SimpleRNN(4, return_sequences=True), mul) -> "
                               "Bidirectional(LSTM(3), ave) -> Dense(2, softmax); output [4,2]."),
    "go_backwards": (5004, "Input(9,4) -> LSTM(5, go_backwards=True, return_sequences=True) -> "
                           "GRU(4, go_backwards=True); output [3,4]."),
    "embedding_mask_lstm": (5005, "Input(10,) int32 tokens -> Embedding(20, 6, mask_zero=True) -> "
                                  "LSTM(5, return_sequences=True) -> LSTM(4) -> Dense(2); zeros leading, trailing, "
                                  "in the middle, everywhere and nowhere; output [5,2]."),
    "masking_gru_timedistributed": (5006, "Input(8,3) -> Masking(0.0) -> GRU(5, return_sequences=True) -> "
                                          "TimeDistributed(Dense(3, tanh)) -> SimpleRNN(4, return_sequences=True); "
                                          "all-zero timesteps leading, trailing and in the middle; output [4,8,4]."),
    "embedding_mask_bidi_seq": (5007, "Input(9,) int32 -> Embedding(15, 4, mask_zero=True) -> "
                                      "Bidirectional(LSTM(3, return_sequences=True), concat) -> Dense(2); "
                                      "output [4,9,2], zero at masked steps in Keras 3."),
    "identity_layers": (5008, "Input(6,5) -> SpatialDropout1D(0.3) -> GaussianNoise(0.5) -> LSTM(4, "
                              "return_sequences=True) -> Activation(softsign) -> Dropout(0.2) -> "
                              "GaussianDropout(0.1) -> ActivityRegularization -> Dense(3); output [2,6,3]."),
    "normalization": (5009, "Input(7,4) -> LSTM(6, return_sequences=True) -> LayerNormalization -> "
                            "BatchNormalization (random moving statistics) -> LayerNormalization(center=False, "
                            "epsilon=0.1) -> GRU(3); output [3,3]."),
    "activations_more": (5010, "Input(5,4) -> Dense(6, elu) -> Dense(6, selu) -> Dense(6, gelu) -> Dense(6, swish) -> "
                               "Dense(6, softplus) -> Dense(6, softsign) -> Dense(6, exponential) -> "
                               "Dense(6, hard_sigmoid) -> LSTM(5, activation=softsign, "
                               "recurrent_activation=hard_sigmoid, return_sequences=True) -> "
                               "SimpleRNN(4, activation=elu) -> Dense(3, softmax); output [3,3]."),
    "recurrent_no_bias": (5011, "Input(6,3) -> GRU(5, use_bias=False, return_sequences=True) -> "
                                "GRU(4, use_bias=False, reset_after=False, return_sequences=True) -> "
                                "SimpleRNN(3, use_bias=False); output [3,3]."),
    "conv1d_lstm": (5013, "Input(12,4) -> Conv1D(6, 3, relu) -> Conv1D(5, 2, strides=2, padding=same) -> "
                          "Conv1D(4, 3, padding=causal, dilation_rate=2, use_bias=False, tanh) -> LSTM(5) -> Dense(2); output [3,2]."),
    "pooling": (5014, "Input(16,3) -> LSTM(6, return_sequences=True) -> MaxPooling1D(2) -> AveragePooling1D(3, strides=2, "
                      "padding=same) -> GRU(4, return_sequences=True) -> MaxPooling1D(3, strides=1, padding=same) -> "
                      "GlobalAveragePooling1D -> Dense(3); output [2,3]."),
    "global_pooling_mask": (5015, "Input(8,) int32 -> Embedding(12, 5, mask_zero=True) -> LSTM(4, return_sequences=True) -> "
                                  "GlobalAveragePooling1D (averages unmasked steps only) -> Dense(2); output [4,2]."),
    "global_max_pooling": (5016, "Input(9,3) -> GRU(5, return_sequences=True) -> GlobalMaxPooling1D -> Dense(2, softmax); output [3,2]."),
    "encoder_decoder": (5017, "Input(6,3) -> LSTM(4, return_sequences=True) -> Flatten -> Dense(8) -> Reshape((2,4)) -> "
                              "LSTM(3) -> RepeatVector(5) -> GRU(4, return_sequences=True) -> TimeDistributed(Dense(2)); "
                              "output [3,5,2]."),
    "long_sequence": (5012, "Input(1000,3) -> LSTM(8, return_sequences=True) -> GRU(6); T = 1000; output [2,6]."),
}

ONLY = {}


def weight_values(rng, name, shape):
    leaf = name.split("/")[-1].split(":")[0]
    if leaf in ("moving_variance",):
        return rng.uniform(0.5, 2.0, size=shape)
    if leaf in ("gamma",):
        return rng.uniform(0.5, 1.5, size=shape)
    if leaf in ("beta", "moving_mean", "bias") or len(shape) == 1:
        return rng.normal(0.0, 0.5, size=shape)
    if leaf == "embeddings":
        return rng.uniform(-1.0, 1.0, size=shape)
    if "recurrent" in leaf:
        return rng.uniform(-0.6, 0.6, size=shape)
    return rng.uniform(-0.6, 0.6, size=shape)


def tokens(rng, batch, time, vocab, masked):
    """Token ids in 1..vocab-1 with zeros (masked) at `masked[b]` positions of row b."""
    x = rng.integers(1, vocab, size=(batch, time)).astype(np.int32)
    for b, positions in enumerate(masked):
        for t in positions:
            x[b, t] = 0
    return x


def run_generation(generation, only):
    K, generator = load_generation(generation)
    import h5py
    L = K.layers
    summary = []

    def start(case):
        seed = CASES[case][0]
        K.backend.clear_session()
        K.utils.set_random_seed(seed)
        return np.random.default_rng(seed)

    def randomize(model, rng):
        names = [getattr(w, "path", None) or w.name for w in model.weights]
        values = [weight_values(rng, n, tuple(w.shape)).astype(np.float32) for n, w in zip(names, model.weights)]
        model.set_weights(values)

    def finish(case, model, x, unmasked=None):
        name = generation + "_" + case
        d = os.path.join(FIX, name)
        os.makedirs(d, exist_ok=True)
        expected = np.asarray(model.predict(x, verbose=0), dtype=np.float32)
        direct = np.asarray(model(x, training=False), dtype=np.float32)
        assert np.max(np.abs(direct - expected)) < 1e-6, name
        path = os.path.join(d, "model.h5")
        model.save(path)
        np.save(os.path.join(d, "input.npy"), np.ascontiguousarray(x))
        np.save(os.path.join(d, "expected.npy"), np.ascontiguousarray(expected))
        reloaded = K.models.load_model(path)
        reload_diff = float(np.max(np.abs(np.asarray(reloaded.predict(x, verbose=0)) - expected)))
        assert reload_diff < 1e-6, (name, reload_diff)
        mask_effect = None
        if unmasked is not None:
            mask_effect = float(np.max(np.abs(unmasked - expected)))
            assert mask_effect > 1e-3, (name, "the mask does not change the output", mask_effect)
        with h5py.File(path, "r") as f:
            version = f.attrs["keras_version"]
        meta = {
            "generator": generator,
            "keras_version": version.decode() if isinstance(version, bytes) else str(version),
            "description": CASES[case][1],
            "model_kind": type(model).__name__ if type(model).__name__ == "Sequential" else "Functional",
            "model_name": model.name,
            "layer_names": [l.name for l in model.layers],
            "input_shape": list(x.shape),
            "output_shape": list(expected.shape),
            "seed": CASES[case][0],
            "compiled": False,
        }
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")
        summary.append((name, list(x.shape), list(expected.shape), reload_diff, mask_effect,
                        float(np.mean(expected == 0))))

    def seq(time, features, layers, name, dtype="float32"):
        shape = (time,) if dtype != "float32" else (time, features)
        return K.Sequential([L.Input(shape=shape, dtype=dtype)] + layers, name=name)

    def without_mask(model, x, rebuild):
        """The same weights in a model built by `rebuild` (no mask-producing layer), on `x`."""
        other = rebuild()
        other.set_weights(model.get_weights())
        return np.asarray(other.predict(x, verbose=0), dtype=np.float32)

    def want(case):
        return (not only or case in only) and generation in ONLY.get(case, (generation,))

    if want("bidi_lstm_concat_seq"):
        rng = start("bidi_lstm_concat_seq")
        m = seq(7, 5, [L.Bidirectional(L.LSTM(6, return_sequences=True), merge_mode="concat"), L.Dense(3)], "bidi_concat")
        randomize(m, rng)
        finish("bidi_lstm_concat_seq", m, rng.standard_normal((3, 7, 5)).astype(np.float32))

    if want("bidi_gru_sum"):
        rng = start("bidi_gru_sum")
        m = seq(8, 4, [L.Bidirectional(L.GRU(5), merge_mode="sum")], "bidi_sum")
        randomize(m, rng)
        finish("bidi_gru_sum", m, rng.standard_normal((2, 8, 4)).astype(np.float32))

    if want("bidi_rnn_mul_ave"):
        rng = start("bidi_rnn_mul_ave")
        m = seq(6, 3, [L.Bidirectional(L.SimpleRNN(4, return_sequences=True), merge_mode="mul"),
                       L.Bidirectional(L.LSTM(3), merge_mode="ave"), L.Dense(2, activation="softmax")], "bidi_mul_ave")
        randomize(m, rng)
        finish("bidi_rnn_mul_ave", m, rng.standard_normal((4, 6, 3)).astype(np.float32))

    if want("go_backwards"):
        rng = start("go_backwards")
        m = seq(9, 4, [L.LSTM(5, go_backwards=True, return_sequences=True), L.GRU(4, go_backwards=True)], "backwards")
        randomize(m, rng)
        finish("go_backwards", m, rng.standard_normal((3, 9, 4)).astype(np.float32))

    if want("embedding_mask_lstm"):
        rng = start("embedding_mask_lstm")
        body = lambda: [L.LSTM(5, return_sequences=True), L.LSTM(4), L.Dense(2)]
        m = seq(10, None, [L.Embedding(20, 6, mask_zero=True)] + body(), "embed_mask", dtype="int32")
        randomize(m, rng)
        x = tokens(rng, 5, 10, 20, [[7, 8, 9], [0, 1, 2], [3, 4, 6], [], list(range(10))])
        plain = without_mask(m, x, lambda: seq(10, None, [L.Embedding(20, 6)] + body(), "embed_plain", dtype="int32"))
        finish("embedding_mask_lstm", m, x, unmasked=plain)

    if want("masking_gru_timedistributed"):
        rng = start("masking_gru_timedistributed")
        body = lambda: [L.GRU(5, return_sequences=True), L.TimeDistributed(L.Dense(3, activation="tanh")),
                        L.SimpleRNN(4, return_sequences=True)]
        m = seq(8, 3, [L.Masking(mask_value=0.0)] + body(), "masking_td")
        randomize(m, rng)
        x = rng.standard_normal((4, 8, 3)).astype(np.float32)
        for b, positions in enumerate([[0, 1], [3, 4], [6, 7], []]):
            x[b, positions, :] = 0.0
        x[3, 2, 0] = 0.0  # one zero feature alone does not mask its timestep
        plain = without_mask(m, x, lambda: seq(8, 3, body(), "plain_td"))
        finish("masking_gru_timedistributed", m, x, unmasked=plain)

    if want("embedding_mask_bidi_seq"):
        rng = start("embedding_mask_bidi_seq")
        body = lambda: [L.Bidirectional(L.LSTM(3, return_sequences=True), merge_mode="concat"), L.Dense(2)]
        m = seq(9, None, [L.Embedding(15, 4, mask_zero=True)] + body(), "embed_bidi", dtype="int32")
        randomize(m, rng)
        x = tokens(rng, 4, 9, 15, [[6, 7, 8], [0, 1], [2, 5], []])
        plain = without_mask(m, x, lambda: seq(9, None, [L.Embedding(15, 4)] + body(), "embed_bidi_plain", dtype="int32"))
        finish("embedding_mask_bidi_seq", m, x, unmasked=plain)

    if want("identity_layers"):
        rng = start("identity_layers")
        m = seq(6, 5, [L.SpatialDropout1D(0.3), L.GaussianNoise(0.5), L.LSTM(4, return_sequences=True),
                       L.Activation("softsign"), L.Dropout(0.2), L.GaussianDropout(0.1),
                       L.ActivityRegularization(l1=0.01), L.Dense(3)], "identity")
        randomize(m, rng)
        finish("identity_layers", m, rng.standard_normal((2, 6, 5)).astype(np.float32))

    if want("normalization"):
        rng = start("normalization")
        m = seq(7, 4, [L.LSTM(6, return_sequences=True), L.LayerNormalization(), L.BatchNormalization(),
                       L.LayerNormalization(center=False, epsilon=0.1), L.GRU(3)], "norms")
        randomize(m, rng)
        finish("normalization", m, rng.standard_normal((3, 7, 4)).astype(np.float32))

    if want("activations_more"):
        rng = start("activations_more")
        dense = [L.Dense(6, activation=a) for a in
                 ("elu", "selu", "gelu", "swish", "softplus", "softsign", "exponential", "hard_sigmoid")]
        m = seq(5, 4, dense + [L.LSTM(5, activation="softsign", recurrent_activation="hard_sigmoid", return_sequences=True),
                               L.SimpleRNN(4, activation="elu"), L.Dense(3, activation="softmax")], "more_acts")
        names = [getattr(w, "path", None) or w.name for w in m.weights]
        values = [(0.4 * weight_values(rng, n, tuple(w.shape))).astype(np.float32) for n, w in zip(names, m.weights)]
        m.set_weights(values)  # smaller weights: exponential must not overflow
        finish("activations_more", m, rng.standard_normal((3, 5, 4)).astype(np.float32))

    if want("recurrent_no_bias"):
        rng = start("recurrent_no_bias")
        m = seq(6, 3, [L.GRU(5, use_bias=False, return_sequences=True),
                       L.GRU(4, use_bias=False, reset_after=False, return_sequences=True),
                       L.SimpleRNN(3, use_bias=False)], "no_bias")
        randomize(m, rng)
        assert all(len(l.get_weights()) == 2 for l in m.layers)
        finish("recurrent_no_bias", m, rng.standard_normal((3, 6, 3)).astype(np.float32))

    if want("conv1d_lstm"):
        rng = start("conv1d_lstm")
        m = seq(12, 4, [L.Conv1D(6, 3, activation="relu"), L.Conv1D(5, 2, strides=2, padding="same"),
                        L.Conv1D(4, 3, padding="causal", dilation_rate=2, use_bias=False, activation="tanh"),
                        L.LSTM(5), L.Dense(2)], "conv_lstm")
        randomize(m, rng)
        finish("conv1d_lstm", m, rng.standard_normal((3, 12, 4)).astype(np.float32))

    if want("pooling"):
        rng = start("pooling")
        m = seq(16, 3, [L.LSTM(6, return_sequences=True), L.MaxPooling1D(2),
                        L.AveragePooling1D(3, strides=2, padding="same"), L.GRU(4, return_sequences=True),
                        L.MaxPooling1D(3, strides=1, padding="same"), L.GlobalAveragePooling1D(), L.Dense(3)], "pools")
        randomize(m, rng)
        finish("pooling", m, rng.standard_normal((2, 16, 3)).astype(np.float32))

    if want("global_pooling_mask"):
        rng = start("global_pooling_mask")
        body = lambda: [L.LSTM(4, return_sequences=True), L.GlobalAveragePooling1D(), L.Dense(2)]
        m = seq(8, None, [L.Embedding(12, 5, mask_zero=True)] + body(), "pool_mask", dtype="int32")
        randomize(m, rng)
        x = tokens(rng, 4, 8, 12, [[5, 6, 7], [0, 1, 2], [3], []])
        plain = without_mask(m, x, lambda: seq(8, None, [L.Embedding(12, 5)] + body(), "pool_plain", dtype="int32"))
        finish("global_pooling_mask", m, x, unmasked=plain)

    if want("global_max_pooling"):
        rng = start("global_max_pooling")
        m = seq(9, 3, [L.GRU(5, return_sequences=True), L.GlobalMaxPooling1D(), L.Dense(2, activation="softmax")], "max_pool")
        randomize(m, rng)
        finish("global_max_pooling", m, rng.standard_normal((3, 9, 3)).astype(np.float32))

    if want("encoder_decoder"):
        rng = start("encoder_decoder")
        m = seq(6, 3, [L.LSTM(4, return_sequences=True), L.Flatten(), L.Dense(8), L.Reshape((2, 4)), L.LSTM(3),
                       L.RepeatVector(5), L.GRU(4, return_sequences=True), L.TimeDistributed(L.Dense(2))], "enc_dec")
        randomize(m, rng)
        finish("encoder_decoder", m, rng.standard_normal((3, 6, 3)).astype(np.float32))

    if want("long_sequence"):
        rng = start("long_sequence")
        m = seq(1000, 3, [L.LSTM(8, return_sequences=True), L.GRU(6)], "long")
        randomize(m, rng)
        finish("long_sequence", m, rng.standard_normal((2, 1000, 3)).astype(np.float32))

    if not only:
        write_refused(generation, K, L, seq)

    with open(os.path.join(FIX, ".layer_results_%s.json" % generation), "w") as f:
        json.dump(summary, f)


# Files the converter must refuse by name (Fixtures/invalid/), written by both generations
# unless the name says otherwise.
REFUSED = {
    "sepconv.h5": "Input(7,5) -> SeparableConv1D(4, 3, name=sepconv_1) -> LSTM(3): an unsupported layer with weights.",
    "lambda.h5": "Input(7,5) -> Lambda(x * 2, name=double) -> LSTM(3): Python code in the file.",
}


def write_refused(generation, K, L, seq):
    inv = os.path.join(FIX, "invalid")
    os.makedirs(inv, exist_ok=True)
    K.backend.clear_session()
    K.utils.set_random_seed(6001)

    def save(model, name):
        rng = np.random.default_rng(6001)
        model.set_weights([rng.uniform(-0.5, 0.5, size=w.shape).astype(np.float32) for w in model.get_weights()])
        model.save(os.path.join(inv, name if name.startswith("k") else generation + "_" + name))

    save(seq(7, 5, [L.SeparableConv1D(4, 3, name="sepconv_1"), L.LSTM(3)], "sepconv_seq"), "sepconv.h5")
    save(seq(7, 5, [L.Lambda(lambda x: x * 2.0, name="double"), L.LSTM(3)], "lambda_seq"), "lambda.h5")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--generation", choices=["k2", "k3"], help="internal: build one Keras generation")
    ap.add_argument("--only", nargs="*", default=[], help="regenerate only these cases")
    args = ap.parse_args()
    if args.generation:
        run_generation(args.generation, set(args.only))
        return
    cases = args.only or list(CASES)
    for case in cases:
        for path in glob.glob(os.path.join(FIX, "k[23]_" + case)):
            shutil.rmtree(path)
    rows = run_generations(__file__, args.only, os.path.join(FIX, ".layer_results_%s.json"))
    print("%-40s %-12s %-10s %-9s %-10s %s" % ("fixture", "input", "output", "reload", "mask eff.", "zeros"))
    for name, shape, out, reload_diff, mask_effect, zeros in rows:
        print("%-40s %-12s %-10s %-9.1e %-10s %.2f" % (name, "x".join(map(str, shape)), "x".join(map(str, out)),
                                                      reload_diff, "-" if mask_effect is None else "%.3f" % mask_effect,
                                                      zeros))


if __name__ == "__main__":
    main()
