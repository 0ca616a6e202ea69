#!/usr/bin/env python3
"""Regenerate the fixtures of stateful and time-major recurrent layers (deterministically).

Companion of tools/make_fixtures.py and tools/make_layer_fixtures.py (same pinned toolchain,
tools/requirements.txt; their weight generator and versions are imported from
make_layer_fixtures.py):

    tools/.venv/bin/python tools/make_state_fixtures.py [--only CASE ...]

Each Keras generation runs in its own subprocess (k2: tf_keras 2.21.0, k3: keras 3.15.1 on
TensorFlow); every weight is overwritten with seeded random values (kernels uniform, biases
normal(0, 0.5)).

Stateful cases (`Fixtures/state/<gen>_<case>/`, both generations): a model with `stateful=True`
layers, built for batch 2, saved as model.h5 *before* any call (neither generation saves the
states in the file; a reloaded model starts from zero). Then, in order, `model.predict` on
chunk1.npy, chunk2.npy, chunk3.npy without a reset (outputs out1..out3.npy), `reset_states()`
(Keras 3: `reset_state()` on each stateful layer), and `model.predict` on chunk2.npy again
(out4.npy). meta.json lists the calls (`calls`: input, expected, reset_before), and the state
Keras's stateful layers hold after call 3 (`states`: layer name -> h/c files; a Bidirectional
gives its forward_ and backward_ layers). The script checks that each call's `predict` equals
`model(x)` in a copy of the model fed the same calls, that the carried state matters (call 2
differs from a fresh prediction on chunk 2 by more than 1e-3), that the reset clears it (call 4
equals a fresh prediction on chunk 2), and for the masked case that the mask matters.

Time-major cases (`Fixtures/k2_<case>/`, Keras 2 only: Keras 3 has no `time_major` argument,
which this script checks): a model with `time_major=True` layers, which read their input
`[N, T, F]` as `[time, batch, features]`: the recurrence runs along axis 0. The expected output is
`model.predict(x)` with N below predict's batch size of 32, so it is one call `model(x)` (a larger
N would be cut by predict into batches of 32 along the axis the layer treats as time). The script
checks each against an independent Keras computation: the same weights in a model without
`time_major` fed `x` transposed to `[T, N, F]` (and the result transposed back for
return_sequences).

Refusals (`Fixtures/invalid/`): `k2_time_major_mask.h5`, a mask reaching a time-major layer.
"""

import argparse
import glob
import json
import os
import shutil
import sys

import numpy as np

from keras_generation import load_generation, run_generations  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_layer_fixtures import weight_values  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Fixtures")
STATE = os.path.join(FIX, "state")
BATCH = 2

# name -> (seed, description); stateful cases exist in both generations.
STATEFUL = {
    "stateful_lstm_seq": (7001, "Input(batch_shape=(2, None, 3)) -> LSTM(4, stateful, return_sequences=True) -> Dense(2); "
                                "chunks of 5, 3 and 4 timesteps."),
    "stateful_gru_last": (7002, "Input(batch_shape=(2, 6, 4)) -> LSTM(5, return_sequences=True) (not stateful: from zero "
                                "in every call) -> GRU(4, stateful) -> Dense(3, softmax)."),
    "stateful_masked_stack": (7003, "Input(batch_shape=(2, None, 3)) -> Masking(0) -> LSTM(4, stateful, return_sequences="
                                    "True) -> SimpleRNN(3, stateful, go_backwards=True); chunk 2 row 0 starts with two "
                                    "masked steps, chunk 3 row 1 is masked throughout."),
    "stateful_bidi": (7004, "Input(batch_shape=(2, None, 3)) -> Bidirectional(GRU(4, stateful, return_sequences=True), "
                            "concat) -> Dense(2); each direction carries its own state."),
}

# Keras 2 only.
TIME_MAJOR = {
    "time_major_seq": (7101, "Input(5,3) -> LSTM(4, time_major, return_sequences=True) -> SimpleRNN(3, time_major, "
                             "return_sequences=True) -> GRU(3, return_sequences=True) -> Dense(2); x [6,5,3], output [6,5,2]."),
    "time_major_last": (7102, "Input(7,4) -> GRU(5, time_major) -> Dense(2); x [3,7,4]: the recurrence runs over the 3 "
                              "rows, one per each of the 7 columns, so the output is [7,2]."),
    "time_major_bidi": (7103, "Input(6,3) -> Bidirectional(LSTM(3, time_major, return_sequences=True), concat) -> "
                              "Dense(2); x [4,6,3], output [4,6,2]."),
}


