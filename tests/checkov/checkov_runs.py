"""Real Checkov runs with the installed plug-in: the ``checkov`` command next to this interpreter, offline."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from agentcore_cmk.finding import FINDINGS
from agentcore_cmk.resources import IAC_RESOURCES
from agentcore_cmk.cli import plugin_folder

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
MALFORMED = HERE / "malformed"
EXAMPLES = HERE.parents[1] / "examples" / "checkov"
CHECKOV = Path(sys.executable).with_name("checkov")
OUTCOMES = {"passed_checks": "PASSED", "failed_checks": "FAILED", "skipped_checks": "SKIPPED"}
PLUGIN_CHECK_IDS = frozenset(finding.id for finding in FINDINGS)
#: The findings infrastructure code can declare (payment managers and the agent insight store are live only).
IAC_CHECK_IDS = frozenset(row.finding.id for row in IAC_RESOURCES)


@dataclass
class CheckovRun:
    returncode: int
    reports: list[dict]
    stderr: str

    def results(self) -> list[dict]:
        """This plug-in's results (every finding's), each with its report's ``check_type``."""
        found = []
        for report in self.reports:
            for outcome in OUTCOMES:
                for result in report.get("results", {}).get(outcome, []):
                    if result["check_id"] in PLUGIN_CHECK_IDS:
                        found.append({**result, "check_type": report["check_type"]})
        return found

    def by_resource(self) -> dict[tuple[str, str], dict]:
        """(file path, resource) -> result; fails when a resource got more than one result."""
        results = self.results()
        counts = Counter((r["file_path"], r["resource"]) for r in results)
        duplicated = sorted(key for key, count in counts.items() if count > 1)
        assert not duplicated, f"resources with more than one result: {duplicated}"
        return {(r["file_path"], r["resource"]): r for r in results}

    def parsing_errors(self) -> set[str]:
        return {path for report in self.reports for path in report.get("results", {}).get("parsing_errors", [])}


def memory(name: str) -> str:
    return f"aws_bedrockagentcore_memory.{name}"


def harness(name: str) -> str:
    return f"aws_bedrockagentcore_harness.{name}"


def capacity_provider(name: str) -> str:
    return f"aws_bedrockagentcore_capacity_provider.{name}"


def vault(name: str) -> str:
    return f"aws_bedrockagentcore_token_vault_cmk.{name}"


def json_resource(name: str) -> str:
    """Checkov's CDK for Terraform runner names a .tf.json resource resource.<name>."""
    return f"resource.{name}"


def outcome(run: CheckovRun, resource: str) -> tuple[str, str]:
    """(result, first detail) of the one result ``run`` reports for ``resource``."""
    found = [result for result in run.results() if result["resource"] == resource]
    assert len(found) == 1, f"{resource}: {len(found)} results"
    return found[0]["check_result"]["result"], found[0]["details"][0]


def _json_documents(text: str) -> list[dict]:
    """Checkov prints one JSON document, or a list of them, per scanned root."""
    decoder, position, documents = json.JSONDecoder(), 0, []
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        document, position = decoder.raw_decode(text, position)
        documents += document if isinstance(document, list) else [document]
    return documents


def run_checkov(directory: Path, *args: str, plugin: bool = True) -> CheckovRun:
    """Checkov over ``directory``, from inside it; ``plugin=False`` leaves finding the plug-in to ``args`` or a config file."""
    command = [str(CHECKOV), "--directory", ".", "--output", "json", *args]
    if Path(directory) == FIXTURES:  # issue18/ and evidence/ have their own runs, with their own options
        command += ["--skip-path", "issue18", "--skip-path", "evidence"]
    if plugin:
        command += ["--skip-download", "--external-checks-dir", str(plugin_folder("checkov"))]
    process = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=directory)
    assert process.returncode in (0, 1), f"checkov exited with {process.returncode}:\n{process.stderr[-3000:]}"
    return CheckovRun(process.returncode, _json_documents(process.stdout), process.stderr)
