"""Writes Fixtures/hdf5/attributes.h5 and Fixtures/k2_legacy_layout (see write_legacy_layout).

Fixtures/hdf5/attributes.h5 holds the string and number encodings Keras and h5py use, for the
HDF5 wrapper's tests (fixed-length NULLPAD and SPACEPAD strings, variable-length UTF-8, a name list
split into chunks as Keras does past 64 KiB, an empty float64 name list, a float64 dataset).

    tools/.venv/bin/python tools/make_hdf5_samples.py
"""
import os

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "hdf5", "attributes.h5")


def fixed(strings, size, pad):
    tid = h5py.h5t.C_S1.copy()
    tid.set_size(size)
    tid.set_strpad(pad)
    return tid


def write_fixed(obj, name, strings, size, pad):
    tid = fixed(strings, size, pad)
    data = np.array([s.encode("utf-8").ljust(size, b" " if pad == h5py.h5t.STR_SPACEPAD else b"\0")
                     for s in strings], dtype="S%d" % size)
    space = h5py.h5s.create_simple((len(strings),))
    attr = h5py.h5a.create(obj.id, name.encode(), tid, space)
    attr.write(data, mtype=tid)


def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with h5py.File(OUT, "w", track_order=False) as f:
        f.attrs["vl_scalar"] = "lstm_é"                       # h5py str: variable length, UTF-8
        f.attrs["vl_list"] = np.array(["a", "bc", ""], dtype=h5py.string_dtype("utf-8"))
        f.attrs.create("fixed_scalar", np.bytes_("3.15.1"))    # numpy bytes: fixed length
        write_fixed(f, "nullpad_list", ["lstm", "dense_1"], 12, h5py.h5t.STR_NULLPAD)
        write_fixed(f, "spacepad_list", ["x", "yz"], 6, h5py.h5t.STR_SPACEPAD)
        write_fixed(f, "names0", ["first", "second"], 8, h5py.h5t.STR_NULLPAD)
        write_fixed(f, "names1", ["third"], 8, h5py.h5t.STR_NULLPAD)
        f.attrs["empty_list"] = np.zeros((0,), dtype=np.float64)
        f.attrs["number"] = np.float64(2.5)
        f.create_dataset("doubles", data=np.array([[0.1, -2.0, 1e-3], [4.0, 5.5, -6.25]], dtype=np.float64))
        f.create_dataset("ints", data=np.arange(6, dtype=np.int64))
        f.create_dataset("group/nested", data=np.ones((2,), dtype=np.float32))


def write_legacy_layout():
    """Fixtures/k2_legacy_layout: the k2_lstm_stacked_softmax model (same weights, input and
    Keras outputs) rewritten in the layout Keras 2.2.x wrote through h5py 2: every attribute a
    fixed-length byte string, weight names without the cell level (`lstm_1/kernel:0`), layer
    names `lstm_1`, `lstm_2`, `dense_1`, and no InputLayer (the first layer carries
    `batch_input_shape`). A layout check, not a new model: no Keras of the pinned versions
    writes it."""
    import json
    import shutil
    src = os.path.join(ROOT, "Fixtures", "k2_lstm_stacked_softmax")
    dst = os.path.join(ROOT, "Fixtures", "k2_legacy_layout")
    os.makedirs(dst, exist_ok=True)
    for name in ("input.npy", "expected.npy"):
        shutil.copyfile(os.path.join(src, name), os.path.join(dst, name))
    renames = {"lstm": "lstm_1", "lstm_1": "lstm_2", "dense": "dense_1"}
    with h5py.File(os.path.join(src, "model.h5"), "r") as old, \
            h5py.File(os.path.join(dst, "model.h5"), "w") as new:
        config = json.loads(old.attrs["model_config"])
        layers = config["config"]["layers"]
        shape = layers[0]["config"]["batch_input_shape"]
        layers = layers[1:]
        layers[0]["config"]["batch_input_shape"] = shape
        for layer in layers:
            layer["config"]["name"] = renames[layer["config"]["name"]]
            layer["config"].pop("time_major", None)
        config["config"]["layers"] = layers
        new.attrs["keras_version"] = np.bytes_("2.2.4")
        new.attrs["backend"] = np.bytes_("tensorflow")
        new.attrs["model_config"] = np.bytes_(json.dumps(config))
        weights = new.create_group("model_weights")
        names = [renames[n] for n in old["model_weights"].attrs["layer_names"]]
        weights.attrs["layer_names"] = np.array([n.encode() for n in names], dtype="S%d" % max(map(len, names)))
        for old_name, new_name in renames.items():
            group = weights.create_group(new_name)
            weight_names = []
            for w in old["model_weights"][old_name].attrs["weight_names"]:
                role = w.split("/")[-1]
                path = "%s/%s" % (new_name, role)
                group.create_dataset(path, data=old["model_weights"][old_name][w][()])
                weight_names.append(path.encode())
            group.attrs["weight_names"] = np.array(weight_names, dtype="S%d" % max(map(len, weight_names)))
    meta = json.load(open(os.path.join(src, "meta.json")))
    meta.update(keras_version="2.2.4", model_name=meta["model_name"], layer_names=names,
                generator="tools/make_hdf5_samples.py from k2_lstm_stacked_softmax",
                description="k2_lstm_stacked_softmax rewritten in the Keras 2.2.x / h5py 2 layout: fixed-length "
                            "byte-string attributes, weight names without the cell level, no InputLayer.")
    with open(os.path.join(dst, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
    write_legacy_layout()
