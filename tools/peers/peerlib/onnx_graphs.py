"""ONNX graphs of the workloads, built with the `onnx` package from the Keras weights.

LSTM and GRU become ONNX's own LSTM and GRU operators (what ONNX Runtime runs with its fused CPU
kernels, and what tf2onnx emits for Keras recurrent layers), with the gates reordered:
  LSTM: Keras kernel [in, 4H] in gate order i, f, c, o  ->  ONNX W [dirs, 4H, in] in order i, o, f, c;
        the Keras bias goes to Wb, Rb is zero.
  GRU:  Keras gate order z, r, h is ONNX's; Keras 3's reset_after=True is linear_before_reset=1, and
        its bias [2, 3H] splits into Wb (input bias) and Rb (recurrent bias).
The ONNX recurrent operators are time-major ([T, B, F]), so the graph transposes the input once.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8


def _lstm_weights(kernel, recurrent, bias, units):
    def reorder(matrix):  # [rows, 4H] (i, f, c, o) -> [4H, rows] (i, o, f, c)
        i, f, c, o = np.split(matrix, 4, axis=-1)
        return np.concatenate([i, o, f, c], axis=-1).T
    w = reorder(kernel)
    r = reorder(recurrent)
    b = np.concatenate([reorder(bias[None, :])[:, 0], np.zeros(4 * units, np.float32)])
    return w, r, b


def _gru_weights(kernel, recurrent, bias, units):
    w = kernel.T
    r = recurrent.T
    b = np.concatenate([bias[0], bias[1]]) if bias.ndim == 2 else np.concatenate([bias, np.zeros_like(bias)])
    return w, r, b


class _Graph:
    def __init__(self):
        self.nodes, self.initializers, self.count = [], [], 0

    def name(self, stem):
        self.count += 1
        return f"{stem}_{self.count}"

    def constant(self, stem, array):
        name = self.name(stem)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(self, op, inputs, outputs=1, **attributes):
        names = [self.name(op.lower()) for _ in range(outputs)] if isinstance(outputs, int) else outputs
        self.nodes.append(helper.make_node(op, inputs, names, **attributes))
        return names if len(names) > 1 else names[0]


def _recurrent(graph, kind, x, weights, units, initial=None):
    """An LSTM or GRU node on time-major x; returns (Y [T, dirs, B, H], Y_h, Y_c or None)."""
    direction = "forward"
    if kind == "bilstm":
        fw = _lstm_weights(*weights[:3], units)
        bw = _lstm_weights(*weights[3:], units)
        w, r, b = (np.stack([a, z]) for a, z in zip(fw, bw))
        direction = "bidirectional"
    elif kind == "lstm":
        w, r, b = (a[None] for a in _lstm_weights(*weights, units))
    else:
        w, r, b = (a[None] for a in _gru_weights(*weights, units))
    inputs = [x, graph.constant("W", w.astype(np.float32)), graph.constant("R", r.astype(np.float32)),
              graph.constant("B", b.astype(np.float32)), ""]
    if kind == "gru":
        inputs += [initial[0] if initial else ""]
        y, y_h = graph.node("GRU", inputs, outputs=2, hidden_size=units, linear_before_reset=1)
        return y, y_h, None
    inputs += list(initial) if initial else []
    y, y_h, y_c = graph.node("LSTM", inputs, outputs=3, hidden_size=units, direction=direction)
    return y, y_h, y_c


def _dense(graph, x, kernel, bias, activation):
    y = graph.node("Add", [graph.node("MatMul", [x, graph.constant("kernel", kernel)]),
                           graph.constant("bias", bias)])
    if activation == "softmax":
        return graph.node("Softmax", [y], axis=-1)
    if activation == "linear":
        return y
    raise ValueError(f"activation {activation} not mapped to ONNX")


def _model(graph, inputs, outputs):
    model = helper.make_model(helper.make_graph(graph.nodes, "peer", inputs, outputs, graph.initializers),
                              opset_imports=[helper.make_opsetid("", OPSET)], producer_name="tools/peers")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def predict_graph(workload, layer_weights):
    """[B, T, F] -> the Keras model's output, with layer_weights the get_weights() of each weighted layer."""
    graph = _Graph()
    x = graph.node("Transpose", ["x"], perm=[1, 0, 2])     # [T, B, F]
    sequence = True
    for layer, weights in zip(workload.layers, layer_weights):
        kind, units = layer[0], layer[1]
        if kind in ("lstm", "gru", "bilstm"):
            y, y_h, _ = _recurrent(graph, kind, x, weights, units)
            sequence = layer[2]
            if sequence:
                if kind == "bilstm":
                    raise ValueError("bidirectional with return_sequences is not mapped")
                x = graph.node("Squeeze", [y, graph.constant("axes", np.array([1], np.int64))])  # [T, B, H]
            elif kind == "bilstm":
                # Y_h [2, B, H] -> [B, 2, H] -> [B, 2H]: forward then backward, Keras's concat merge.
                t = graph.node("Transpose", [y_h], perm=[1, 0, 2])
                x = graph.node("Reshape", [t, graph.constant("shape", np.array([0, 2 * units], np.int64))])
            else:
                x = graph.node("Squeeze", [y_h, graph.constant("axes", np.array([0], np.int64))])  # [B, H]
        else:
            x = _dense(graph, x, weights[0], weights[1], layer[2])
    if sequence:
        x = graph.node("Transpose", [x], perm=[1, 0, 2])
    graph.nodes[-1].output[0] = "y"
    out_units = workload.layers[-1][1] * (2 if workload.layers[-1][0] == "bilstm" else 1)
    out_shape = [workload.batch, workload.time, out_units] if sequence else [workload.batch, out_units]
    return _model(graph,
                  [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(workload.input_shape))],
                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, out_shape)])


def step_graph(workload, layer_weights):
    """One timestep with explicit state: (x [1, 1, F], h0, c0, h1, c1, ... each [1, 1, H]) ->
    (y [1, out], h0', c0', ...), LSTM and Dense layers only."""
    graph = _Graph()
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, workload.features])]
    outputs = []
    x = "x"   # [B=1, T=1, F] is also [T=1, B=1, F]
    state_outputs = []
    for index, (layer, weights) in enumerate(zip(workload.layers, layer_weights)):
        if layer[0] == "lstm":
            units = layer[1]
            h, c = f"h{index}", f"c{index}"
            inputs += [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 1, units]) for n in (h, c)]
            y, y_h, y_c = _recurrent(graph, "lstm", x, weights, units, initial=(h, c))
            state_outputs += [(y_h, f"{h}_out", units), (y_c, f"{c}_out", units)]
            x = graph.node("Squeeze", [y, graph.constant("axes", np.array([1], np.int64))])  # [1, 1, H]
        elif layer[0] == "dense":
            x = _dense(graph, x, weights[0], weights[1], layer[2])
        else:
            raise ValueError("step graphs support LSTM and Dense layers")
    graph.node("Identity", [x], outputs=["y"])
    outputs.append(helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1, workload.layers[-1][1]]))
    for source, name, units in state_outputs:
        graph.node("Identity", [source], outputs=[name])
        outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, 1, units]))
    return _model(graph, inputs, outputs)
