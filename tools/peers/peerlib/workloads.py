"""The workloads of issue 7: which model, which input shape, how many FLOPs a call costs.

Only numpy here: the parent process, the ONNX Runtime children and the report import this module
without TensorFlow.
"""

from dataclasses import dataclass, field

ALL_NAMES = [
    "tiny", "small", "medium_b1", "medium_b32", "large_b1", "large_b64",
    "gru_medium", "bilstm_b8", "medium_step",
]


@dataclass(frozen=True)
class Workload:
    name: str
    model: str            # the model file stem: several workloads share a model (medium, large)
    batch: int
    time: int
    features: int
    layers: tuple         # ("lstm", units, return_sequences) | ("gru", units, rs) | ("bilstm", units, rs) | ("dense", units, activation)
    step: bool = False    # one timestep per call, state carried between calls
    seed: int = 0
    description: str = ""

    @property
    def input_shape(self):
        return (self.batch, self.time, self.features)

    def flops_per_call(self):
        """Multiply-adds counted as 2 FLOPs; gate nonlinearities and elementwise work left out."""
        per_row = 0
        width = self.features
        sequence = True
        for layer in self.layers:
            kind, units = layer[0], layer[1]
            if kind == "lstm":
                per_row += 2 * 4 * units * (width + units) * self.time
                width, sequence = units, layer[2]
            elif kind == "bilstm":
                per_row += 2 * 2 * 4 * units * (width + units) * self.time
                width, sequence = 2 * units, layer[2]
            elif kind == "gru":
                per_row += 2 * 3 * units * (width + units) * self.time
                width, sequence = units, layer[2]
            elif kind == "dense":
                per_row += 2 * width * units * (self.time if sequence else 1)
                width = units
        flops = per_row * self.batch
        return flops // self.time if self.step else flops


MEDIUM = (("lstm", 256, True), ("lstm", 256, False), ("dense", 1, "linear"))
LARGE = (("lstm", 1024, False),)

WORKLOADS = {w.name: w for w in [
    Workload("tiny", "tiny", 1, 64, 1, (("lstm", 16, False),), seed=701,
             description="1→LSTM16, T=64, B=1"),
    Workload("small", "small", 1, 100, 32, (("lstm", 64, False), ("dense", 10, "softmax")), seed=702,
             description="32→LSTM64→Dense10 softmax, T=100, B=1"),
    Workload("medium_b1", "medium", 1, 200, 128, MEDIUM, seed=703,
             description="128→LSTM256(seq)→LSTM256→Dense1, T=200, B=1"),
    Workload("medium_b32", "medium", 32, 200, 128, MEDIUM, seed=703,
             description="the medium model, T=200, B=32"),
    Workload("large_b1", "large", 1, 100, 512, LARGE, seed=704,
             description="512→LSTM1024, T=100, B=1"),
    Workload("large_b64", "large", 64, 100, 512, LARGE, seed=704,
             description="the large model, T=100, B=64"),
    Workload("gru_medium", "gru_medium", 1, 200, 128, (("gru", 256, False),), seed=705,
             description="128→GRU256 (reset_after), T=200, B=1"),
    Workload("bilstm_b8", "bilstm", 8, 100, 64, (("bilstm", 128, False),), seed=706,
             description="64→Bidirectional(LSTM128), T=100, B=8"),
    Workload("medium_step", "medium", 1, 200, 128, MEDIUM, step=True, seed=703,
             description="the medium model one timestep per call, state carried"),
]}
