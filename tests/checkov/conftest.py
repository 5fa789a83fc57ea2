import pytest

from checkov_runs import FIXTURES, CheckovRun, run_checkov


@pytest.fixture(scope="session")
def fixtures_run() -> CheckovRun:
    """Every fixture, with all of Checkov's frameworks enabled (its default); issue18/ has its own runs and options."""
    return run_checkov(FIXTURES)
