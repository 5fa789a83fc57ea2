"""Run Checkov in this process and time one check's own work: every call of ``BaseCheck.run`` for the check ID,
which wraps the check's ``scan_entity_conf`` / ``scan_resource_conf``. Runs in the checkov environment.

The figure is the thread's CPU time inside those calls, with the garbage collector paused during each call: a
collection that happens to start there costs in proportion to Checkov's whole heap, not to the check's work, and
other processes on the machine do not count. Wall time is kept too.

``python benchmarks/checkov_check_time.py <tree> <external checks dir> <check id>`` prints one JSON line.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import sys
import time

from checkov.common.checks.base_check import BaseCheck
from checkov.main import Checkov


def time_check(tree: str, external_dir: str, check_id: str) -> dict:
    spent = {"cpu": 0.0, "wall": 0.0, "calls": 0}
    original_run = BaseCheck.run

    def timed_run(self, *args, **kwargs):
        if self.id != check_id:
            return original_run(self, *args, **kwargs)
        collecting = gc.isenabled()
        gc.disable()
        cpu, wall = time.thread_time(), time.perf_counter()
        try:
            return original_run(self, *args, **kwargs)
        finally:
            spent["cpu"] += time.thread_time() - cpu
            spent["wall"] += time.perf_counter() - wall
            spent["calls"] += 1
            if collecting:
                gc.enable()

    BaseCheck.run = timed_run
    argv = [
        "--skip-download", "--framework", "terraform", "--quiet", "-o", "json",
        "-d", tree, "--external-checks-dir", external_dir, "--check", check_id,
    ]
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        Checkov(argv=argv).run()
    return {
        "check_cpu_s": spent["cpu"],
        "check_wall_s": spent["wall"],
        "check_calls": spent["calls"],
        "checkov_s": time.perf_counter() - started,
    }


if __name__ == "__main__":
    print(json.dumps(time_check(*sys.argv[1:4])))
