"""The Terraform engine's figures of issue 18, run in the checkov environment (part of ``make bench``):

* what a user runs: Checkov with all its own checks enabled (no ``--check``), plug-in ÷ presence-only check, on the
  2,000-memory tree, with each run's peak memory (the child's maximum resident set, from ``wait4``);
* the map-lookup tree (N memories, each ``var.keys["mN"]`` over one N-entry map): plug-in ÷ presence-only at 2,000,
  and the check's own CPU time from 500 to 4,000 (``cpu_growth.py``: factor per doubling, the median of paired
  rounds), for the plug-in and, as the control, for the presence-only check;
* the hostile families (``terraform_hostile.py``) at growing sizes: plug-in ÷ presence-only wall time, and whether a
  run went past 60 s.

``python benchmarks/terraform_engine_bench.py --checkov-env .venvs/checkov [--rounds 3]`` prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cpu_growth  # noqa: E402
from terraform_hostile import write  # noqa: E402
from terraform_tree import generate  # noqa: E402

from agentcore_cmk import FINDING  # noqa: E402

HERE = Path(__file__).resolve().parent
PRESENCE_ONLY_DIR = HERE / "presence_only_check"
LOOKUP_SIZES = (500, 1000, 2000, 4000)
HOSTILE = {"splat_chain": (10, 20, 40), "for_chain": (7, 10, 14), "locals_fanout": (10, 20, 40),
           "tfvars": (400, 1600), "multiline_string": (400, 1600), "plan_references": (4000, 16000),
           "filtered_for_each": (250, 500, 1000)}
STALL_S = 60


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def checkov_run(checkov: Path, tree: Path, extra: list[str], framework: str = "terraform") -> dict:
    """Wall time, CPU time and peak memory (KiB) of one Checkov run."""
    command = [str(checkov), "--skip-download", "--framework", framework, "--quiet", "-o", "json", "-d", str(tree)]
    started = time.perf_counter()
    process = subprocess.Popen(command + extra, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise RuntimeError(f"checkov exited {process.returncode}: {' '.join(command + extra)}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_kib": usage.ru_maxrss}


def _paired(checkov: Path, tree: Path, plugin: list[str], floor: list[str], rounds: int, framework="terraform") -> dict:
    runs = {"plugin": [], "presence_only": []}
    for round_number in range(rounds):
        order = ["plugin", "presence_only"] if round_number % 2 == 0 else ["presence_only", "plugin"]
        for name in order:
            runs[name].append(checkov_run(checkov, tree, plugin if name == "plugin" else floor, framework))
    median = {name: statistics.median(run["wall_s"] for run in found) for name, found in runs.items()}
    # The machine's speed drifts by several percent over minutes: each round's two runs are compared with each
    # other, and the figure is the median of those paired ratios.
    paired = [plugin["wall_s"] / floor["wall_s"] for plugin, floor in zip(runs["plugin"], runs["presence_only"])]
    return {"runs": runs, "median_wall_s": median, "ratio": statistics.median(paired),
            "round_ratios": paired, "ratio_of_medians": median["plugin"] / median["presence_only"],
            "peak_mib": {name: max(run["peak_kib"] for run in found) / 1024 for name, found in runs.items()},
            "longest_s": max(run["wall_s"] for found in runs.values() for run in found)}


def run(checkov_env: Path, plugin_dir: Path, rounds: int) -> dict:
    checkov, python = checkov_env / "bin" / "checkov", checkov_env / "bin" / "python"
    with_id = ["--check", FINDING.id]
    plugin, floor = ["--external-checks-dir", str(plugin_dir)], ["--external-checks-dir", str(PRESENCE_ONLY_DIR)]
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="agentcore-engine-bench-") as tmp:
        tree = Path(tmp) / "memories_2000"
        generate(tree, 2000)
        figures["all_checks_2000"] = _paired(checkov, tree, plugin, floor, rounds)
        _log(f"engine: all checks, 2,000 memories: {figures['all_checks_2000']['ratio']:.3f}")

        lookups = {size: write("map_lookup", size, Path(tmp) / f"lookup_{size}") for size in LOOKUP_SIZES}
        figures["map_lookup_2000"] = _paired(checkov, lookups[2000], plugin + with_id, floor + with_id, rounds)
        _log(f"engine: map lookup, 2,000 memories: {figures['map_lookup_2000']['ratio']:.3f}")
        for name, external_dir in (("plugin", plugin_dir), ("presence_only", PRESENCE_ONLY_DIR)):
            figures[f"map_lookup_cpu_{name}"] = cpu_growth.growth(python, lookups, external_dir, FINDING.id, rounds)
            _log(f"engine: map lookup check CPU, {name}: {figures[f'map_lookup_cpu_{name}']['median_cpu_s']}")

        hostile = {}
        for family, sizes in HOSTILE.items():
            framework = "terraform_plan" if family == "plan_references" else "terraform"
            for size in sizes:
                folder = write(family, size, Path(tmp) / f"{family}_{size}")
                try:
                    found = _paired(checkov, folder, plugin + with_id, floor + with_id, 1, framework)
                except RuntimeError as error:  # e.g. Checkov's own graph runs out of memory (for_chain 28: 10 GB)
                    hostile[f"{family} {size}"] = {"error": str(error)}
                    continue
                hostile[f"{family} {size}"] = {"ratio": found["ratio"], "longest_s": found["longest_s"],
                                               "stalled": found["longest_s"] > STALL_S}
                _log(f"engine: {family} {size}: {found['ratio']:.2f}")
        figures["hostile"] = hostile
    return figures


RATIO_TARGET = 1.05
GROWTH_TARGET = 2.2
HOSTILE_RATIO_TARGET = 2


def _spread(figure: dict) -> str:
    ratios = figure.get("round_ratios")
    if not ratios:
        return "ratio of the median runs"
    return f"median of {len(ratios)} paired rounds, {min(ratios):.3f}–{max(ratios):.3f}"


def _steps(growth: dict) -> str:
    return ", ".join(f"{step} {found['median']:.2f} ({min(found['rounds']):.2f}–{max(found['rounds']):.2f})"
                     for step, found in growth["steps"].items())


def targets(figures: dict) -> list[tuple[str, str, str, bool]]:
    """(figure, value, target, met) for issue 18's targets, for the page's table of targets."""
    all_checks, lookup = figures["all_checks_2000"], figures["map_lookup_2000"]
    growth = figures["map_lookup_cpu_plugin"]["steps"]
    hostile = list(figures["hostile"].values())
    worst = max((row["ratio"] for row in hostile if "ratio" in row), default=float("nan"))
    return [
        ("Checkov, all its checks: plug-in ÷ presence-only (2,000 memories)", f"{all_checks['ratio']:.3f}",
         f"≤ {RATIO_TARGET}", all_checks["ratio"] <= RATIO_TARGET),
        ("Checkov: map-lookup tree, plug-in ÷ presence-only (2,000 memories)", f"{lookup['ratio']:.3f}",
         f"≤ {RATIO_TARGET}", lookup["ratio"] <= RATIO_TARGET),
        ("Checkov: map-lookup tree, plug-in's CPU per doubling, largest step 500 → 4,000",
         f"{max(found['median'] for found in growth.values()):.2f}", f"≤ {GROWTH_TARGET}",
         all(found["median"] <= GROWTH_TARGET for found in growth.values())),
        ("Checkov: Terraform hostile families, largest plug-in ÷ presence-only", f"{worst:.2f}",
         f"< {HOSTILE_RATIO_TARGET}, no run past {STALL_S} s",
         all("ratio" in row and row["ratio"] < HOSTILE_RATIO_TARGET and not row["stalled"] for row in hostile)),
    ]


def render(figures: dict) -> list[str]:
    """The Terraform engine section of docs/benchmarks.md."""
    all_checks, lookup = figures["all_checks_2000"], figures["map_lookup_2000"]
    plugin, control = figures["map_lookup_cpu_plugin"], figures["map_lookup_cpu_presence_only"]
    lines = [
        "| figure | value | target |",
        "| --- | --- | --- |",
        f"| all of Checkov's checks + plug-in ÷ the same with the presence-only check, 2,000 memories | "
        f"{all_checks['ratio']:.3f} ({_spread(all_checks)}) | ≤ {RATIO_TARGET} |",
        f"| map-lookup tree, 2,000 memories, plug-in ÷ presence-only | {lookup['ratio']:.3f} ({_spread(lookup)}) "
        f"| ≤ {RATIO_TARGET} |",
        f"| map-lookup tree, plug-in's CPU per doubling (median of {len(next(iter(plugin['cpu_s'].values())))} paired rounds, range) | "
        f"{_steps(plugin)} | ≤ {GROWTH_TARGET} each |",
        f"| the same for the presence-only check (the control: Checkov's heap grows too) | {_steps(control)} | reported |",
        f"| peak memory, all checks, plug-in / presence-only | {all_checks['peak_mib']['plugin']:.0f} MiB / "
        f"{all_checks['peak_mib']['presence_only']:.0f} MiB | reported |",
        "",
        "The check's own CPU time on the map-lookup tree (`benchmarks/checkov_check_time.py`, in process, collector "
        "paused during each call; `benchmarks/cpu_growth.py`: each round measures every size once, back to back):",
        "",
        "| memories | plug-in, median | plug-in, each round | presence-only, median | calls |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {int(size):,} | {plugin['median_cpu_s'][size]:.3f} s | "
              + ", ".join(f"{value:.3f}" for value in plugin["cpu_s"][size])
              + f" | {control['median_cpu_s'][size]:.3f} s | {plugin['calls'][size]:,} |"
              for size in plugin["median_cpu_s"]]
    lines += [
        "",
        "Hostile families (`benchmarks/terraform_hostile.py`), one run each, plug-in ÷ presence-only wall time:",
        "",
        "| family and size | ratio | longest run | past 60 s |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {name} | {row['ratio']:.2f} | {row['longest_s']:.1f} s | {'yes' if row['stalled'] else 'no'} |"
              if "ratio" in row else f"| {name} | Checkov failed: {row['error'][:60]} | | |"
              for name, row in figures["hostile"].items()]
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkov-env", type=Path, default=Path(sys.executable).parent.parent)
    parser.add_argument("--plugin-dir", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    plugin_dir = args.plugin_dir or Path(subprocess.run(
        [str(args.checkov_env / "bin" / "agentcore-cmk-checks"), "path", "checkov"],
        capture_output=True, text=True, check=True).stdout.strip())
    print(json.dumps(run(args.checkov_env.resolve(), plugin_dir, args.rounds), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
