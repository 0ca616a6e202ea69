#!/usr/bin/env python3
"""Writes the hostile-input corpus for .keras archives and weights-only files (Tests/Corpus/kinds/).

Run once with the pinned venv (the tests never need Python; the files are committed):

    tools/.venv/bin/python tools/make_bad_file_kinds.py

Every file is one of the Fixtures/kinds models broken in exactly one way (see CASES below and
Tests/KerasImportTests/KerasFileKindBadInputTests.swift, which expects exactly these):
  *.keras        from Fixtures/kinds/k3_keras_lstm/model.keras (written with Python's zipfile,
                 stored, in Keras's member order; sizes patched in place where zipfile cannot lie)
  *.weights.h5   from Fixtures/kinds/k3_weights_lstm_hard_sigmoid/model.weights.h5 (h5py edits)
  legacy_*.h5    from Fixtures/kinds/k2_weights_lstm_hard_sigmoid/model.h5
  config_*.json  configurations that are not a model's (read with the k3 weights)
"""
import json
import os
import shutil
import struct
import zipfile

import h5py
import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
KINDS = os.path.join(ROOT, "Fixtures", "kinds")
OUT = os.path.join(ROOT, "Tests", "Corpus", "kinds")
ARCHIVE = os.path.join(KINDS, "k3_keras_lstm", "model.keras")
WEIGHTS = os.path.join(KINDS, "k3_weights_lstm_hard_sigmoid", "model.weights.h5")
LEGACY = os.path.join(KINDS, "k2_weights_lstm_hard_sigmoid", "model.h5")

with zipfile.ZipFile(ARCHIVE) as z:
    MEMBERS = {name: z.read(name) for name in z.namelist()}


def archive(name, members, compression=zipfile.ZIP_STORED):
    """Writes `members` (a list of (entry name, bytes)) as a zip."""
    path = os.path.join(OUT, name)
    with zipfile.ZipFile(path, "w", compression) as z:
        for entry, data in members:
            z.writestr(zipfile.ZipInfo(entry, date_time=(2026, 1, 1, 0, 0, 0)), data, compress_type=compression)
    return path


def standard(**replace):
    out = []
    for entry in ["metadata.json", "config.json", "model.weights.h5"]:
        if entry in replace and replace[entry] is None:
            continue
        out.append((entry, replace.get(entry, MEMBERS[entry])))
    return out


def patch_central_size(path, entry, uncompressed):
    """Sets the uncompressed size the central directory records for `entry`."""
    data = bytearray(open(path, "rb").read())
    offset = data.find(b"PK\x01\x02")
    while offset >= 0:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46:offset + 46 + name_length].decode() == entry:
            struct.pack_into("<I", data, offset + 24, uncompressed)
            break
        offset = data.find(b"PK\x01\x02", offset + 4)
    open(path, "wb").write(bytes(data))


