"""Runs a child process and reports its peak resident set, the same way for every runtime."""

import os
import subprocess
import tempfile


def run_child(command, log=None, env=None):
    """Runs `command` to completion; returns (exit code, stdout, stderr, peak RSS in bytes).

    The peak RSS is the child's own ru_maxrss from wait4, so it covers everything the runtime
    loaded (interpreter, libraries, model, buffers), measured alike for every runtime.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)   # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if log:
        with open(log, "a") as file:
            file.write(f"$ {' '.join(command)}\n{stdout}{stderr}\n")
    return child.returncode, stdout, stderr, usage.ru_maxrss * 1024
