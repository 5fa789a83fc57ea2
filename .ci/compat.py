"""make compat: the scanner-side tests in one fresh environment per scanner version; writes docs/compatibility.md.

For each scanner the matrix holds the oldest tested version, one between and the newest on the package index
(the tested range itself lives in shared/agentcore_cmk/compatibility.py). Each cell is a venv built with uv from
a wheel of this checkout, installed with the scanner's extra and the scanner pinned; the Prowler CLI tests build
their own environment, so the pin reaches them through UV_CONSTRAINT.

    python3 .ci/compat.py --uv .venvs/tools/bin/uv                 # the whole matrix, writes the page
    python3 .ci/compat.py --uv ... --only checkov==3.3.0          # one cell, prints its result only
    python3 .ci/compat.py --uv ... --only prowler==5.41.0 --probe # below the extra's floor (see --probe)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# One version inside each range, besides its two ends.
MIDDLE = {"checkov": "3.3.0", "prowler": "5.44.0"}

# The tests that matter for compatibility: what the plug-in sees of the scanner (Checkov's template parsing and
# options; Prowler's provider, service base class and both ways of loading the check). Selected by file, so a
# new test in one of these files joins the matrix; add a file here to add its tests.
SELECTIONS = {
    "checkov": (
        ("tests/checkov/test_checkov_templates.py", "tests/checkov/test_checkov_cli_options.py"),
        None,
    ),
    "prowler": (
        ("tests/prowler/test_check_in_process.py", "tests/prowler/test_cli.py"),
        # The CLI runs through the entry point and through --checks-folder alone.
        "not test_cli or entry_point_run or checks_folder_alone",
    ),
}
SCANNER_DEPS = {"checkov": (), "prowler": ("moto[server]>=5.2.5",)}
DEFAULT_TEST_DEPS = ("pytest>=8", "hypothesis>=6.100", "build>=1.2")
PAGE = "docs/compatibility.md"


def _load_compatibility(repo: Path):
    """The tested ranges, read from the sources (this script runs outside the package's environments)."""
    path = repo / "shared/agentcore_cmk/compatibility.py"
    spec = importlib.util.spec_from_file_location("agentcore_cmk_compatibility", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)


def newest_on_index(tools_python: Path, scanner: str) -> str | None:
    listed = _run(tools_python, "-m", "pip", "index", "versions", scanner)
    match = re.search(r"^Available versions: ([^,\s]+)", listed.stdout, re.M)
    return match.group(1) if match else None


@dataclass
class Cell:
    scanner: str
    version: str
    role: str


@dataclass
class Outcome:
    cell: Cell
    passed: bool
    counts: str
    build_seconds: float
    test_seconds: float
    resolved: str
    detail: str = ""
    failed_tests: tuple = ()


class Matrix:
    def __init__(self, repo: Path, uv: Path, python: str, test_deps: tuple, probe: bool):
        self.repo, self.uv, self.python, self.test_deps, self.probe = repo, uv, python, test_deps, probe
        self.root = repo / ".venvs/compat"
        self.wheel: Path | None = None

    def build_wheel(self) -> Path:
        dist = self.root / "dist"
        shutil.rmtree(dist, ignore_errors=True)
        built = _run(self.uv, "build", "--quiet", "--wheel", "--out-dir", dist, self.repo)
        if built.returncode != 0:
            sys.exit(f"building the wheel failed:\n{built.stderr}")
        (self.wheel,) = dist.glob("agentcore_cmk_checks-*.whl")
        return self.wheel

    def _environment(self, cell: Cell) -> tuple[Path, str]:
        """A venv for the cell; returns it and an error text ('' when it was built)."""
        env = self.root / f"{cell.scanner}-{cell.version}"
        if not (env / "bin/python").exists():
            created = _run(self.uv, "venv", "--quiet", "--python", self.python, env)
            if created.returncode != 0:
                return env, created.stderr
        # --probe tries a version below the declared floor: the wheel without its extra, the scanner pinned.
        package = str(self.wheel) if self.probe else f"{self.wheel}[{cell.scanner}]"
        installed = _run(self.uv, "pip", "install", "--quiet", "--python", env / "bin/python",
                         "--reinstall-package", "agentcore-cmk-checks", package, f"{cell.scanner}=={cell.version}",
                         *SCANNER_DEPS[cell.scanner], *self.test_deps)
        return env, installed.stderr if installed.returncode != 0 else ""

    def run(self, cell: Cell) -> Outcome:
        started = time.monotonic()
        env, error = self._environment(cell)
        built = time.monotonic() - started
        if error:
            return Outcome(cell, False, "environment not built", built, 0.0, "", error.strip()[-2000:])
        resolved = _run(env / "bin/python", "-c",
                        "import importlib.metadata as m, platform; "
                        "print(f'Python {platform.python_version()}, botocore {m.version(\"botocore\")}')").stdout.strip()
        files, keyword = SELECTIONS[cell.scanner]
        constraints = env / "compat-constraints.txt"
        constraints.write_text(f"{cell.scanner}=={cell.version}\n", encoding="utf-8")
        report = env / "compat-junit.xml"
        report.unlink(missing_ok=True)
        # Its own temporary folder: pytest's shared one is pruned by any other pytest run on the machine.
        command = [env / "bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
                   f"--basetemp={env / 'pytest-tmp'}", *files]
        if keyword:
            command += ["-k", keyword]
        started = time.monotonic()
        tested = _run(*command, cwd=self.repo, env={
            **os.environ,
            "AGENTCORE_TEST_SCANNER": cell.scanner,
            "AGENTCORE_UV": str(self.uv),
            "UV_CONSTRAINT": str(constraints),  # pins the scanner in environments the tests build themselves
        })
        seconds = time.monotonic() - started
        counts, passed, failed_tests = _junit_counts(report)
        passed = passed and tested.returncode == 0
        detail = "" if passed else (tested.stdout[-3000:] + tested.stderr[-2000:]).strip()
        return Outcome(cell, passed, counts, built, seconds, resolved, detail, failed_tests)


def _junit_counts(report: Path) -> tuple[str, bool, tuple]:
    """('12 passed, 2 failed', whether all passed, the ids of the tests that failed or errored)."""
    if not report.is_file():
        return "no test report", False, ()
    suite = ElementTree.parse(report).getroot()
    suite = suite.find("testsuite") if suite.tag == "testsuites" else suite
    total, failures, errors, skipped = (int(suite.get(key, 0)) for key in ("tests", "failures", "errors", "skipped"))
    passed = total - failures - errors - skipped
    text = f"{passed} passed" + "".join(
        f", {count} {label}" for count, label in ((failures, "failed"), (errors, "errors"), (skipped, "skipped")) if count
    )
    failed = tuple(f"{case.get('classname')}::{case.get('name')}" for case in suite.iter("testcase")
                   if case.find("failure") is not None or case.find("error") is not None)
    return text, total > 0 and passed == total, failed


def render_page(outcomes: list[Outcome], tested: dict, notes: list[str]) -> str:
    lines = [
        "# Compatibility",
        "",
        "Written by `make compat` (`.ci/compat.py`); do not edit by hand. Each row is a fresh environment with one",
        "scanner version, this package's wheel installed with the scanner's extra, and the tests that matter for",
        "compatibility run in it:",
        "",
    ]
    for scanner, (files, keyword) in SELECTIONS.items():
        selected = ", ".join(f"`{f}`" for f in files) + (f" with `-k \"{keyword}\"`" if keyword else "")
        lines.append(f"- {scanner}: {selected}")
    lines += [
        "",
        "| scanner | version | role | result | tests | environment | build s | tests s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for o in outcomes:
        lines.append(f"| {o.cell.scanner} | {o.cell.version} | {o.cell.role} | {'PASS' if o.passed else 'FAIL'} | "
                     f"{o.counts} | {o.resolved} | {o.build_seconds:.0f} | {o.test_seconds:.0f} |")
    for o in outcomes:
        if o.failed_tests:
            lines += ["", f"Failed on {o.cell.scanner} {o.cell.version}:", ""]
            lines += [f"- `{test}`" for test in o.failed_tests]
    lines += ["", "Tested ranges (`shared/agentcore_cmk/compatibility.py`, the extras in `pyproject.toml`):", ""]
    lines += [f"- {scanner}: {oldest} to {newest}" for scanner, (oldest, newest) in tested.items()]
    lines += ["", f"Run on {platform.system()} {platform.machine()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}."]
    if notes:
        lines += [""] + [f"Note: {note}" for note in notes]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uv", type=Path, required=True)
    parser.add_argument("--python", default="python3", help="the interpreter every environment is built on")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to build and test (default: this one)")
    parser.add_argument("--test-deps", nargs="*", default=list(DEFAULT_TEST_DEPS))
    parser.add_argument("--only", action="append", default=[], metavar="SCANNER==VERSION",
                        help="run these cells only; the page is not written")
    parser.add_argument("--probe", action="store_true",
                        help="install the wheel without its extra, for --only cells below the declared floor (the "
                             "Prowler CLI tests still install the extra: to probe them, loosen it in a copy, --repo)")
    args = parser.parse_args()
    if args.probe and not args.only:
        parser.error("--probe is for single cells (--only)")
    repo, uv = args.repo.resolve(), args.uv.resolve()
    compatibility = _load_compatibility(repo)
    tested = compatibility.TESTED
    for scanner, middle in MIDDLE.items():
        if not compatibility.in_tested_range(scanner, middle):
            parser.error(f"MIDDLE[{scanner!r}] = {middle} lies outside the tested range {tested[scanner]}")
    notes: list[str] = []
    if args.only:
        cells = []
        for spec in args.only:
            scanner, _, version = spec.partition("==")
            if scanner not in SELECTIONS or not version:
                parser.error(f"--only {spec}: expected SCANNER==VERSION with SCANNER one of {', '.join(SELECTIONS)}")
            cells.append(Cell(scanner, version, "single cell"))
    else:
        cells = []
        for scanner, (oldest, newest) in tested.items():
            newest_here = newest_on_index(uv.with_name("python"), scanner)
            if newest_here is None:
                notes.append(f"the package index did not answer for {scanner}; tested the recorded newest {newest}")
                newest_here = newest
            elif newest_here != newest:
                notes.append(f"the newest {scanner} on the index is {newest_here}, the recorded newest {newest}: "
                             "update TESTED in shared/agentcore_cmk/compatibility.py if it passes")
            cells += [Cell(scanner, oldest, "oldest"), Cell(scanner, MIDDLE[scanner], "middle"),
                      Cell(scanner, newest_here, "newest")]

    matrix = Matrix(repo, uv, args.python, tuple(args.test_deps), args.probe)
    matrix.build_wheel()
    outcomes = []
    for cell in cells:
        print(f"== {cell.scanner} {cell.version} ({cell.role})", flush=True)
        outcome = matrix.run(cell)
        print(f"   {'PASS' if outcome.passed else 'FAIL'}: {outcome.counts}; {outcome.resolved}; "
              f"build {outcome.build_seconds:.0f} s, tests {outcome.test_seconds:.0f} s", flush=True)
        if outcome.detail:
            print(outcome.detail, flush=True)
        outcomes.append(outcome)

    if not args.only:
        (repo / PAGE).write_text(render_page(outcomes, tested, notes), encoding="utf-8")
        print(f"wrote {PAGE}")
    for note in notes:
        print(f"note: {note}")
    failed = [f"{o.cell.scanner} {o.cell.version}" for o in outcomes if not o.passed]
    if failed:
        print(f"make compat: FAILED on {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
