#!/usr/bin/env bash
# The README's first command: installs what a fresh Debian machine with only Swift lacks
# (libhdf5-dev, pkg-config), builds lstm-convert, converts the bundled example Keras model,
# verifies the converted model against the outputs Keras computed, and shows its gate blocks.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! pkg-config --exists hdf5 2>/dev/null; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "== installing libhdf5-dev and pkg-config"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libhdf5-dev pkg-config >/dev/null
fi

echo "== building lstm-convert"
swift build --product lstm-convert
lstm_convert="$(swift build --show-bin-path)/lstm-convert"

echo "== lstm-convert Fixtures/example/model.h5 example.lstmw"
"$lstm_convert" Fixtures/example/model.h5 example.lstmw

echo "== lstm-convert verify example.lstmw --input Fixtures/example/input.npy --expected Fixtures/example/expected.npy"
"$lstm_convert" verify example.lstmw --input Fixtures/example/input.npy --expected Fixtures/example/expected.npy

echo "== lstm-convert explain example.lstmw (first layer)"
"$lstm_convert" explain example.lstmw | sed -n '1,18p'
