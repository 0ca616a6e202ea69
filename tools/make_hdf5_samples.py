"""Writes Fixtures/hdf5/attributes.h5: the string and number encodings Keras and h5py use, for the
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


if __name__ == "__main__":
    main()