def randomize(model, rng):
    names = [getattr(w, "path", None) or w.name for w in model.weights]
    model.set_weights([weight_values(rng, n, tuple(w.shape)).astype(np.float32) for n, w in zip(names, model.weights)])


def keras_version_of(path):
    import h5py
    with h5py.File(path, "r") as f:
        version = f.attrs["keras_version"]
    return version.decode() if isinstance(version, bytes) else str(version)


def run_generation(generation, only):
    K, generator = load_generation(generation)
    L = K.layers
    summary = []

    def want(case):
        return not only or case in only

    def start(seed):
        K.backend.clear_session()
        K.utils.set_random_seed(seed)
        return np.random.default_rng(seed)

    def model_input(time, features):
        if generation == "k2":
            return L.InputLayer(batch_input_shape=(BATCH, time, features))
        return L.InputLayer(batch_shape=(BATCH, time, features))

    def reset(model):
        if generation == "k2":
            model.reset_states()
        else:
            for layer in model.layers:
                if getattr(layer, "stateful", False) or getattr(getattr(layer, "forward_layer", None), "stateful", False):
                    layer.reset_state()

    def state_layers(model):
        """(name, layer) of each stateful recurrent layer, a Bidirectional's two directions apart."""
        found = []
        for layer in model.layers:
            if hasattr(layer, "forward_layer"):
                if layer.forward_layer.stateful:
                    found += [(layer.forward_layer.name, layer.forward_layer), (layer.backward_layer.name, layer.backward_layer)]
            elif getattr(layer, "stateful", False):
                found.append((layer.name, layer))
        return found

    def stateful_case(case, build, chunks, check_mask=None):
        seed, description = STATEFUL[case]
        rng = start(seed)
        model = build()
        randomize(model, rng)
        weights = model.get_weights()
        name = generation + "_" + case
        d = os.path.join(STATE, name)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, "model.h5")
        model.save(path)
        xs = [c(rng) for c in chunks]
        calls = [(0, False), (1, False), (2, False), (1, True)]
        twin = build()  # fed the same calls through model(x), as a cross-check of predict
        twin.set_weights(weights)
        outputs = []
        for i, (chunk, reset_before) in enumerate(calls):
            if reset_before:
                reset(model)
                reset(twin)
            y = np.asarray(model.predict(xs[chunk], verbose=0, batch_size=BATCH), dtype=np.float32)
            direct = np.asarray(twin(xs[chunk], training=False), dtype=np.float32)
            assert np.max(np.abs(direct - y)) < 1e-6, (name, i)
            outputs.append(y)
            if i == 2:
                states = {}
                for layer_name, layer in state_layers(model):
                    values = [np.asarray(s, dtype=np.float32) for s in layer.states]
                    files = {}
                    for part, value in zip(("h", "c"), values):
                        files[part] = "state_%s_%s.npy" % (layer_name, part)
                        np.save(os.path.join(d, files[part]), np.ascontiguousarray(value))
                    states[layer_name] = files
        fresh = build()
        fresh.set_weights(weights)
        fresh2 = np.asarray(fresh.predict(xs[1], verbose=0, batch_size=BATCH), dtype=np.float32)
        carry_effect = float(np.max(np.abs(outputs[1] - fresh2)))
        assert carry_effect > 1e-3, (name, "the carried state does not change call 2", carry_effect)
        assert np.max(np.abs(outputs[3] - fresh2)) < 1e-6, (name, "reset does not clear the state")
        mask_effect = check_mask(weights, xs, outputs) if check_mask else None
        reloaded = K.models.load_model(path, compile=False)
        reload_diff = float(np.max(np.abs(np.asarray(reloaded.predict(xs[0], verbose=0, batch_size=BATCH)) - outputs[0])))
        assert reload_diff < 1e-6, (name, "a reloaded model does not start from zero", reload_diff)
        for i, x in enumerate(xs):
            np.save(os.path.join(d, "chunk%d.npy" % (i + 1)), np.ascontiguousarray(x))
        for i, y in enumerate(outputs):
            np.save(os.path.join(d, "out%d.npy" % (i + 1)), np.ascontiguousarray(y))
        meta = {
            "generator": generator,
            "keras_version": keras_version_of(path),
            "description": description,
            "seed": seed,
            "batch_size": BATCH,
            "layer_names": [l.name for l in model.layers],
            "calls": [{"input": "chunk%d.npy" % (chunk + 1), "expected": "out%d.npy" % (i + 1), "reset_before": r}
                      for i, (chunk, r) in enumerate(calls)],
            "states_after_call": 3,
            "states": states,
        }
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")
        summary.append((name, [list(x.shape) for x in xs], list(outputs[0].shape), carry_effect, mask_effect))

    def normal(time, features):
        return lambda rng: rng.standard_normal((BATCH, time, features)).astype(np.float32)

    if want("stateful_lstm_seq"):
        stateful_case("stateful_lstm_seq", lambda: K.Sequential(
            [model_input(None, 3), L.LSTM(4, stateful=True, return_sequences=True), L.Dense(2)], name="stateful_seq"),
            [normal(5, 3), normal(3, 3), normal(4, 3)])

    if want("stateful_gru_last"):
        stateful_case("stateful_gru_last", lambda: K.Sequential(
            [model_input(6, 4), L.LSTM(5, return_sequences=True), L.GRU(4, stateful=True), L.Dense(3, activation="softmax")],
            name="stateful_last"), [normal(6, 4)] * 3)

    if want("stateful_masked_stack"):
        def body():
            return [L.LSTM(4, stateful=True, return_sequences=True), L.SimpleRNN(3, stateful=True, go_backwards=True)]

        def masked(positions):
            def make(rng):
                x = rng.standard_normal((BATCH, 4, 3)).astype(np.float32)
                for b, steps in positions:
                    x[b, steps, :] = 0.0
                return x
            return make

        def check_mask(weights, xs, outputs):
            plain = K.Sequential([model_input(None, 3)] + body(), name="unmasked")
            plain.set_weights(weights)
            ys = [np.asarray(plain.predict(x, verbose=0, batch_size=BATCH), dtype=np.float32) for x in xs]
            effect = float(max(np.max(np.abs(a - b)) for a, b in zip(ys[1:3], outputs[1:3])))
            assert effect > 1e-3, ("stateful_masked_stack", "the mask does not change the output", effect)
            return effect

        stateful_case("stateful_masked_stack", lambda: K.Sequential(
            [model_input(None, 3), L.Masking(0.0)] + body(), name="stateful_masked"),
            [masked([]), masked([(0, [0, 1])]), masked([(1, [0, 1, 2, 3]), (0, [2])])], check_mask=check_mask)

    if want("stateful_bidi"):
        stateful_case("stateful_bidi", lambda: K.Sequential(
            [model_input(None, 3), L.Bidirectional(L.GRU(4, stateful=True, return_sequences=True)), L.Dense(2)],
            name="stateful_bidi"), [normal(5, 3), normal(4, 3), normal(6, 3)])

    if generation == "k3":
        try:
            L.LSTM(4, time_major=True)
            raise AssertionError("Keras 3 accepted time_major")
        except ValueError:
            pass
    else:
        time_major_cases(K, L, generator, want, start, summary)
        if not only:
            write_refused(K, L)

    with open(os.path.join(FIX, ".state_results_%s.json" % generation), "w") as f:
        json.dump(summary, f)


