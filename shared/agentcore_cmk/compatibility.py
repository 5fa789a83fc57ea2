"""The scanner versions this package is tested with, for ``agentcore-cmk-checks doctor``.

``make compat`` runs the scanner-side tests on the oldest and newest version of each range (and one between)
and writes docs/compatibility.md; a test keeps that page and pyproject.toml's extras equal to ``TESTED``.
Plain Python: no import of the scanners, no ``packaging``.
"""

from __future__ import annotations

import re

# scanner -> (oldest tested version, newest tested version), both inclusive. The floors were bisected:
# Checkov 3.2.438 and older give wrong CloudFormation verdicts (GetAtt, parameters, Fn::If, JSON, CDK output);
# Prowler 5.37.0 and older do not run a plug-in check of a service Prowler does not ship (its module lookup
# raises on the missing built-in package: no finding, exit 0); 5.37.1 is the first that does.
TESTED = {
    "checkov": ("3.2.439", "3.3.30"),
    "prowler": ("5.37.1", "5.46.0"),
}

_RELEASE = re.compile(r"\d+(?:\.\d+)*")


def parse_version(text: str) -> tuple[int, ...]:
    """'3.2.533' -> (3, 2, 533). Only plain releases: anything else (3.3.0rc1, 3.3.0.dev2, 3.3.0+local) is a
    version nobody tested, so it raises ValueError rather than being rounded to a release."""
    stripped = text.strip()
    if not _RELEASE.fullmatch(stripped):
        raise ValueError(f"not a plain release version: {text!r}")
    release = [int(part) for part in stripped.split(".")]
    while len(release) > 1 and release[-1] == 0:  # 3.3 == 3.3.0
        release.pop()
    return tuple(release)


def in_tested_range(scanner: str, version: str) -> bool:
    """Whether ``version`` of ``scanner`` lies between the oldest and newest tested versions (inclusive).
    A version that is not a plain release is outside: no such build was tested."""
    if scanner not in TESTED:
        raise ValueError(f"unknown scanner {scanner!r}; known: {', '.join(sorted(TESTED))}")
    try:
        parsed = parse_version(version)
    except ValueError:
        return False
    oldest, newest = (parse_version(bound) for bound in TESTED[scanner])
    return oldest <= parsed <= newest
