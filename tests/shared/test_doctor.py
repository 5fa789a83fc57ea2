"""``doctor`` in the environment the tests run in: every check of the installed scanner is active."""

import subprocess
import sys
from pathlib import Path

from agentcore_cmk import FINDINGS
from agentcore_cmk.compliance import FRAMEWORK_NAME
from agentcore_cmk.doctor import PROBES, diagnose, installed_version

COMMAND = Path(sys.executable).with_name("agentcore-cmk-checks")


def _doctor(*arguments):
    return subprocess.run([str(COMMAND), "doctor", *arguments], capture_output=True, text=True, timeout=300)


def test_doctor_passes_and_names_every_check_of_the_installed_scanner():
    printed = _doctor()
    assert printed.returncode == 0, printed.stdout + printed.stderr
    installed = [scanner for scanner in PROBES if installed_version(scanner)]
    assert installed, "the tests run in a scanner's environment"
    for scanner in installed:
        assert f"{scanner} {installed_version(scanner)}: plug-in active" in printed.stdout
    for finding in FINDINGS:
        assert finding.id in printed.stdout
    if "prowler" in installed:
        assert f"ok   {FRAMEWORK_NAME} loaded: {len(FINDINGS)} requirements" in printed.stdout
    assert "FAIL" not in printed.stdout


def test_doctor_quiet_prints_nothing_when_healthy():
    (scanner,) = [scanner for scanner in PROBES if installed_version(scanner)]
    printed = _doctor(scanner, "--quiet")
    assert (printed.returncode, printed.stdout) == (0, "")


def test_a_version_outside_the_tested_range_is_a_failure():
    lines = diagnose("prowler", "4.9.0", probe=lambda: [(True, "probed")])
    assert lines[0] == (False, "version 4.9.0 is outside the tested range " + " to ".join(_tested("prowler")))
    assert lines[1] == (True, "probed")


def test_a_probe_that_raises_is_a_failure_not_a_crash():
    def broken():
        raise ModuleNotFoundError("No module named 'agentcore_cmk_checkov'")

    lines = diagnose("checkov", _tested("checkov")[1], probe=broken)
    assert lines[-1] == (False, "the plug-in could not be examined: ModuleNotFoundError: "
                                "No module named 'agentcore_cmk_checkov'")


def _tested(scanner):
    from agentcore_cmk.compatibility import TESTED

    return TESTED[scanner]
