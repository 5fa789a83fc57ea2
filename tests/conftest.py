"""Each scanner's tests run in that scanner's own environment (``AGENTCORE_TEST_SCANNER``, set by the Makefile).

The shared and packaging tests run in both. ``parity/`` needs both scanners: it runs in the Prowler environment
and reaches Checkov's through ``AGENTCORE_CHECKOV_ENV``. A named scanner that cannot be imported is an error,
never a skip.
"""

import importlib.util
import os

import pytest

SCANNERS = ("checkov", "prowler")
SCANNER = os.environ.get("AGENTCORE_TEST_SCANNER")

if SCANNER is not None and SCANNER not in SCANNERS:
    raise pytest.UsageError(f"AGENTCORE_TEST_SCANNER must be one of {SCANNERS}, not {SCANNER!r}")


def _wanted(scanner: str) -> bool:
    if SCANNER is None:
        return importlib.util.find_spec(scanner) is not None
    return scanner == SCANNER


# Whole folders, so that their conftest.py (which imports the scanner) is not loaded either.
collect_ignore = [scanner for scanner in SCANNERS if not _wanted(scanner)]
if not (_wanted("prowler") and os.environ.get("AGENTCORE_CHECKOV_ENV")):
    collect_ignore.append("parity")


def pytest_sessionstart(session):
    if SCANNER is not None and importlib.util.find_spec(SCANNER) is None:
        raise pytest.UsageError(f"AGENTCORE_TEST_SCANNER={SCANNER} but {SCANNER} is not installed here")
