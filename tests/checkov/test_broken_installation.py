"""Issue 15.6: a plug-in that cannot import must fail CI and the pre-commit hook, not pass them silently.

The broken installation is made real by putting a folder first on Checkov's PYTHONPATH whose
``agentcore_cmk_checkov`` cannot be imported, as when Checkov runs from an environment without this package.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checkov_runs import CHECKOV, EXAMPLES
from test_checkov_docs import run_hook

COMMAND = Path(sys.executable).with_name("agentcore-cmk-checks")


@pytest.fixture
def broken_environment(tmp_path, monkeypatch):
    shadow = tmp_path / "shadow" / "agentcore_cmk_checkov"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'agentcore_cmk_checkov'\", name='agentcore_cmk_checkov')\n")
    monkeypatch.setenv("PYTHONPATH", str(shadow.parent))
    return dict(os.environ)


def test_checkov_alone_reports_nothing_and_exits_0(broken_environment):
    """The defect as users met it: no result, exit 0, even with --hard-fail-on HIGH."""
    from agentcore_cmk.cli import plugin_folder

    process = subprocess.run(
        [str(CHECKOV), "-d", str(EXAMPLES), "--skip-download", "--hard-fail-on", "HIGH", "--output", "json",
         "--external-checks-dir", str(plugin_folder("checkov")), "--check", "bedrockagentcore_memory_encrypted_with_customer_managed_key"],
        capture_output=True, text=True, timeout=600, env=broken_environment)
    assert process.returncode == 0
    assert "ModuleNotFoundError" in process.stderr
    assert '"check_id": "bedrockagentcore_memory_encrypted_with_customer_managed_key"' not in process.stdout


def test_doctor_fails_and_says_why(broken_environment):
    process = subprocess.run([str(COMMAND), "doctor", "checkov"], capture_output=True, text=True, timeout=300,
                             env=broken_environment)
    assert process.returncode == 1, process.stdout
    assert "FAIL, plug-in not fully active" in process.stdout
    assert "ModuleNotFoundError: No module named 'agentcore_cmk_checkov'" in process.stdout


def test_pre_commit_hook_fails(broken_environment):
    process = run_hook(EXAMPLES)
    assert process.returncode == 2, process.stdout + process.stderr
    assert "ModuleNotFoundError: No module named 'agentcore_cmk_checkov'" in process.stdout
