"""Issue 20, item 3: every Checkov output renders the guideline as a working link and keeps the remediation text.

One real Checkov run over examples/checkov writes cli, github_failed_only, junitxml, SARIF and JSON at once.
"""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlsplit

import pytest

from agentcore_cmk import FINDINGS, finding_by_id
from agentcore_cmk.checkov_output import REMEDIATION_PREFIX
from agentcore_cmk.cli import plugin_folder
from checkov_runs import CHECKOV, EXAMPLES, IAC_CHECK_IDS, PLUGIN_CHECK_IDS

FORMATS = ("cli", "github_failed_only", "junitxml", "sarif", "json")
MARKDOWN_LINK = re.compile(r"\[Link\]\(([^)]*)\)")


def _is_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme == "https" and bool(parts.netloc) and not re.search(r"\s", text)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("checkov-outputs")
    command = [str(CHECKOV), "--directory", ".", "--skip-download", "--external-checks-dir",
               str(plugin_folder("checkov")), "--check", ",".join(sorted(PLUGIN_CHECK_IDS)),
               "--output-file-path", str(out)]
    for output in FORMATS:
        command += ["--output", output]
    process = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=EXAMPLES)
    assert process.returncode == 1, process.stderr[-3000:]  # the examples fail some resources
    files = {"cli": "results_cli.txt", "github_failed_only": "results_github_failed_only.md",
             "junitxml": "results_junitxml.xml", "sarif": "results_sarif.sarif", "json": "results_json.json"}
    return {output: (out / name).read_text(encoding="utf-8") for output, name in files.items()}


def _results(outputs) -> list[dict]:
    reports = json.loads(outputs["json"])
    reports = reports if isinstance(reports, list) else [reports]
    return [result for report in reports for outcome in ("passed_checks", "failed_checks")
            for result in report["results"][outcome] if result["check_id"] in PLUGIN_CHECK_IDS]


def test_every_finding_links_a_documentation_url():
    for finding in FINDINGS:
        assert _is_url(finding.guideline_url), finding.id
        assert finding.guideline_url in finding.references


def test_the_run_has_failed_and_passed_results_of_every_finding(outputs):
    seen = {(r["check_id"], r["check_result"]["result"]) for r in _results(outputs)}
    assert seen == {(check_id, result) for check_id in IAC_CHECK_IDS for result in ("PASSED", "FAILED")}


def test_github_failed_only_links_the_docs_and_no_link_is_prose(outputs):
    table = outputs["github_failed_only"]
    rows = [line for line in table.splitlines() if line.startswith("| bedrockagentcore_")]
    failed = [r for r in _results(outputs) if r["check_result"]["result"] == "FAILED"]
    assert len(rows) == len(failed)
    for row in rows:
        check_id = row.split("|")[1].strip()
        (link,) = MARKDOWN_LINK.findall(row)
        assert link == finding_by_id(check_id).guideline_url
    assert all(_is_url(link) for link in MARKDOWN_LINK.findall(table))


def test_cli_shows_the_docs_url_and_the_remediation_text_of_a_failed_result(outputs):
    blocks = re.split(r"\n(?=Check: )", outputs["cli"])
    ours = [block for block in blocks if block.startswith("Check: bedrockagentcore_")]
    assert len(ours) == len(_results(outputs))
    for block in ours:
        finding = finding_by_id(block.split(":")[1].strip())
        guides = re.findall(r"\tGuide: (\S+)", block)
        assert guides == [finding.guideline_url], block
        remediation = f"{REMEDIATION_PREFIX}{finding.remediation}" in block
        assert remediation == ("\tFAILED for resource" in block), block


def test_junitxml_names_the_docs_url_for_every_failure(outputs):
    root = ElementTree.fromstring(outputs["junitxml"])
    failures = [(case, case.find("failure")) for case in root.iter("testcase") if case.find("failure") is not None]
    ours = [(case, failure) for case, failure in failures if "][bedrockagentcore_" in case.get("name")]
    assert ours
    for case, failure in ours:
        check_id = re.search(r"\]\[(bedrockagentcore_\w+)\]", case.get("name")).group(1)
        assert re.findall(r"Guideline: (.*)", failure.text) == [finding_by_id(check_id).guideline_url]


def test_sarif_rules_have_the_help_uri_and_results_the_remediation(outputs):
    (run,) = json.loads(outputs["sarif"])["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"] if rule["id"] in PLUGIN_CHECK_IDS}
    assert set(rules) == IAC_CHECK_IDS
    for check_id, rule in rules.items():
        assert rule["helpUri"] == finding_by_id(check_id).guideline_url
    ours = [result for result in run["results"] if result["ruleId"] in PLUGIN_CHECK_IDS]
    assert ours
    for result in ours:
        texts = [attachment["description"] for attachment in result["attachments"]]
        assert texts[1:] == [REMEDIATION_PREFIX + finding_by_id(result["ruleId"]).remediation]