def time_major_cases(K, L, generator, want, start, summary):
    def plain(layer, source, v):
        """`layer` (no time_major) with `source`'s weights, applied to `v` eagerly."""
        layer(v)
        layer.set_weights(source.get_weights())
        return np.asarray(layer(v), dtype=np.float32)

    def swap(v):
        return np.ascontiguousarray(np.transpose(v, (1, 0, 2)))

    def case(name, layers, reference, x_shape):
        seed, description = TIME_MAJOR[name]
        rng = start(seed)
        model = K.Sequential([L.Input(shape=x_shape[1:])] + layers, name=name)
        randomize(model, rng)
        x = rng.standard_normal(x_shape).astype(np.float32)
        assert x_shape[0] <= 32, "predict must see x in one batch"
        expected = np.asarray(model.predict(x, verbose=0), dtype=np.float32)
        assert np.max(np.abs(np.asarray(model(x, training=False)) - expected)) < 1e-6, name
        ref = reference(model.layers, x)
        assert ref.shape == expected.shape, (name, ref.shape, expected.shape)
        assert np.max(np.abs(ref - expected)) < 1e-6, (name, "time_major is not the transposed recurrence")
        d = os.path.join(FIX, "k2_" + name)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, "model.h5")
        model.save(path)
        reloaded = K.models.load_model(path, compile=False)
        reload_diff = float(np.max(np.abs(np.asarray(reloaded.predict(x, verbose=0)) - expected)))
        assert reload_diff < 1e-6, (name, reload_diff)
        np.save(os.path.join(d, "input.npy"), np.ascontiguousarray(x))
        np.save(os.path.join(d, "expected.npy"), np.ascontiguousarray(expected))
        meta = {
            "generator": generator,
            "keras_version": keras_version_of(path),
            "description": description,
            "model_kind": "Sequential",
            "model_name": model.name,
            "layer_names": [l.name for l in model.layers],
            "input_shape": list(x.shape),
            "output_shape": list(expected.shape),
            "seed": seed,
            "compiled": False,
        }
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")
        summary.append(("k2_" + name, [list(x.shape)], list(expected.shape), None, None))

    # Each reference runs the same weights through layers without time_major on the transposed
    # input [T, N, F] (and transposes back where the layer returns sequences).
    if want("time_major_seq"):
        def reference(layers, x):
            v = swap(plain(L.LSTM(4, return_sequences=True), layers[0], swap(x)))
            v = swap(plain(L.SimpleRNN(3, return_sequences=True), layers[1], swap(v)))
            v = plain(L.GRU(3, return_sequences=True), layers[2], v)
            return plain(L.Dense(2), layers[3], v)
        case("time_major_seq", [L.LSTM(4, time_major=True, return_sequences=True),
                                L.SimpleRNN(3, time_major=True, return_sequences=True),
                                L.GRU(3, return_sequences=True), L.Dense(2)], reference, (6, 5, 3))

    if want("time_major_last"):
        def reference(layers, x):
            return plain(L.Dense(2), layers[1], plain(L.GRU(5), layers[0], swap(x)))
        case("time_major_last", [L.GRU(5, time_major=True), L.Dense(2)], reference, (3, 7, 4))

    if want("time_major_bidi"):
        def reference(layers, x):
            v = swap(plain(L.Bidirectional(L.LSTM(3, return_sequences=True)), layers[0], swap(x)))
            return plain(L.Dense(2), layers[1], v)
        case("time_major_bidi", [L.Bidirectional(L.LSTM(3, time_major=True, return_sequences=True)), L.Dense(2)],
             reference, (4, 6, 3))


