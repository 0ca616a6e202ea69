#!/usr/bin/env python3
"""Writes the hostile-input corpus under Tests/Corpus/ (see docs/fuzzing.md).

Run once with the pinned venv (the tests never need Python; the files are committed):

    tools/.venv/bin/python tools/make_bad_inputs.py

Writes:
  Tests/Corpus/config/*.json  the model_config JSON of four fixtures (fuzz seeds for fuzz-config)
  Tests/Corpus/h5/*.h5        small Keras-like HDF5 files, each broken in one way (list below)
  Tests/Corpus/keras/*.keras  zip archives the converter must refuse cleanly

Every .h5 is built from Fixtures/k2_lstm_single (Input(7,5) -> LSTM(6)) with the same config and
weights, written with libver v108 (no padding blocks), so each is ~7 KiB. The Swift tests in
Tests/KerasImportTests/KerasImportBadInputTests.swift, Tests/HDF5Tests/HDF5BadInputTests.swift and
Tests/LSTMConvertTests/CLIBadInputTests.swift expect exactly what is described here.

The .lstmw seeds in Tests/Corpus/lstmw are not written here: they are fixtures converted with
`lstm-convert -q Fixtures/NAME/model.h5 Tests/Corpus/lstmw/NAME.lstmw` (the graph seed with its
test vector: `lstm-convert -q Fixtures/graph/k2_encoder_decoder_states/model.h5
Tests/Corpus/lstmw/k2_graph_encoder_decoder_states.lstmw --test-input …/input_0.npy --test-input
…/input_1.npy --test-output …/expected_0.npy --test-output …/expected_1.npy --test-output
…/expected_2.npy`), and the configs Tests/Corpus/config/k?_graph_*.json are the `model_config`
attributes of Fixtures/graph files.
"""
import json
import os
import shutil
import zipfile

import h5py
import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
SOURCE = os.path.join(ROOT, "Fixtures", "k2_lstm_single", "model.h5")
OUT = os.path.join(ROOT, "Tests", "Corpus")
CELL = "lstm/lstm_cell/"
NAMES = [CELL + "kernel:0", CELL + "recurrent_kernel:0", CELL + "bias:0"]

with h5py.File(SOURCE, "r") as f:
    CONFIG = json.loads(f.attrs["model_config"])
    WEIGHTS = {n: f["model_weights/lstm/" + n][()] for n in NAMES}


def vlen(strings):
    return np.array(strings, dtype=h5py.string_dtype())


def lstm_config(**changes):
    config = json.loads(json.dumps(CONFIG))
    config["config"]["layers"][1]["config"].update(changes)
    return config


def write(name, config=None, weights=None, names=None, config_attr=None, keras_version="2.21.0",
          model_weights=True, edit=None, **dataset_options):
    """A Keras 2 style file: root attributes, model_weights/lstm with weight_names and datasets.

    weights: {dataset name under model_weights/lstm: array or (shape, dtype, options)}.
    """
    path = os.path.join(OUT, "h5", name)
    weights = dict(WEIGHTS) if weights is None else weights
    with h5py.File(path, "w", libver=("v108", "v108")) as f:
        if keras_version is not None:
            f.attrs["keras_version"] = keras_version
        f.attrs["backend"] = "tensorflow"
        if config_attr is not None:
            f.attrs["model_config"] = config_attr
        else:
            f.attrs["model_config"] = json.dumps(config or CONFIG)
        if model_weights:
            g = f.create_group("model_weights")
            g.attrs["layer_names"] = vlen(["lstm"])
            layer = g.create_group("lstm")
            layer.attrs["weight_names"] = vlen(NAMES if names is None else names)
            for dataset, value in weights.items():
                if isinstance(value, tuple):
                    shape, dtype, options = value
                    layer.create_dataset(dataset, shape=shape, dtype=dtype, **options)
                else:
                    layer.create_dataset(dataset, data=value, **dataset_options)
        if edit:
            edit(f)
    return path


