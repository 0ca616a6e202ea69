#!/usr/bin/env python3
"""Regenerate the "file kind" fixtures under Fixtures/kinds/.

Inputs, weights and expected outputs are the same on every run (fixed seeds); the .keras archives
differ only in what Keras stamps into them (metadata.json's date_saved, entry timestamps).

Toolchain: the pinned venv of tools/requirements.txt (Python 3.11, CPU only, PyPI only):

    tools/.venv/bin/python tools/make_file_kind_fixtures.py     # also run by tools/make_fixtures.sh
    tools/.venv/bin/python tools/make_file_kind_fixtures.py --only k3_keras_lstm,k3_keras_gru   # just these

Fixtures/kinds/<name>/ holds one model saved in a form other than a full-model .h5:

  * a Keras 3 (or tf_keras) `.keras` archive          model.keras
  * weights only, `save_weights("x.weights.h5")`        model.weights.h5 + model.json (model.to_json())
  * weights only, tf_keras `save_weights("x.h5")`       model.h5 (legacy layout at the root) + model.json

plus input.npy (float32 [batch, time, features], or int32 token ids [batch, time]), expected.npy (float32 Keras `model.predict`) and
meta.json (`model_file`, `config_file` or null, `file_kind`, `generation_from`, `keras_version` as
recorded anywhere (weights file, metadata.json or the config; null for a Keras 3 `.weights.h5`), and
the fields of tools/make_fixtures.py's meta.json). Every weight is overwritten with seeded random values
(kernels uniform, biases, betas and moving means normal(0, 0.5), gammas and moving variances uniform(0.5, 1.5)).

Like tools/make_fixtures.py, the top-level run never imports Keras: it deletes Fixtures/kinds/ and
re-invokes itself once per generation (--generation k2 with tf_keras 2.21.0, --generation k3 with
keras 3.15.1), so the two never share a process. Each generation checks, before writing meta.json:
  * the saved file reloads in the same Keras (load_model, or model_from_json + load_weights) and
    predicts `expected` to < 1e-6;
  * `.keras` members are metadata.json, config.json, model.weights.h5, stored uncompressed;
  * weight groups are named by class + occurrence (`layers/lstm`, `layers/lstm_1`, …), with the
    variables in get_weights() order in `cell/vars` (recurrent layers), `forward_layer/cell/vars` then
    `backward_layer/cell/vars` (Bidirectional), `layer/vars` (TimeDistributed) or `vars` (the others);
  * for the Embedding(mask_zero=True) fixtures, that the same weights without the mask change the
    outputs by more than 1e-2, so the parity test proves the mask is applied;
  * for the hard_sigmoid fixtures, that the other generation's hard_sigmoid would move the outputs
    by more than 1e-2 (a numpy LSTM/GRU forward pass with each formula), so the parity test
    proves the generation was decided correctly.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import numpy as np

from keras_generation import load_generation  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "kinds")


def random_weights(rng, model, kernel, recurrent):
    """Seeded non-trivial values for every weight, in get_weights() order."""
    out = []
    for variable, value in zip(model.weights, model.get_weights()):
        name = getattr(variable, "path", None) or variable.name
        last = name.split("/")[-1].split(":")[0]
        if last in ("bias", "beta", "moving_mean"):
            w = rng.normal(0.0, 0.5, size=value.shape)
        elif last in ("gamma", "moving_variance"):
            w = rng.uniform(0.5, 1.5, size=value.shape)  # positive variances; scales away from 0 and 1
        elif "recurrent" in last:
            w = rng.uniform(-recurrent, recurrent, size=value.shape)
        else:
            w = rng.uniform(-kernel, kernel, size=value.shape)
        out.append(w.astype(np.float32))
    model.set_weights(out)
    for got, want in zip(model.get_weights(), out):
        assert np.array_equal(got, want)


def hard_sigmoid(generation):
    if generation == "k2":
        return lambda x: np.clip(0.2 * x + 0.5, 0.0, 1.0)
    return lambda x: np.clip(x / 6.0 + 0.5, 0.0, 1.0)


def np_lstm(x, kernel, rec, bias, ract):
    """LSTM forward pass (gate blocks i, f, c, o; tanh), returning the whole sequence (float64)."""
    units = rec.shape[0]
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    seq = []
    for t in range(x.shape[1]):
        z = x[:, t, :] @ kernel + h @ rec + bias
        i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
        c = ract(f) * c + ract(i) * np.tanh(g)
        h = ract(o) * np.tanh(c)
        seq.append(h)
    return np.stack(seq, axis=1)


def np_gru_reset_after(x, kernel, rec, bias, ract):
    """GRU forward pass (reset_after=True, gate blocks z, r, h; tanh), the last state (float64)."""
    units = rec.shape[0]
    h = np.zeros((x.shape[0], units))
    for t in range(x.shape[1]):
        xp = x[:, t, :] @ kernel + bias[0]
        hp = h @ rec + bias[1]
        z = ract(xp[:, :units] + hp[:, :units])
        r = ract(xp[:, units:2 * units] + hp[:, units:2 * units])
        hh = np.tanh(xp[:, 2 * units:] + r * hp[:, 2 * units:])
        h = z * h + (1.0 - z) * hh
    return h


# ==========================================================================
# One generation (imports exactly one Keras)
# ==========================================================================
def run_generation(generation, only):
    K, generator = load_generation(generation)
    import h5py
    L = K.layers

    def start(seed):
        K.backend.clear_session()
        K.utils.set_random_seed(seed)
        return np.random.default_rng(seed)

    def snake_case(name):
        """Keras's to_snake_case: LSTM -> lstm, LayerNormalization -> layer_normalization."""
        name = re.sub(r"\W+", "", name)
        name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
        return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()

    def variable_folders(layer):
        """Where a layer's variables sit below its group, in get_weights() order."""
        cls = type(layer).__name__
        if cls in ("LSTM", "GRU", "SimpleRNN"):
            return ["cell/vars"]
        if cls == "Bidirectional":
            return ["forward_layer/cell/vars", "backward_layer/cell/vars"]
        if cls == "TimeDistributed":
            return ["layer/vars"]
        return ["vars"]

    def check_groups(weights_path, model, functional):
        """Group names are snake_case(class) + _k in model.layers order; variables in build order."""
        counts = {}
        with h5py.File(weights_path, "r") as f:
            for layer in model.layers:
                cls = type(layer).__name__
                if cls == "InputLayer" and not functional:
                    continue
                base = snake_case(cls)
                k = counts.get(base, -1) + 1
                counts[base] = k
                group = "layers/" + base + ("_%d" % k if k else "")
                assert group in f, (weights_path, group, list(f["layers"]))
                if group + "/vars" in f and "name" in f[group + "/vars"].attrs:
                    assert f[group + "/vars"].attrs["name"] == layer.name
                stored = []
                for folder in variable_folders(layer):
                    variables = f[group + "/" + folder] if group + "/" + folder in f else {}
                    stored += [variables[str(i)][()] for i in range(len(variables))]
                assert len(stored) == len(layer.get_weights()), group
                for got, want in zip(stored, layer.get_weights()):
                    assert np.array_equal(got, want), group

    def finish(name, model, x, file_kind, model_file, config_file, generation_from, description,
               functional=False, differs_by_generation=None, unmasked=None):
        if only and name not in only:
            return
        folder = os.path.join(OUT, name)
        os.makedirs(folder, exist_ok=True)
        expected = model.predict(x, verbose=0).astype(np.float32)
        model_path = os.path.join(folder, model_file)
        if file_kind == "keras_archive":
            model.save(model_path)
            with zipfile.ZipFile(model_path) as z:
                infos = z.infolist()
                assert [i.filename for i in infos] == ["metadata.json", "config.json", "model.weights.h5"], infos
                assert all(i.compress_type == zipfile.ZIP_STORED for i in infos)
                z.extract("model.weights.h5", "/tmp/lstm-kinds-check")
                check_groups("/tmp/lstm-kinds-check/model.weights.h5", model, functional)
                version = json.loads(z.read("metadata.json"))["keras_version"]
            reloaded = K.models.load_model(model_path)
        else:
            model.save_weights(model_path)
            with open(os.path.join(folder, config_file), "w") as f:
                f.write(model.to_json())
            if file_kind == "weights_h5":
                check_groups(model_path, model, functional)
                version = json.loads(model.to_json()).get("keras_version")  # tf_keras records it; Keras 3 does not
            else:
                with h5py.File(model_path, "r") as f:
                    version = f.attrs["keras_version"]
                    version = version.decode() if isinstance(version, bytes) else str(version)
                    assert "model_config" not in f.attrs
            with open(os.path.join(folder, config_file)) as f:
                reloaded = K.models.model_from_json(f.read())
            reloaded.load_weights(model_path)
        got = reloaded.predict(x, verbose=0).astype(np.float32)
        reload_diff = float(np.max(np.abs(got - expected)))
        assert reload_diff < 1e-6, (name, reload_diff)
        if unmasked is not None:  # the mask must matter, or the parity test would not prove it is applied
            mask_diff = float(np.max(np.abs(unmasked.astype(np.float32) - expected)))
            assert mask_diff > 1e-2, (name, mask_diff)
        np.save(os.path.join(folder, "input.npy"), np.ascontiguousarray(x))
        np.save(os.path.join(folder, "expected.npy"), np.ascontiguousarray(expected))
        other_diff = None
        if differs_by_generation is not None:
            mine, other = differs_by_generation(hard_sigmoid(generation)), \
                differs_by_generation(hard_sigmoid("k3" if generation == "k2" else "k2"))
            assert float(np.max(np.abs(mine - expected))) < 1e-5, name
            other_diff = float(np.max(np.abs(other - expected)))
            assert other_diff > 1e-2, (name, other_diff)
        meta = {
            "generator": generator,
            "keras_version": version,
            "description": description,
            "model_kind": "Functional" if functional else "Sequential",
            "model_name": model.name,
            "model_file": model_file,
            "config_file": config_file,
            "file_kind": file_kind,
            "generation_from": generation_from,
            "layer_names": [layer.name for layer in model.layers],
            "input_shape": list(x.shape),
            "output_shape": list(expected.shape),
            "other_hard_sigmoid_max_diff": other_diff,
        }
        with open(os.path.join(folder, "meta.json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")
        print("%-32s %-10s %-14s reload %.1e%s" % (name, "x".join(map(str, x.shape)), file_kind, reload_diff,
              "" if other_diff is None else ", other hard_sigmoid %.3f" % other_diff))

    def lstm_hard_sigmoid_model(seed, model_name):
        rng = start(seed)
        x = rng.standard_normal((4, 6, 5)).astype(np.float32)
        m = K.Sequential([L.Input(shape=(6, 5)),
                          L.LSTM(8, recurrent_activation="hard_sigmoid", return_sequences=True),
                          L.Dense(3)], name=model_name)
        random_weights(rng, m, kernel=1.2, recurrent=0.9)
        lstm, dense = m.layers[0], m.layers[1]

        def reference(ract):
            k, r, b = (w.astype(np.float64) for w in lstm.get_weights())
            dk, db = (w.astype(np.float64) for w in dense.get_weights())
            return np_lstm(x.astype(np.float64), k, r, b, ract) @ dk + db
        return m, x, reference

    if generation == "k3":
        # ---- .keras: Sequential LSTM -> LSTM -> Dense(softmax)
        rng = start(5001)
        x = rng.standard_normal((3, 7, 5)).astype(np.float32)
        m = K.Sequential([L.Input(shape=(7, 5)), L.LSTM(6, return_sequences=True), L.LSTM(4),
                          L.Dense(3, activation="softmax")], name="archive_lstm")
        random_weights(rng, m, kernel=0.6, recurrent=0.6)
        finish("k3_keras_lstm", m, x, "keras_archive", "model.keras", None, "metadata.json",
               "Keras 3 .keras archive, Sequential: Input(7,5) -> LSTM(6, return_sequences=True) -> LSTM(4) "
               "-> Dense(3, softmax); output [3,3].")

        # ---- .keras: Functional GRU chain, compiled and fitted (optimizer variables in the archive)
        rng = start(5002)
        x = rng.standard_normal((5, 8, 4)).astype(np.float32)
        inp = L.Input(shape=(8, 4), name="inp")
        h = L.GRU(6, reset_after=True, return_sequences=True, name="enc")(inp)
        h = L.Dropout(0.25, name="drop")(h)
        h = L.GRU(5, reset_after=False, name="dec")(h)
        out = L.Dense(3, activation="tanh", name="head")(h)
        m = K.Model(inp, out, name="archive_gru")
        m.compile(optimizer="adam", loss=K.losses.MeanSquaredError())
        m.fit(x, rng.uniform(-0.5, 0.5, size=(5, 3)).astype(np.float32), epochs=1, batch_size=5, verbose=0,
              shuffle=False)
        random_weights(rng, m, kernel=0.6, recurrent=0.6)
        finish("k3_keras_gru", m, x, "keras_archive", "model.keras", None, "metadata.json",
               "Keras 3 .keras archive, Functional: Input(name=inp, (8,4)) -> GRU(6, name=enc, reset_after=True, "
               "return_sequences=True) -> Dropout(name=drop) -> GRU(5, name=dec, reset_after=False) -> "
               "Dense(3, name=head, tanh); compiled with Adam and fitted 1 epoch, so model.weights.h5 also holds "
               "optimizer variables; weight groups are named by class (enc -> layers/gru, dec -> layers/gru_1, "
               "head -> layers/dense); output [5,3].", functional=True)

        # ---- weights only (.weights.h5, no version anywhere) + to_json config; hard_sigmoid
        m, x, reference = lstm_hard_sigmoid_model(5003, "weights_hard_sigmoid")
        finish("k3_weights_lstm_hard_sigmoid", m, x, "weights_h5", "model.weights.h5", "model.json", "config form",
               "Keras 3 save_weights('model.weights.h5') + model.to_json(), Sequential: Input(6,5) -> "
               "LSTM(8, recurrent_activation=hard_sigmoid, return_sequences=True) -> Dense(3); the weights record "
               "no Keras version, so the generation comes from the config's Keras 3 form; output [4,6,3].",
               differs_by_generation=reference)

        # ---- .keras: token ids -> Embedding(mask_zero) -> Bidirectional(LSTM, seq) -> LayerNormalization
        # -> GlobalAveragePooling1D (mask-aware) -> Dense; zeros in the middle of rows
        def embedding_bidi(mask_zero, layer_norm, model_name):
            return K.Sequential([L.Input(shape=(9,), dtype="int32"), L.Embedding(13, 4, mask_zero=mask_zero),
                                 L.Bidirectional(L.LSTM(5, return_sequences=True)), layer_norm(),
                                 L.GlobalAveragePooling1D(), L.Dense(3)], name=model_name)

        def masked_tokens(rng):
            x = rng.integers(1, 13, size=(4, 9)).astype(np.int32)
            for row, positions in enumerate([[3, 4], [0, 5, 8], [2, 3, 4, 5], []]):
                x[row, positions] = 0
            return x

        def without_mask(m, x, layer_norm):
            plain = embedding_bidi(False, layer_norm, m.name + "_plain")
            plain.set_weights(m.get_weights())
            return plain.predict(x, verbose=0)

        rng = start(5006)
        m = embedding_bidi(True, L.LayerNormalization, "archive_embedding_bidi")
        random_weights(rng, m, kernel=0.8, recurrent=0.7)
        x = masked_tokens(rng)
        finish("k3_keras_embedding_bidi_lstm", m, x, "keras_archive", "model.keras", None, "metadata.json",
               "Keras 3 .keras archive, Sequential: Input(9,) int32 tokens (zeros mid-row) -> Embedding(13, 4, "
               "mask_zero=True) -> Bidirectional(LSTM(5, return_sequences=True)) -> LayerNormalization -> "
               "GlobalAveragePooling1D -> Dense(3); Bidirectional weights in layers/bidirectional/forward_layer/cell/vars "
               "and backward_layer/cell/vars; output [4,3].",
               unmasked=without_mask(m, x, L.LayerNormalization))

        # ---- weights only (.weights.h5 + config) of the same model with LayerNormalization(scale=False),
        # so its one variable (vars/0) is beta
        rng = start(5007)
        no_scale = lambda: L.LayerNormalization(scale=False)
        m = embedding_bidi(True, no_scale, "weights_embedding_bidi")
        random_weights(rng, m, kernel=0.8, recurrent=0.7)
        x = masked_tokens(rng)
        finish("k3_weights_embedding_bidi_lstm", m, x, "weights_h5", "model.weights.h5", "model.json", "config form",
               "Keras 3 save_weights('model.weights.h5') + model.to_json(), Sequential: Input(9,) int32 tokens (zeros "
               "mid-row) -> Embedding(13, 4, mask_zero=True) -> Bidirectional(LSTM(5, return_sequences=True)) -> "
               "LayerNormalization(scale=False) (vars/0 is beta) -> GlobalAveragePooling1D -> Dense(3); output [4,3].",
               unmasked=without_mask(m, x, no_scale))

        # ---- .keras: Conv1D -> BatchNormalization -> MaxPooling1D -> TimeDistributed(Dense) -> GRU -> Dense,
        # and a second one whose options move the variable numbers (no conv bias, BatchNormalization(center=False))
        def conv_batchnorm_gru(seed, model_name, use_bias, center):
            rng = start(seed)
            x = rng.standard_normal((3, 10, 4)).astype(np.float32)
            m = K.Sequential([L.Input(shape=(10, 4)), L.Conv1D(6, 3, activation="relu", use_bias=use_bias),
                              L.BatchNormalization(center=center), L.MaxPooling1D(2),
                              L.TimeDistributed(L.Dense(5, activation="tanh")), L.GRU(4), L.Dense(2)],
                             name=model_name)
            random_weights(rng, m, kernel=0.7, recurrent=0.7)
            return m, x

        m, x = conv_batchnorm_gru(5008, "archive_conv_batchnorm", True, True)
        finish("k3_keras_conv_batchnorm_gru", m, x, "keras_archive", "model.keras", None, "metadata.json",
               "Keras 3 .keras archive, Sequential: Input(10,4) -> Conv1D(6, 3, relu) -> BatchNormalization -> "
               "MaxPooling1D(2) -> TimeDistributed(Dense(5, tanh)) (weights in layers/time_distributed/layer/vars) "
               "-> GRU(4) -> Dense(2); output [3,2].")

        m, x = conv_batchnorm_gru(5009, "weights_conv_batchnorm", False, False)
        finish("k3_weights_conv_batchnorm_gru", m, x, "weights_h5", "model.weights.h5", "model.json", "config form",
               "Keras 3 save_weights('model.weights.h5') + model.to_json(), Sequential: Input(10,4) -> "
               "Conv1D(6, 3, relu, use_bias=False) -> BatchNormalization(center=False) (vars 0..2: gamma, "
               "moving_mean, moving_variance) -> MaxPooling1D(2) -> TimeDistributed(Dense(5, tanh)) -> GRU(4) -> "
               "Dense(2); output [3,2].")
    else:
        # ---- weights only, legacy save_weights('model.h5') (keras_version on the root) + to_json
        m, x, reference = lstm_hard_sigmoid_model(5003, "weights_hard_sigmoid")
        finish("k2_weights_lstm_hard_sigmoid", m, x, "weights_h5_legacy", "model.h5", "model.json",
               "weights keras_version",
               "tf_keras save_weights('model.h5') (legacy layout: layer_names, keras_version on the root) + "
               "model.to_json(), Sequential: Input(6,5) -> LSTM(8, recurrent_activation=hard_sigmoid, "
               "return_sequences=True) -> Dense(3); same weights and input as k3_weights_lstm_hard_sigmoid; "
               "output [4,6,3].", differs_by_generation=reference)

        # ---- weights only, tf_keras save_weights('model.weights.h5') (layers/ layout, no @name, no
        # version) + to_json (which records keras_version); Functional GRU with hard_sigmoid
        rng = start(5004)
        x = rng.standard_normal((3, 7, 4)).astype(np.float32)
        inp = L.Input(shape=(7, 4), name="seq_in")
        h = L.GRU(6, reset_after=True, recurrent_activation="hard_sigmoid", name="gate")(inp)
        out = L.Dense(2, name="out")(h)
        m = K.Model(inp, out, name="weights_gru")
        random_weights(rng, m, kernel=1.2, recurrent=0.9)
        gru, dense = m.layers[1], m.layers[2]

        def gru_reference(ract):
            k, r, b = (w.astype(np.float64) for w in gru.get_weights())
            dk, db = (w.astype(np.float64) for w in dense.get_weights())
            return np_gru_reset_after(x.astype(np.float64), k, r, b, ract) @ dk + db
        finish("k2_weights_gru_hard_sigmoid", m, x, "weights_h5", "model.weights.h5", "model.json",
               "config keras_version",
               "tf_keras save_weights('model.weights.h5') (layers/ layout, no version, no vars/@name) + "
               "model.to_json() (records keras_version 2.21.0), Functional: Input(name=seq_in, (7,4)) -> "
               "GRU(6, name=gate, reset_after=True, recurrent_activation=hard_sigmoid) -> Dense(2, name=out); "
               "output [3,2].", functional=True, differs_by_generation=gru_reference)

        # ---- tf_keras .keras archive (metadata.json keras_version 2.21.0); hard_sigmoid
        m, x, reference = lstm_hard_sigmoid_model(5005, "k2_archive")
        finish("k2_keras_lstm_hard_sigmoid", m, x, "keras_archive", "model.keras", None, "metadata.json",
               "tf_keras model.save('model.keras') (metadata.json keras_version 2.21.0, config.json in Keras 2 "
               "form), Sequential: Input(6,5) -> LSTM(8, recurrent_activation=hard_sigmoid, "
               "return_sequences=True) -> Dense(3); output [4,6,3].", differs_by_generation=reference)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generation", choices=["k2", "k3"], help="internal: build one Keras generation")
    parser.add_argument("--only", default="", help="comma-separated fixture names to (re)write; the others are kept")
    args = parser.parse_args()
    only = [name for name in args.only.split(",") if name]
    if args.generation:
        run_generation(args.generation, only)
        return
    if only:
        for name in only:
            shutil.rmtree(os.path.join(OUT, name), ignore_errors=True)
    else:
        shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT, exist_ok=True)
    for generation in ("k2", "k3"):
        if only and not any(name.startswith(generation + "_") for name in only):
            continue
        subprocess.run([sys.executable, os.path.abspath(__file__), "--generation", generation, "--only", args.only],
                       check=True)
    shutil.rmtree("/tmp/lstm-kinds-check", ignore_errors=True)
    if not only:
        # Same weights and input, different hard_sigmoid: the two weights-only LSTM fixtures must differ.
        a = np.load(os.path.join(OUT, "k2_weights_lstm_hard_sigmoid", "expected.npy"))
        b = np.load(os.path.join(OUT, "k3_weights_lstm_hard_sigmoid", "expected.npy"))
        assert np.array_equal(np.load(os.path.join(OUT, "k2_weights_lstm_hard_sigmoid", "input.npy")),
                              np.load(os.path.join(OUT, "k3_weights_lstm_hard_sigmoid", "input.npy")))
        print("k2 vs k3 weights-only hard_sigmoid outputs differ by %.3f" % float(np.max(np.abs(a - b))))
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print("Fixtures/kinds total: %d bytes" % total)


if __name__ == "__main__":
    main()
