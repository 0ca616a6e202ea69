"""A child process measuring one peer on one workload: check its output against Keras eager, then
time it under the shared policy. Prints one JSON object on its last stdout line."""

import json
import os

import numpy as np

from . import timing
from .files import Files

TOLERANCE = 1e-4
PEERS = ["keras_eager", "tf_function", "tf_xla", "tflite", "tflite_builtin", "ort_1t", "ort_all"]


class NotAvailable(Exception):
    pass


def _cores():
    return len(os.sched_getaffinity(0))


# ---- ONNX Runtime -----------------------------------------------------------------------------

def _ort(workload, files, threads):
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(files.onnx(workload), options, providers=["CPUExecutionProvider"])
    if not workload.step:
        return (lambda x: session.run(["y"], {"x": x})[0]), None
    names = [i.name for i in session.get_inputs()]
    outputs = [o.name for o in session.get_outputs()]

    def make_state():
        return [np.zeros(i.shape, np.float32) for i in session.get_inputs()[1:]]

    def step(x_t, state):
        feed = {"x": x_t}
        feed.update(zip(names[1:], state))
        result = session.run(outputs, feed)
        return result[0].reshape(-1), result[1:]
    return step, make_state


# ---- TensorFlow, Keras and TFLite ---------------------------------------------------------------

def _keras(workload, files, mode):
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras
    import tensorflow as tf
    model = keras.models.load_model(files.h5(workload), compile=False)
    if workload.step:
        from . import keras_models
        model = keras_models.step_model(model, workload)
    if not workload.step:
        if mode == "keras_eager":
            return (lambda x: model(x, training=False)), None
        function = tf.function(lambda x: model(x, training=False), jit_compile=(mode == "tf_xla"),
                               input_signature=[tf.TensorSpec(workload.input_shape, tf.float32)])
        return (lambda x: function(x)), None
    shapes = [tuple(i.shape) for i in model.inputs]

    def make_state():
        return [tf.zeros(s, tf.float32) for s in shapes[1:]]
    if mode == "keras_eager":
        call = lambda inputs: model(inputs, training=False)  # noqa: E731
    else:
        specs = [tf.TensorSpec(s, tf.float32) for s in shapes]
        function = tf.function(lambda *inputs: model(list(inputs), training=False),
                               jit_compile=(mode == "tf_xla"), input_signature=specs)
        call = lambda inputs: function(*inputs)  # noqa: E731

    def step(x_t, state):
        outputs = call([tf.constant(x_t)] + state)   # Keras refuses a list mixing arrays and tensors
        return np.asarray(outputs[0]).reshape(-1), list(outputs[1:])
    return step, make_state


def _tflite(workload, files, builtin_only):
    import tensorflow as tf
    path = files.tflite(workload)
    with open(files.generation_report()) as file:
        status = json.load(file)[workload.name]["tflite"]
    if not status["ok"]:
        raise NotAvailable(f"TFLite conversion failed: {status['error']}")
    kwargs = {"num_threads": _cores()}
    if builtin_only:
        kwargs["experimental_op_resolver_type"] = \
            tf.lite.experimental.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES
    interpreter = tf.lite.Interpreter(model_path=path, **kwargs)
    interpreter.allocate_tensors()
    inputs = {_tensor_name(d["name"]): d for d in interpreter.get_input_details()}
    outputs = sorted(interpreter.get_output_details(), key=lambda d: _output_position(d["name"]))
    if not workload.step:
        x_index, y_index = inputs["x"]["index"], outputs[0]["index"]

        def call(x):
            interpreter.set_tensor(x_index, x)
            interpreter.invoke()
            return interpreter.get_tensor(y_index)
        return call, None
    with open(files.generation_report()) as file:
        names = json.load(file)[workload.name]["state_names"]
    in_index = [inputs[n]["index"] for n in names]
    out_index = [d["index"] for d in outputs]
    shapes = [tuple(inputs[n]["shape"]) for n in names[1:]]

    def make_state():
        return [np.zeros(s, np.float32) for s in shapes]

    def step(x_t, state):
        interpreter.set_tensor(in_index[0], x_t)
        for index, value in zip(in_index[1:], state):
            interpreter.set_tensor(index, value)
        interpreter.invoke()
        result = [interpreter.get_tensor(i) for i in out_index]
        return result[0].reshape(-1), result[1:]
    return step, make_state


def _tensor_name(name):
    """x from x, x:0 or serving_default_x:0."""
    return name.split(":")[0].removeprefix("serving_default_")


def _output_position(name):
    """Identity -> 0, Identity_3 -> 3: the order the converted function returned its outputs."""
    stem = name.split(":")[0]
    suffix = stem.rsplit("_", 1)[-1]
    return int(suffix) if "_" in stem and suffix.isdigit() else 0


def _runner(workload, files, peer):
    if peer == "ort_1t":
        return _ort(workload, files, 1)
    if peer == "ort_all":
        return _ort(workload, files, _cores())
    if peer in ("keras_eager", "tf_function", "tf_xla"):
        return _keras(workload, files, peer)
    if peer in ("tflite", "tflite_builtin"):
        return _tflite(workload, files, peer == "tflite_builtin")
    raise ValueError(f"unknown peer {peer}")


# ---- check, then time -------------------------------------------------------------------------

def measure(workload, out, peer, seconds):
    files = Files(out)
    x = np.load(files.x(workload))
    reference = np.load(files.reference(workload))
    try:
        call, make_state = _runner(workload, files, peer)
    except NotAvailable as reason:
        return {"status": "n/a", "reason": str(reason)}
    if not workload.step:
        output = np.asarray(call(x))
        if output.shape != reference.shape:
            return {"status": "refused", "reason": f"output shape {output.shape}, Keras {reference.shape}"}
        diff = float(np.max(np.abs(output - reference)))
        if not diff <= TOLERANCE:
            return {"status": "refused", "max_abs_diff": diff,
                    "reason": f"max |output - Keras eager| = {diff:.3g} > {TOLERANCE}"}
        result = timing.measure(lambda: call(x), seconds)
    else:
        steps = [np.ascontiguousarray(x[:, t:t + 1, :]) for t in range(workload.time)]
        state = make_state()
        outputs = []
        for x_t in steps:
            y, state = call(x_t, state)
            outputs.append(y)
        diff = float(np.max(np.abs(np.stack(outputs) - reference[0])))
        if not diff <= TOLERANCE:
            return {"status": "refused", "max_abs_diff": diff,
                    "reason": f"max |step output - Keras eager prefix output| = {diff:.3g} > {TOLERANCE}"}
        carried = {"state": make_state(), "t": 0}

        def one_step():
            carried["state"] = call(steps[carried["t"] % workload.time], carried["state"])[1]
            carried["t"] += 1
        result = timing.measure(one_step, seconds)
    result.update(status="ok", max_abs_diff=diff)
    return result
