"""Checkov's own options select and gate the check: --framework, --check by severity, --hard-fail-on."""

import pytest

from checkov_expected import EXPECTED, framework
from checkov_expected_terraform import finding_of
from checkov_runs import FIXTURES, run_checkov


def test_check_high_over_some_frameworks_gives_one_result_per_memory():
    frameworks = ("terraform", "cloudformation")
    run = run_checkov(FIXTURES, "--framework", *frameworks, "--check", "HIGH")
    assert set(run.by_resource()) == {key for key in EXPECTED if framework(key[0]) in frameworks
                                      and finding_of(key[1]).severity == "high"}


@pytest.mark.parametrize(
    "folder, threshold, returncode",
    [("sam", "HIGH", 1), ("sam", "CRITICAL", 0), ("article", "HIGH", 0)],
)
def test_hard_fail_on_counts_it_as_high(folder, threshold, returncode):
    run = run_checkov(FIXTURES / folder, "--framework", "cloudformation", "--hard-fail-on", threshold)
    assert run.results(), "the check did not run"
    assert run.returncode == returncode