def main():
    for sub in ("h5", "config", "keras"):
        os.makedirs(os.path.join(OUT, sub), exist_ok=True)

    # --- fuzz seeds: the model_config JSON of four fixtures
    for fixture in ["k2_lstm_single", "k3_lstm_single", "k2_lstm_functional", "k3_lstm_functional"]:
        with h5py.File(os.path.join(ROOT, "Fixtures", fixture, "model.h5"), "r") as f:
            with open(os.path.join(OUT, "config", fixture + ".json"), "w") as out:
                out.write(f.attrs["model_config"])

    # --- a well-formed baseline (converts; same numbers as Fixtures/k2_lstm_single)
    write("baseline.h5")

    # --- weight names written as fixed-length NUL-padded strings, as older Keras/h5py wrote them
    # (numpy 'S' arrays). The longest name fills its width exactly, with no NUL after it.
    def fixed_names(f):
        f["model_weights"].attrs["layer_names"] = np.array([b"lstm"])
        f["model_weights/lstm"].attrs["weight_names"] = np.array([n.encode() for n in NAMES])
    write("fixed_length_names.h5", edit=fixed_names)

    # --- datasets: missing, extra, renamed, wrong shape, wrong type, non-finite values
    w = dict(WEIGHTS)
    del w[CELL + "recurrent_kernel:0"]
    write("missing_dataset.h5", weights=w)

    w = dict(WEIGHTS)
    w[CELL + "peephole:0"] = np.zeros((6,), np.float32)
    write("extra_dataset.h5", weights=w, names=NAMES + [CELL + "peephole:0"])

    w = dict(WEIGHTS)
    w[CELL + "kernel_renamed:0"] = w.pop(CELL + "kernel:0")
    write("renamed_dataset.h5", weights=w, names=[CELL + "kernel_renamed:0"] + NAMES[1:])

    w = dict(WEIGHTS)
    w[CELL + "kernel:0"] = WEIGHTS[CELL + "kernel:0"][:, :20]
    write("wrong_shape.h5", weights=w)

    write("units_mismatch.h5", config=lstm_config(units=7))

    w = dict(WEIGHTS)
    w[CELL + "kernel:0"] = WEIGHTS[CELL + "kernel:0"].astype(np.int32)
    write("int_weights.h5", weights=w)

    w = dict(WEIGHTS)
    bad = WEIGHTS[CELL + "recurrent_kernel:0"].copy()
    bad[2, 3] = np.nan
    w[CELL + "recurrent_kernel:0"] = bad
    write("nan_weight.h5", weights=w)

    w = dict(WEIGHTS)
    bad = WEIGHTS[CELL + "bias:0"].copy()
    bad[5] = np.inf
    w[CELL + "bias:0"] = bad
    write("inf_weight.h5", weights=w)

    # A kernel with no rows: `explain` used to index past its (empty) values.
    w = dict(WEIGHTS)
    w[CELL + "kernel:0"] = np.zeros((0, 24), np.float32)
    write("empty_kernel.h5", weights=w)

    # --- huge declared sizes: chunked datasets with no chunks written take no space in the file
    units = 16384  # recurrent_kernel [16384, 65536] = 2^30 float32 = 4 GiB if read
    w = {
        CELL + "kernel:0": ((5, 4 * units), "f4", {"chunks": (5, 4096)}),
        CELL + "recurrent_kernel:0": ((units, 4 * units), "f4", {"chunks": (256, 4096)}),
        CELL + "bias:0": ((4 * units,), "f4", {"chunks": (4096,)}),
    }
    write("huge_unwritten_chunks.h5", config=lstm_config(units=units), weights=w)

    # A shape whose element count overflows: 2^31-1 squared (a chunked, unwritten dataset).
    w = dict(WEIGHTS)
    w[CELL + "kernel:0"] = ((2**31 - 1, 2**31 - 1), "f4", {"chunks": (1, 1024)})
    write("huge_shape.h5", weights=w)

    # A gzip-compressed recurrent kernel of 16 MiB with one 1 MiB chunk of zeros written (~1 KiB
    # on disk): the other 15 chunks read as the fill value, a 16000-fold expansion.
    units = 1024
    w = {
        CELL + "kernel:0": ((5, 4 * units), "f4", {"data": np.zeros((5, 4 * units), np.float32), "compression": "gzip"}),
        CELL + "recurrent_kernel:0": ((units, 4 * units), "f4", {"chunks": (64, 4 * units), "compression": "gzip"}),
        CELL + "bias:0": ((4 * units,), "f4", {"data": np.zeros((4 * units,), np.float32), "compression": "gzip"}),
    }
    def one_chunk(f):
        f["model_weights/lstm/" + CELL + "recurrent_kernel:0"][0:64] = np.zeros((64, 4 * units), np.float32)
    write("compression_bomb.h5", config=lstm_config(units=units), weights=w, edit=one_chunk)

    # --- data from outside the file
    # The bias's raw data is declared to live in /etc/passwd: a converter that follows it would
    # copy another file's bytes into the model.
    w = dict(WEIGHTS)
    w[CELL + "bias:0"] = ((24,), "f4", {"external": [("/etc/passwd", 0, 96)]})
    write("external_storage.h5", weights=w)

    # model_weights/lstm/lstm is an external link into external_link_target.h5.
    target = os.path.join(OUT, "h5", "external_link_target.h5")
    with h5py.File(target, "w", libver=("v108", "v108")) as f:
        for n, value in WEIGHTS.items():
            f.create_dataset("weights/" + n[len("lstm/"):], data=value)
    w = {}
    def external_link(f):
        f["model_weights/lstm/lstm"] = h5py.ExternalLink("external_link_target.h5", "/weights")
    write("external_link.h5", weights=w, edit=external_link)

    # --- paths that resolve differently each time they are opened
    # weight_names[0] is absolute: from the layer group it names /kernel:0 ([5, 24], whose shape
    # passes the check), but the recorded dataset path /model_weights/lstm//kernel:0 names the
    # layer group's own kernel:0 ([3]). Reading it used to trap in Tensor(shape:values:).
    w = dict(WEIGHTS)
    w["kernel:0"] = np.zeros((3,), np.float32)
    def decoy(f):
        f.create_dataset("kernel:0", data=WEIGHTS[CELL + "kernel:0"])
    write("absolute_weight_name.h5", weights=w, names=["/kernel:0"] + NAMES[1:], edit=decoy)

    # A soft link that points at itself.
    w = {}
    def loop(f):
        f["model_weights/lstm/lstm"] = h5py.SoftLink("/model_weights/lstm/lstm")
    write("soft_link_loop.h5", weights=w, edit=loop)

    # --- the configuration
    write("config_not_json.h5", config_attr='{"class_name": "Sequential", "config": {"layers": [')
    write("config_not_string.h5", config_attr=np.int64(42))
    write("config_two_strings.h5", config_attr=vlen(["{}", "{}"]))
    write("config_units_string.h5", config=lstm_config(units="6"))
    write("config_return_sequences_string.h5", config=lstm_config(return_sequences="yes"))
    # A control character and a line break in a name must not make a multi-line error.
    write("config_name_with_newline.h5", config=lstm_config(activation="tanh\nerror: forged second line"))
    # Terminal escapes and forged lines in every string `explain` and `convert` print from a
    # file: the model's name, the Keras version, the backend and two option values.
    def hostile_root_strings(f):
        f.attrs["keras_version"] = "2.21.0\x1b[2J"
        f.attrs["backend"] = "tensorflow\rerror: forged"
    hostile = lstm_config(activation="\x1b]0;pwned\x07tanh", recurrent_activation="sigmoid\x1b[2K\rerror: forged line")
    hostile["config"]["name"] = "seq\x1b[31m\nfake line"
    write("hostile_strings.h5", config=hostile, edit=hostile_root_strings)
    # The same in a file that converts: the strings reach `convert`'s summary.
    convertible = lstm_config()
    convertible["config"]["name"] = hostile["config"]["name"]
    write("hostile_names_convertible.h5", config=convertible, edit=hostile_root_strings)
    write("no_model_weights.h5", model_weights=False)
    write("no_keras_version_hard_sigmoid.h5", config=lstm_config(recurrent_activation="hard_sigmoid"),
          keras_version=None)

    # --- .keras archives (zip): refused before any entry is looked at
    with zipfile.ZipFile(os.path.join(OUT, "keras", "path_traversal.keras"), "w") as z:
        z.writestr("../../../../tmp/lstm-swift-traversal", "should never be written")
        z.writestr("config.json", "{}")
    with zipfile.ZipFile(os.path.join(OUT, "keras", "zip_bomb.keras"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("model.weights.h5", b"\0" * (4 << 20))  # 4 MiB of zeros in ~4 KiB

    total = 0
    for sub in ("h5", "config", "keras"):
        for name in sorted(os.listdir(os.path.join(OUT, sub))):
            size = os.path.getsize(os.path.join(OUT, sub, name))
            total += size
            print(f"{size:8d}  Tests/Corpus/{sub}/{name}")
    print(f"{total:8d}  total")


if __name__ == "__main__":
    main()
