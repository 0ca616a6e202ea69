#!/usr/bin/env bash
# Proves that a server depending only on the LSTMRuntime product never touches HDF5 (nor
# ZIPFoundation, which only KerasImport uses for .keras archives):
# 1. no source file of LSTMW or LSTMRuntime imports HDF5, CHDF5, KerasImport or ZIPFoundation;
# 2. Examples/RuntimeOnly (which depends on the LSTMRuntime product alone) builds in a fresh
#    scratch folder without compiling the HDF5, KerasImport or ZIPFoundation modules, and its
#    binary does not link libhdf5 (or zlib, which ZIPFoundation would bring).
set -euo pipefail
cd "$(dirname "$0")/.."

if grep -rnE '^\s*(@_exported\s+)?import\s+(HDF5|CHDF5|KerasImport|ZIPFoundation)\b' Sources/LSTMW Sources/LSTMRuntime; then
    echo "error: the runtime or the format imports HDF5, KerasImport or ZIPFoundation" >&2
    exit 1
fi

scratch=Examples/RuntimeOnly/.build
swift build --package-path Examples/RuntimeOnly --scratch-path "$scratch" -c release
binary="$(swift build --package-path Examples/RuntimeOnly --scratch-path "$scratch" -c release --show-bin-path)/runtime-only"
if find "$scratch" -name 'HDF5.swiftmodule' -o -name 'KerasImport.swiftmodule' -o -name 'ZIPFoundation.swiftmodule' | grep -q .; then
    echo "error: building the runtime compiled the HDF5, KerasImport or ZIPFoundation modules" >&2
    exit 1
fi
if ldd "$binary" | grep -qiE 'hdf5|libz\.'; then
    echo "error: the runtime-only binary links libhdf5 or zlib" >&2
    exit 1
fi
echo "runtime-only build has no HDF5 or ZIPFoundation in its graph: $(ldd "$binary" | wc -l) shared libraries, none of them libhdf5 or zlib"
