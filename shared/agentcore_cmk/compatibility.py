"""The scanner versions this package is tested with (``make compat``), for ``doctor`` and the declared ranges."""

from __future__ import annotations

import re

#: scanner -> (oldest tested, newest tested), inclusive.
TESTED = {
    "checkov": ("3.2.533", "3.3.30"),
    "prowler": ("5.37.1", "5.46.0"),
}


def version_tuple(version: str) -> tuple[int, ...]:
    """``"5.46.0"`` -> ``(5, 46, 0)``; a pre-release or local suffix is ignored."""
    match = re.match(r"\d+(?:\.\d+)*", version.strip())
    if not match:
        raise ValueError(f"not a version: {version!r}")
    return tuple(int(part) for part in match.group(0).split("."))


def in_tested_range(scanner: str, version: str) -> bool:
    oldest, newest = (version_tuple(bound) for bound in TESTED[scanner])
    return oldest <= version_tuple(version) <= newest
