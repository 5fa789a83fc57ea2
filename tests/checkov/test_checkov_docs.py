"""The set-ups docs/checkov.md tells users about work as written: .checkov.yaml and the pre-commit hook."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from importlib.metadata import requires
from pathlib import Path

import yaml

from agentcore_cmk import FINDING, FINDINGS
from agentcore_cmk.cli import plugin_folder
from checkov_runs import EXAMPLES, FIXTURES, run_checkov

REPO = Path(__file__).resolve().parents[2]
DOCS = (REPO / "docs" / "checkov.md").read_text()
PLACEHOLDER = "<output of agentcore-cmk-checks path checkov>"


def documented_config() -> str:
    match = re.search(r"## `\.checkov\.yaml`.*?```yaml\n(?P<config>.*?)```", DOCS, re.S)
    assert match, "docs/checkov.md has no .checkov.yaml example"
    return match["config"]


def test_documented_checkov_yaml_loads_the_plug_in(tmp_path):
    config = documented_config()
    assert PLACEHOLDER in config and "external-checks-dir:" in config
    (tmp_path / ".checkov.yaml").write_text(config.replace(PLACEHOLDER, str(plugin_folder("checkov"))))
    shutil.copy(FIXTURES / "sam" / "template.yaml", tmp_path / "template.yaml")
    run = run_checkov(tmp_path, plugin=False)  # the plug-in folder comes from .checkov.yaml alone
    verdicts = {r["resource"]: r["check_result"]["result"] for r in run.results()}
    assert verdicts == {"AWS::BedrockAgentCore::Memory.SamEncryptedMemory": "PASSED",
                        "AWS::BedrockAgentCore::Memory.SamPlainMemory": "FAILED"}
    assert {r["check_id"] for report in run.reports for k in ("passed_checks", "failed_checks")
            for r in report["results"][k]} == {FINDING.id}  # the documented `check:` keeps only our findings
    assert yaml.safe_load(config)["check"] == [finding.id for finding in FINDINGS]


def hook() -> dict:
    (only,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    return only


def run_hook(folder: Path) -> subprocess.CompletedProcess:
    """The hook's entry as pre-commit runs it: from the repository root, with the hook environment on PATH."""
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(shlex.split(hook()["entry"]), cwd=folder, env=environment, capture_output=True,
                          text=True, timeout=600)


def _specifiers(requirement: str) -> set:
    """``"checkov<4,>=3.2.439; extra == 'checkov'"`` -> ``{"<4", ">=3.2.439"}``."""
    return set(requirement.split(";")[0].replace(" ", "").removeprefix("checkov").split(","))


def test_pre_commit_hook_is_documented_and_well_formed():
    definition = hook()
    assert f"id: {definition['id']}" in DOCS
    assert definition["language"] == "python" and definition["pass_filenames"] is False
    (hook_dependency,) = definition["additional_dependencies"]
    (extra,) = [r for r in requires("agentcore-cmk-checks") if r.startswith("checkov") and "checkov'" in r]
    assert _specifiers(hook_dependency) == _specifiers(extra)  # the hook installs the supported range
    for changed_file in ("main.tf", "prod.tfvars", "template.yaml", "stack.template.json", "tfplan.json"):
        assert re.search(definition["files"], changed_file), changed_file
    checks = re.search(r"--check (\S+)", definition["entry"]).group(1)
    assert checks.split(",") == [finding.id for finding in FINDINGS]
    assert definition["entry"].startswith("bash -c 'agentcore-cmk-checks doctor checkov --quiet || exit 2;")


def test_pre_commit_hook_fails_on_an_unencrypted_memory():
    process = run_hook(EXAMPLES)
    assert process.returncode == 1, process.stdout + process.stderr
    assert f"Check: {FINDING.id}" in process.stdout
    assert "aws_bedrockagentcore_memory.scratch" in process.stdout
    assert "aws_bedrockagentcore_memory.support" not in process.stdout  # --quiet: failures only


def test_pre_commit_hook_passes_when_every_memory_has_a_cmk():
    process = run_hook(FIXTURES / "article")
    assert process.returncode == 0, process.stdout + process.stderr
