"""Generation (a TensorFlow process of its own): Keras models with seeded weights, inputs, the Keras
eager reference outputs, the ONNX graphs and the TFLite conversions, for the selected workloads."""

import json
import os
import time

import numpy as np

from . import keras_models, onnx_graphs
from .files import Files


def _weighted_layers(model):
    return [layer for layer in model.layers if layer.weights]


def _tflite(function_specs, call, path):
    """Converts a function to TFLite with builtin ops only, else with Select TF ops.

    The variables are frozen into constants first: converting Keras 3's recurrent loop with its
    variables still captured gives a model whose WHILE body cannot read them. The frozen function
    keeps the inputs' names (x, h0, c0, ...); its outputs are Identity, Identity_1, ... in the
    order `call` returns them.
    """
    import tensorflow as tf
    from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2
    function = tf.function(call, input_signature=function_specs)
    frozen = convert_variables_to_constants_v2(function.get_concrete_function())
    errors = []
    for ops, label in (([tf.lite.OpsSet.TFLITE_BUILTINS], "builtin"),
                       ([tf.lite.OpsSet.TFLITE_BUILTINS, tf.lite.OpsSet.SELECT_TF_OPS], "select_tf_ops")):
        try:
            converter = tf.lite.TFLiteConverter.from_concrete_functions([frozen])
            converter.target_spec.supported_ops = ops
            data = converter.convert()
            with open(path, "wb") as file:
                file.write(data)
            return {"ok": True, "ops": label, "bytes": len(data)}
        except Exception as error:  # the converter raises many kinds
            lines = str(error).strip().splitlines()
            errors.append(f"{label}: {lines[-1][:300] if lines else type(error).__name__}")
    return {"ok": False, "error": "; ".join(errors)}


def generate(workloads, out):
    import tensorflow as tf
    files = Files(out)
    files.make()
    report = {}
    built = {}
    for workload in workloads:
        started = time.time()
        entry = {}
        if workload.model not in built:
            model = keras_models.build(workload)
            keras_models.seed_weights(model, workload.seed)
            model.save(files.h5(workload))
            built[workload.model] = [layer.get_weights() for layer in _weighted_layers(model)]
        weights = built[workload.model]
        model = keras_models.build(workload)
        for layer, values in zip(_weighted_layers(model), weights):
            layer.set_weights(values)

        rng = np.random.default_rng(workload.seed * 1000 + workload.batch)
        x = rng.uniform(-1, 1, size=workload.input_shape).astype(np.float32)
        np.save(files.x(workload), x)

        if workload.step:
            variant = keras_models.sequence_variant(model, workload)
            reference = np.asarray(variant(x, training=False)).astype(np.float32)     # [1, T, out]
            step = keras_models.step_model(model, workload)
            graph = onnx_graphs.step_graph(workload, weights)
            specs = [tf.TensorSpec((1, 1, workload.features), tf.float32, name="x")]
            names = ["x"]
            for index, layer in enumerate(workload.layers):
                if layer[0] == "lstm":
                    for stem in ("h", "c"):
                        specs.append(tf.TensorSpec((1, layer[1]), tf.float32, name=f"{stem}{index}"))
                        names.append(f"{stem}{index}")

            entry["tflite"] = _tflite(specs, lambda *args: list(step(list(args), training=False)),
                                      files.tflite(workload))
            entry["state_names"] = names
        else:
            reference = np.asarray(model(x, training=False)).astype(np.float32)
            graph = onnx_graphs.predict_graph(workload, weights)
            entry["tflite"] = _tflite([tf.TensorSpec(workload.input_shape, tf.float32, name="x")],
                                      lambda x: model(x, training=False), files.tflite(workload))
        np.save(files.reference(workload), reference)
        with open(files.onnx(workload), "wb") as file:
            file.write(graph.SerializeToString())
        entry["seconds"] = round(time.time() - started, 1)
        report[workload.name] = entry
        print(f"generated {workload.name}: tflite {entry['tflite'].get('ops') or 'n/a'} "
              f"({entry['seconds']} s)", flush=True)
    with open(files.generation_report(), "w") as file:
        json.dump(report, file, indent=2)
