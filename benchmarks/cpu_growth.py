"""How one check's own CPU time grows with the tree, measured in rounds (runs in the checkov environment).

This machine's speed moves by up to 30% between runs a few seconds apart (at 2,000 map-lookup memories, nine runs
of the same code took 0.25 to 0.35 s), so the median of each size's runs, divided by the next size's, can move by
as much. Each round therefore measures every size once, back to back (the order reverses each round), and
each step's figure is the median over rounds of that round's own ratio, with its range.
"""

from __future__ import annotations

import json
import statistics
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


def check_time(python: Path, tree: Path, external_dir: Path, check_id: str) -> dict:
    """One in-process Checkov run (``checkov_check_time.py``): the check's CPU time and calls, and Checkov's time."""
    command = [str(python), str(HERE / "checkov_check_time.py"), str(tree), str(external_dir), check_id]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def growth(python: Path, trees: dict[int, Path], external_dir: Path, check_id: str, rounds: int) -> dict:
    """Every run per size, the median per size, and per step "small->large" the median of the rounds' ratios."""
    sizes = sorted(trees)
    runs: dict[int, list[dict]] = {size: [] for size in sizes}
    for round_number in range(rounds):
        for size in sizes if round_number % 2 == 0 else reversed(sizes):
            runs[size].append(check_time(python, trees[size], external_dir, check_id))
    cpu = {size: [run["check_cpu_s"] for run in found] for size, found in runs.items()}
    steps = {}
    for small, large in zip(sizes, sizes[1:]):
        ratios = [b / a for a, b in zip(cpu[small], cpu[large])]
        steps[f"{small}->{large}"] = {"median": statistics.median(ratios), "rounds": ratios,
                                      "of_medians": statistics.median(cpu[large]) / statistics.median(cpu[small])}
    return {"cpu_s": cpu, "median_cpu_s": {size: statistics.median(found) for size, found in cpu.items()},
            "calls": {size: found[0]["check_calls"] for size, found in runs.items()},
            "checkov_s": {size: statistics.median(run["checkov_s"] for run in found) for size, found in runs.items()},
            "steps": steps}
