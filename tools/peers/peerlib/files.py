"""Where the harness keeps what it generates, under one output folder (gitignored)."""

import os


class Files:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.models = os.path.join(self.root, "models")
        self.inputs = os.path.join(self.root, "inputs")
        self.logs = os.path.join(self.root, "logs")

    def make(self):
        for folder in (self.models, self.inputs, self.logs):
            os.makedirs(folder, exist_ok=True)

    def h5(self, workload):
        return os.path.join(self.models, f"{workload.model}.h5")

    def lstmw(self, workload):
        return os.path.join(self.models, f"{workload.model}.lstmw")

    def onnx(self, workload):
        return os.path.join(self.models, f"{workload.name}.onnx")

    def tflite(self, workload):
        return os.path.join(self.models, f"{workload.name}.tflite")

    def x(self, workload):
        return os.path.join(self.inputs, f"{workload.name}.x.npy")

    def reference(self, workload):
        return os.path.join(self.inputs, f"{workload.name}.keras.npy")

    def generation_report(self):
        return os.path.join(self.root, "generation.json")
