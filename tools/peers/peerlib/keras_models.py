"""Builds the workloads' Keras 3 models with seeded, non-trivial weights (biases included).

Imported only in processes that run TensorFlow.
"""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402


def build(workload):
    """The model a workload runs, on [batch, time, features] inputs, weights still Keras's defaults."""
    keras.backend.clear_session()
    inputs = keras.Input(shape=(workload.time, workload.features), name="x")
    x = inputs
    for layer in workload.layers:
        kind = layer[0]
        if kind == "lstm":
            x = keras.layers.LSTM(layer[1], return_sequences=layer[2])(x)
        elif kind == "gru":
            x = keras.layers.GRU(layer[1], return_sequences=layer[2], reset_after=True)(x)
        elif kind == "bilstm":
            x = keras.layers.Bidirectional(keras.layers.LSTM(layer[1], return_sequences=layer[2]))(x)
        elif kind == "dense":
            x = keras.layers.Dense(layer[1], activation=layer[2])(x)
        else:
            raise ValueError(f"unknown layer kind {kind}")
    return keras.Model(inputs, x, name=workload.model)


def seed_weights(model, seed):
    """Overwrites every weight: kernels ~ U(±1/√fan_in), recurrent kernels ~ U(±1/√units),
    biases ~ U(±0.5), so that no gate block or bias is zero or Keras's default."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        for variable in layer.weights:
            shape = tuple(variable.shape)
            name = variable.path if hasattr(variable, "path") else variable.name
            if "bias" in name:
                scale = 0.5
            else:
                scale = 1.0 / np.sqrt(shape[0])
            variable.assign(rng.uniform(-scale, scale, size=shape).astype(np.float32))


def sequence_variant(model, workload):
    """The medium model with every layer returning sequences: its output at timestep t is the
    original model's output on the prefix x[:t+1], the reference for streaming peers."""
    keras.backend.clear_session()
    inputs = keras.Input(shape=(workload.time, workload.features))
    x = inputs
    copies = []
    for layer in workload.layers:
        if layer[0] == "lstm":
            copy = keras.layers.LSTM(layer[1], return_sequences=True)
        elif layer[0] == "dense":
            copy = keras.layers.Dense(layer[1], activation=layer[2])
        else:
            raise ValueError("streaming peers support LSTM and Dense layers")
        x = copy(x)
        copies.append(copy)
    variant = keras.Model(inputs, x)
    source = [l for l in model.layers if l.weights]
    for copy, original in zip(copies, source):
        copy.set_weights(original.get_weights())
    return variant


def step_model(model, workload):
    """One timestep of the medium model with its state as explicit inputs and outputs:
    (x[1,1,F], h1, c1, h2, c2) -> (y, h1', c1', h2', c2')."""
    keras.backend.clear_session()
    x = keras.Input(batch_shape=(1, 1, workload.features), name="x")
    states, outputs_state = [], []
    y = x
    copies = []
    recurrent = [l for l in workload.layers if l[0] == "lstm"]
    for index, layer in enumerate(workload.layers):
        if layer[0] == "lstm":
            h = keras.Input(batch_shape=(1, layer[1]), name=f"h{index}")
            c = keras.Input(batch_shape=(1, layer[1]), name=f"c{index}")
            states += [h, c]
            copy = keras.layers.LSTM(layer[1], return_sequences=True, return_state=True)
            y, h_out, c_out = copy(y, initial_state=[h, c])
            outputs_state += [h_out, c_out]
        elif layer[0] == "dense":
            copy = keras.layers.Dense(layer[1], activation=layer[2])
            y = copy(y)
        copies.append(copy)
    assert recurrent, "a step model needs a recurrent layer"
    step = keras.Model([x] + states, [y] + outputs_state)
    source = [l for l in model.layers if l.weights]
    for copy, original in zip(copies, source):
        copy.set_weights(original.get_weights())
    return step

