"""``agentcore-cmk-checks doctor``: is the plug-in active in each scanner installed in this environment?

The scanner-specific probes live in the adapters (they import the scanner); this module only finds them,
runs them and prints their lines.
"""

from __future__ import annotations

import importlib
import io
import importlib.metadata
import importlib.util
from typing import Callable, Optional, TextIO

from .compatibility import TESTED, in_tested_range

#: scanner -> the adapter module whose ``probe()`` answers for it.
PROBES = {
    "checkov": "agentcore_cmk_checkov.diagnostics.checkov_registries",
    "prowler": "agentcore_cmk_prowler.doctor",
}

Line = tuple[bool, str]


def installed_version(scanner: str) -> Optional[str]:
    if importlib.util.find_spec(scanner) is None:
        return None
    try:
        return importlib.metadata.version(scanner)
    except importlib.metadata.PackageNotFoundError:
        return None


def diagnose(scanner: str, version: str, probe: Optional[Callable[..., list[Line]]] = None,
             options: Optional[dict] = None) -> list[Line]:
    """The lines about ``scanner``; ``options`` are passed to its probe (e.g. the folders Checkov is pointed at)."""
    oldest, newest = TESTED[scanner]
    if in_tested_range(scanner, version):
        lines = [(True, f"version {version} is within the tested range {oldest} to {newest}")]
    else:
        lines = [(False, f"version {version} is outside the tested range {oldest} to {newest}")]
    try:
        probe = probe or importlib.import_module(PROBES[scanner]).probe
        lines += probe(**(options or {}))
    except Exception as error:  # a broken installation is a diagnosis, not a crash
        lines.append((False, f"the plug-in could not be examined: {error.__class__.__name__}: {error}"))
    return lines


def run(scanners: list[str], required: bool, out: TextIO, quiet: bool = False,
        options: Optional[dict[str, dict]] = None) -> int:
    """Print the diagnosis of each scanner; 0 when every installed (or, if ``required``, named) one is healthy.

    ``quiet`` prints nothing when everything is healthy, and everything when something is not.
    """
    report = io.StringIO()
    status = _diagnose_all(scanners, required, report, options or {})
    if status or not quiet:
        out.write(report.getvalue())
    return status


def _diagnose_all(scanners: list[str], required: bool, out: TextIO, options: dict[str, dict]) -> int:
    healthy = True
    for scanner in scanners:
        version = installed_version(scanner)
        if version is None:
            if required:
                healthy = False
                print(f"{scanner}: FAIL, not installed in this environment: install agentcore-cmk-checks[{scanner}] "
                      f"into {scanner}'s own environment and run doctor there", file=out)
            else:
                print(f"{scanner}: not installed in this environment (skipped)", file=out)
            continue
        lines = diagnose(scanner, version, options=options.get(scanner))
        ok = all(line_ok for line_ok, _ in lines)
        healthy &= ok
        print(f"{scanner} {version}: {'plug-in active' if ok else 'FAIL, plug-in not fully active'}", file=out)
        for line_ok, text in lines:
            print(f"  {'ok  ' if line_ok else 'FAIL'} {text}", file=out)
    return 0 if healthy else 1