# Files the converter must refuse by name (Fixtures/invalid/).
REFUSED = {
    "k2_time_major_mask.h5": "Input(5,3) -> Masking(0) -> LSTM(4, time_major=True): a mask reaching a time-major layer.",
}


def write_refused(K, L):
    inv = os.path.join(FIX, "invalid")
    K.backend.clear_session()
    K.utils.set_random_seed(6101)
    rng = np.random.default_rng(6101)
    model = K.Sequential([L.Input(shape=(5, 3)), L.Masking(0.0), L.LSTM(4, time_major=True, name="major")],
                         name="time_major_mask")
    model.set_weights([rng.uniform(-0.5, 0.5, size=w.shape).astype(np.float32) for w in model.get_weights()])
    model.save(os.path.join(inv, "k2_time_major_mask.h5"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--generation", choices=["k2", "k3"], help="internal: build one Keras generation")
    ap.add_argument("--only", nargs="*", default=[], help="regenerate only these cases")
    args = ap.parse_args()
    if args.generation:
        run_generation(args.generation, set(args.only))
        return
    for case in args.only or list(STATEFUL):
        if case in STATEFUL:
            for path in glob.glob(os.path.join(STATE, "k[23]_" + case)):
                shutil.rmtree(path)
    for case in args.only or list(TIME_MAJOR):
        if case in TIME_MAJOR:
            shutil.rmtree(os.path.join(FIX, "k2_" + case), ignore_errors=True)
    rows = run_generations(__file__, args.only, os.path.join(FIX, ".state_results_%s.json"))
    print("%-32s %-28s %-10s %-11s %s" % ("fixture", "inputs", "output", "carry eff.", "mask eff."))
    for name, shapes, out, carry, mask in rows:
        print("%-32s %-28s %-10s %-11s %s" % (name, " ".join("x".join(map(str, s)) for s in shapes),
                                              "x".join(map(str, out)), "-" if carry is None else "%.3f" % carry,
                                              "-" if mask is None else "%.3f" % mask))


if __name__ == "__main__":
    main()