def weights(name, edit, source=WEIGHTS):
    path = os.path.join(OUT, name)
    shutil.copyfile(source, path)
    with h5py.File(path, "r+") as f:
        edit(f)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)

    # --- archive structure
    archive("traversal_entry.keras", standard() + [("../../../tmp/lstm-swift-kinds-traversal", b"x")])
    archive("absolute_entry.keras", standard() + [("/etc/lstm-swift-kinds", b"x")])
    archive("duplicate_config.keras", standard() + [("config.json", b"{}")])
    archive("missing_config.keras", standard(**{"config.json": None}))
    archive("missing_weights.keras", standard(**{"model.weights.h5": None}))
    archive("npz_weights.keras", standard(**{"model.weights.h5": None}) + [("model.weights.npz", b"PK\x05\x06" + bytes(18))])
    full = open(ARCHIVE, "rb").read()
    open(os.path.join(OUT, "truncated.keras"), "wb").write(full[:len(full) // 2])
    # --- sizes: a declared size over the limit, a compressed asset at 1000:1, compressed members
    path = archive("declared_huge.keras", standard())
    patch_central_size(path, "model.weights.h5", 0xFFFFFFF0)
    archive("bomb_asset.keras", standard() + [("assets/blob.bin", bytes(8 << 20))], zipfile.ZIP_DEFLATED)
    archive("deflated.keras", standard(), zipfile.ZIP_DEFLATED)
    # --- contents
    corrupt = bytearray(MEMBERS["model.weights.h5"])
    corrupt[len(corrupt) // 2] ^= 0x01
    path = archive("corrupt_crc.keras", standard())
    data = bytearray(open(path, "rb").read())
    data[data.find(bytes(MEMBERS["model.weights.h5"])) + len(corrupt) // 2] ^= 0x01
    open(path, "wb").write(bytes(data))
    archive("weights_not_hdf5.keras", standard(**{"model.weights.h5": b"this is not an HDF5 file\n" * 4}))
    archive("config_layer.keras", standard(**{"config.json": json.dumps(
        {"class_name": "LSTM", "config": {"name": "lstm", "units": 6}}).encode()}))
    archive("version_conflict.keras", standard(**{"metadata.json": json.dumps(
        {"keras_version": "2.21.0", "date_saved": "2026-01-01@00:00:00"}).encode()}))

    # --- weights that do not match the config (Keras 3 .weights.h5)
    weights("missing_variable.weights.h5", lambda f: f.__delitem__("layers/lstm/cell/vars/2"))
    weights("extra_variable.weights.h5", lambda f: f.create_dataset("layers/lstm/cell/vars/3", data=np.zeros(32, np.float32)))
    weights("numbering_gap.weights.h5", lambda f: f.move("layers/lstm/cell/vars/1", "layers/lstm/cell/vars/1_moved")
            or f.__delitem__("layers/lstm/cell/vars/1_moved"))

    def wrong_shape(f):
        del f["layers/lstm/cell/vars/0"]
        f.create_dataset("layers/lstm/cell/vars/0", data=np.zeros((5, 28), np.float32))
    weights("wrong_shape.weights.h5", wrong_shape)
    weights("extra_layer.weights.h5", lambda f: f.create_dataset("layers/dense_1/vars/0", data=np.zeros((3, 3), np.float32)))

    def renamed(f):
        f["layers/lstm/vars"].attrs["name"] = "encoder"
    weights("wrong_layer_name.weights.h5", renamed)

    # --- a legacy (save_weights .h5) file with weights for a layer the config lacks
    def ghost(f):
        names = [n.decode() if isinstance(n, bytes) else n for n in f.attrs["layer_names"]]
        f.attrs["layer_names"] = np.array([n.encode() for n in names + ["ghost"]])
        g = f.create_group("ghost")
        g.attrs["weight_names"] = np.array([b"ghost/kernel:0"])
        g.create_dataset("ghost/kernel:0", data=np.zeros((2, 2), np.float32))
    weights("legacy_extra_layer.h5", ghost, source=LEGACY)

    # --- configurations that are not a model's
    with open(os.path.join(OUT, "config_layer.json"), "w") as f:
        json.dump({"module": "keras.layers", "class_name": "LSTM", "config": {"name": "lstm", "units": 8}}, f)
    with open(os.path.join(OUT, "config_metadata.json"), "w") as f:
        f.write(MEMBERS["metadata.json"].decode())
    with open(os.path.join(OUT, "config_list.json"), "w") as f:
        f.write("[1, 2, 3]")
    with open(os.path.join(OUT, "config_truncated.json"), "w") as f:
        f.write(open(os.path.join(KINDS, "k3_weights_lstm_hard_sigmoid", "model.json")).read()[:300])
    # A real model configuration, of another model (GRU layers): the weights are an LSTM's.
    shutil.copyfile(os.path.join(KINDS, "k2_weights_gru_hard_sigmoid", "model.json"), os.path.join(OUT, "config_other_model.json"))

    total = 0
    for name in sorted(os.listdir(OUT)):
        size = os.path.getsize(os.path.join(OUT, name))
        total += size
        print("%8d  Tests/Corpus/kinds/%s" % (size, name))
    print("%8d  total" % total)


if __name__ == "__main__":
    main()
