"""Checkov benchmark: the plug-in against the floor (a presence-only check under the same ID) and against no
external check, on one generated Terraform tree; then the plug-in's own time as the tree grows.

Runs in the checkov environment (``python benchmarks/checkov_bench.py`` prints the figures as JSON on stdout,
progress on stderr); benchmarks/run.py spawns it from the prowler environment.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cpu_growth import check_time  # noqa: E402
from terraform_tree import generate  # noqa: E402

from agentcore_cmk import FINDING  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PRESENCE_ONLY_DIR = HERE / "presence_only_check"
MEMORIES = 2000
SIZES = (1000, 2000, 4000)
ROUNDS = 7
SCALING_ROUNDS = 3


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _summary(output: str) -> dict:
    """Passed/failed/resource counts from Checkov's JSON summary (--quiet leaves passed checks out of the results;
    --check leaves only the one check in the summary). Without any result Checkov prints the summary alone."""
    report = json.loads(output)
    reports = report if isinstance(report, list) else [report]
    totals = {"passed": 0, "failed": 0, "resource_count": 0}
    for one in reports:
        summary = one.get("summary", one)
        for name in totals:
            totals[name] += summary.get(name, 0)
    return totals


def _checkov(checkov: Path, tree: Path, extra: list[str]) -> tuple[float, float, dict]:
    """Wall time, CPU time (Checkov and the workers it waited for) and the summary of one Checkov run."""
    command = [str(checkov), "--skip-download", "--framework", "terraform", "--quiet", "-o", "json", "-d", str(tree)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command + extra, capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some check failed
        raise RuntimeError(f"checkov exited {done.returncode}:\n{done.stderr[-4000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, _summary(done.stdout)


def run(checkov_env: Path, plugin_dir: Path, rounds: int = ROUNDS, scaling_rounds: int = SCALING_ROUNDS) -> dict:
    checkov, python = checkov_env / "bin" / "checkov", checkov_env / "bin" / "python"
    check_id = FINDING.id
    variants = {
        "plugin": ["--external-checks-dir", str(plugin_dir), "--check", check_id],
        "presence_only": ["--external-checks-dir", str(PRESENCE_ONLY_DIR), "--check", check_id],
        # Same command without an external check: the ID matches nothing, so Checkov parses and runs no check.
        "no_external_check": ["--check", check_id],
    }
    with tempfile.TemporaryDirectory(prefix="agentcore-bench-") as tmp:
        trees, kinds = {}, {}
        for size in SIZES:
            trees[size] = Path(tmp) / f"memories_{size}"
            kinds[size] = dict(generate(trees[size], size))
        files = sum(1 for _ in trees[MEMORIES].rglob("*.tf"))

        walls: dict[str, list[float]] = {name: [] for name in variants}
        cpus: dict[str, list[float]] = {name: [] for name in variants}
        results = {}
        for round_number in range(rounds):
            # The plug-in and the floor run back to back, in turn first, with the third variant before or after
            # them: the machine's speed drifts over minutes, so each round's plug-in run is compared with its own
            # floor run, and no variant always runs first (cold caches) or last.
            pair = ["plugin", "presence_only"] if round_number % 2 == 0 else ["presence_only", "plugin"]
            order = pair + ["no_external_check"] if round_number % 4 < 2 else ["no_external_check"] + pair
            for name in order:
                elapsed, cpu, results[name] = _checkov(checkov, trees[MEMORIES], variants[name])
                walls[name].append(elapsed)
                cpus[name].append(cpu)
                _log(f"checkov round {round_number + 1}/{rounds} {name}: {elapsed:.2f} s wall, {cpu:.2f} s CPU, "
                     f"{results[name]}")

        scaling: dict[int, dict] = {}
        for size in SIZES:
            plugin_runs = [check_time(python, trees[size], plugin_dir, check_id) for _ in range(scaling_rounds)]
            floor = check_time(python, trees[size], PRESENCE_ONLY_DIR, check_id)
            scaling[size] = {
                "plugin_check_s": statistics.median(run["check_cpu_s"] for run in plugin_runs),
                "plugin_check_runs_s": [run["check_cpu_s"] for run in plugin_runs],
                "plugin_check_wall_s": statistics.median(run["check_wall_s"] for run in plugin_runs),
                "plugin_check_calls": plugin_runs[0]["check_calls"],
                "plugin_checkov_s": statistics.median(run["checkov_s"] for run in plugin_runs),
                "presence_only_check_s": floor["check_cpu_s"],
                "presence_only_check_calls": floor["check_calls"],
            }
            _log(f"checkov in-process {size} memories: {scaling[size]}")

    median = {name: statistics.median(values) for name, values in walls.items()}
    median_cpu = {name: statistics.median(values) for name, values in cpus.items()}
    paired = [plugin / floor for plugin, floor in zip(walls["plugin"], walls["presence_only"])]
    return {
        "check_id": check_id,
        "plugin_dir": str(plugin_dir),
        "memories": MEMORIES,
        "resources_in_tree": results["presence_only"]["resource_count"],
        "tf_files": files,
        "kinds": kinds[MEMORIES],
        "rounds": rounds,
        # What each variant adds to `checkov --skip-download --framework terraform --quiet -o json -d <tree>`.
        "commands": {
            name: " ".join(args).replace(str(plugin_dir), "<plug-in dir>").replace(str(REPO) + "/", "")
            for name, args in variants.items()
        },
        "walls_s": walls,
        "median_s": median,
        "cpu_s": cpus,
        "median_cpu_s": median_cpu,
        "plugin_over_floor_per_round": paired,
        "plugin_over_floor_cpu": median_cpu["plugin"] / median_cpu["presence_only"],
        "results": results,
        "plugin_over_floor": statistics.median(paired),
        "plugin_over_floor_of_medians": median["plugin"] / median["presence_only"],
        "plugin_over_no_external_check": median["plugin"] / median["no_external_check"],
        "scaling": scaling,
        "growth_4000_over_2000": scaling[4000]["plugin_check_s"] / scaling[2000]["plugin_check_s"],
        "growth_2000_over_1000": scaling[2000]["plugin_check_s"] / scaling[1000]["plugin_check_s"],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkov-env", type=Path, default=Path(sys.executable).parent.parent)
    parser.add_argument("--plugin-dir", type=Path, help="default: what `agentcore-cmk-checks path checkov` prints")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--scaling-rounds", type=int, default=SCALING_ROUNDS)
    args = parser.parse_args(argv)
    plugin_dir = args.plugin_dir or Path(
        subprocess.run(
            [str(args.checkov_env / "bin" / "agentcore-cmk-checks"), "path", "checkov"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )
    print(json.dumps(run(args.checkov_env.resolve(), plugin_dir, args.rounds, args.scaling_rounds), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
