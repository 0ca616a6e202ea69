"""Loading one Keras generation for the fixture scripts, with the pinned versions checked.

    from keras_generation import load_generation
    K, generator = load_generation("k2")   # tf_keras 2.21.0 (Keras 2) or, for "k3", keras 3.15.1

Each generation must be loaded in a process of its own (tf_keras and keras 3 cannot share one), so
the scripts re-invoke themselves per generation (`run_generations`). TensorFlow's logs are silenced
and its ops made deterministic.
"""

import json
import os
import subprocess
import sys

TF_KERAS_VERSION = "2.21.0"
KERAS3_VERSION = "3.15.1"


def load_generation(generation):
    """Imports Keras 2 (`"k2"`) or Keras 3 (`"k3"`) on TensorFlow; returns the module and a
    `generator` string for meta.json."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ["CUDA_VISIBLE_DEVICES"] = ""
    if generation == "k2":
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tf_keras as K
        assert K.__version__ == TF_KERAS_VERSION, K.__version__
        generator = "tf_keras " + K.__version__
    else:
        os.environ.pop("TF_USE_LEGACY_KERAS", None)
        os.environ["KERAS_BACKEND"] = "tensorflow"
        import keras as K
        assert K.__version__ == KERAS3_VERSION, K.__version__
        assert K.backend.backend() == "tensorflow"
        generator = "keras " + K.__version__
    import absl.logging
    import tensorflow as tf
    absl.logging.set_verbosity(absl.logging.ERROR)
    tf.get_logger().setLevel("ERROR")
    tf.config.experimental.enable_op_determinism()
    return K, generator


def run_generations(script, only, results):
    """Runs `script --generation G --only ONLY...` for k2, then k3, each in its own process, and
    returns the rows each wrote as JSON to the path `results % G` (removed after reading)."""
    env = dict(os.environ, PYTHONHASHSEED="0", TF_CPP_MIN_LOG_LEVEL="3")
    rows = []
    for gen in ("k2", "k3"):
        print("== generation %s (subprocess)" % gen, flush=True)
        subprocess.run([sys.executable, os.path.abspath(script), "--generation", gen, "--only"] + list(only),
                       env=env, check=True)
        path = results % gen
        with open(path) as f:
            rows += json.load(f)
        os.remove(path)
    return rows

