"""``make bench``: run the Checkov and the Prowler benchmark, write docs/benchmarks.md.

Runs in the prowler environment; the Checkov benchmark runs in a subprocess under the checkov environment's Python
(checkov and prowler pin different boto3 versions). Every figure is a ratio taken in this one run. A target that is
missed is reported as MISS; the exit status is non-zero only when a benchmark itself broke.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PLUGIN_SOURCES = ("shared", "checkov_checks", "prowler_checks", "pyproject.toml")
# One paired round puts two Checkov runs side by side; a round's ratio moves by up to 10% with this machine, so the
# median needs several.
ROUNDS = 9
sys.path.insert(0, str(HERE))

import prowler_bench  # noqa: E402
from report import render  # noqa: E402


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _output(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def _version(python: Path, distribution: str) -> str:
    return _output(str(python), "-c", f"import importlib.metadata as m; print(m.version({distribution!r}))")


def machine(checkov_env: Path, prowler_env: Path) -> dict:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    mem_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    checkov_python, prowler_python = checkov_env / "bin" / "python", prowler_env / "bin" / "python"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _output("git", "-C", str(REPO), "rev-parse", "--short", "HEAD"),
        # make builds the wheel from the working tree, which may be ahead of the commit.
        "uncommitted": _output("git", "-C", str(REPO), "status", "--porcelain", "--", *PLUGIN_SOURCES).splitlines(),
        "nproc": _output("nproc"),
        "cpu": cpu,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "os": platform.platform(),
        "python_checkov_env": _output(str(checkov_python), "-c", "import platform; print(platform.python_version())"),
        "python_prowler_env": platform.python_version(),
        "checkov": _version(checkov_python, "checkov"),
        "prowler": _version(prowler_python, "prowler"),
        "moto": _version(prowler_python, "moto"),
        "boto3_prowler_env": _version(prowler_python, "boto3"),
    }


def run_checkov(checkov_env: Path, rounds: int, scaling_rounds: int) -> dict:
    command = [
        str(checkov_env / "bin" / "python"), str(HERE / "checkov_bench.py"), "--checkov-env", str(checkov_env),
        "--rounds", str(rounds), "--scaling-rounds", str(scaling_rounds),
    ]
    # Progress goes to our stderr as it happens; the figures come back as JSON on stdout.
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"the Checkov benchmark failed ({' '.join(command)})")
    return json.loads(done.stdout)


def run_terraform_engine(checkov_env: Path, rounds: int) -> dict:
    command = [str(checkov_env / "bin" / "python"), str(HERE / "terraform_engine_bench.py"),
               "--checkov-env", str(checkov_env), "--rounds", str(rounds)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, timeout=7200)
    if done.returncode != 0:
        raise RuntimeError(f"the Terraform engine benchmark failed ({' '.join(command)})")
    return json.loads(done.stdout)


def run_cloudformation_hostile(checkov_env: Path) -> dict:
    command = [str(checkov_env / "bin" / "python"), str(HERE / "cloudformation_hostile.py"),
               "--checkov-env", str(checkov_env)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, timeout=7200)
    if done.returncode != 0:
        raise RuntimeError(f"the CloudFormation hostile benchmark failed ({' '.join(command)})")
    return json.loads(done.stdout)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkov-env", type=Path, required=True)
    parser.add_argument("--prowler-env", type=Path, required=True)
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument("--rounds", type=int, default=ROUNDS,
                        help="paired rounds of Checkov runs (the median of the rounds' ratios is taken)")
    parser.add_argument("--scaling-rounds", type=int, default=3, help="in-process runs per size (median taken)")
    parser.add_argument("--render-only", action="store_true", help="rewrite the page from benchmarks/results.json")
    args = parser.parse_args(argv)
    checkov_env, prowler_env = args.checkov_env.resolve(), args.prowler_env.resolve()
    raw = HERE / "results.json"  # every measurement behind the page
    if args.render_only:
        args.output.write_text(render(json.loads(raw.read_text())))
        return 0

    started = time.perf_counter()
    figures = {"machine": machine(checkov_env, prowler_env)}
    _log(f"== machine: {figures['machine']}")
    _log("== Checkov benchmark")
    figures["checkov"] = run_checkov(checkov_env, args.rounds, args.scaling_rounds)
    _log("== Terraform engine benchmark")
    figures["terraform_engine"] = run_terraform_engine(checkov_env, args.rounds)
    _log("== CloudFormation hostile benchmark")
    figures["cloudformation_hostile"] = run_cloudformation_hostile(checkov_env)
    _log("== Prowler benchmark")
    figures["prowler"] = prowler_bench.run(str(prowler_env / "bin" / "python"), log=_log)
    figures["runtime_s"] = time.perf_counter() - started
    figures["command"] = "make bench"
    figures["invocation"] = (
        f"{os.path.relpath(prowler_env / 'bin' / 'python', REPO)} benchmarks/run.py "
        f"--checkov-env {os.path.relpath(checkov_env, REPO)} --prowler-env {os.path.relpath(prowler_env, REPO)}"
        + (f" --rounds {args.rounds}" if args.rounds != ROUNDS else "")
        + (f" --scaling-rounds {args.scaling_rounds}" if args.scaling_rounds != 3 else "")
    )

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(figures))
    raw.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    _log(f"== wrote {os.path.relpath(args.output, REPO)} and {os.path.relpath(raw, REPO)} "
         f"in {figures['runtime_s'] / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
