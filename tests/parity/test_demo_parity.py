"""`make demo` end to end, and each finding the same in both tools' own report files (where both can see it)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agentcore_cmk import FINDING, FINDINGS
from agentcore_cmk.checkov_output import REMEDIATION_PREFIX
from agentcore_cmk.resources import IAC_RESOURCES

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo.py"
#: The findings infrastructure code can declare: both tools report them (payment managers and the insight store
#: are live only).
IN_BOTH = [finding for finding in FINDINGS if any(row.finding == finding for row in IAC_RESOURCES)]
CHECKOV_ENV = Path(os.environ["AGENTCORE_CHECKOV_ENV"]).resolve() if "AGENTCORE_CHECKOV_ENV" in os.environ else None


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    # What a previous `make demo` left: Prowler appends to an existing report, so the demo must start afresh.
    (reports / "prowler").mkdir()
    (reports / "prowler" / "prowler.ocsf.json").write_text("[]")
    run = subprocess.run(
        [sys.executable, DEMO, "--checkov-env", CHECKOV_ENV, "--prowler-env", Path(sys.executable).parent.parent,
         "--reports", reports],
        capture_output=True, text=True, timeout=900, cwd=REPO,
    )
    return run, reports


def _checkov_results(reports: Path, check_id: str = FINDING.id):
    data = json.loads((reports / "checkov" / "results_json.json").read_text())
    for report in data if isinstance(data, list) else [data]:
        for outcome in ("passed_checks", "failed_checks"):
            yield from (r for r in report["results"][outcome] if r["check_id"] == check_id)


def _prowler_findings(reports: Path, check_id: str = FINDING.id):
    return [f for f in json.loads((reports / "prowler" / "prowler.ocsf.json").read_text())
            if f["metadata"]["event_code"] == check_id]


def test_demo_runs_both_tools_and_says_they_agree(demo):
    run, reports = demo
    assert run.returncode == 0, run.stdout + run.stderr
    assert "[1/3]" in run.stdout and "[3/3] done" in run.stdout
    assert f"Both tools emitted the same {len(FINDINGS)} findings, each shown once" in run.stdout
    for finding in FINDINGS:
        assert run.stdout.count(f"  ID         : {finding.id}") == 1
    for report in ("checkov/results_json.json", "checkov/results_sarif.sarif", "prowler/prowler.ocsf.json",
                   "prowler/prowler.csv", "prowler/prowler.html"):
        assert (reports / report).is_file(), report
        assert str(reports) in run.stdout


def test_demo_account_has_both_verdicts_in_two_regions(demo):
    _, reports = demo
    findings = _prowler_findings(reports)
    assert {f["status_code"] for f in findings} >= {"PASS", "FAIL"}
    assert len({f["resources"][0]["region"] for f in findings}) == 2
    assert any("AWS managed key" in f["status_detail"] for f in findings)
    checkov = list(_checkov_results(reports))
    assert {r["check_result"]["result"] for r in checkov} == {"PASSED", "FAILED"}
    assert {Path(r["file_path"]).suffix for r in checkov} >= {".yaml", ".json", ".tf"}


@pytest.mark.parametrize("finding", FINDINGS, ids=lambda finding: finding.resource)
def test_the_mock_account_shows_each_finding_passing_and_failing(demo, finding):
    """Token vaults too: the demo's proxy answers AgentCore Identity, which moto lacks."""
    _, reports = demo
    assert {f["status_code"] for f in _prowler_findings(reports, finding.id)} == {"PASS", "FAIL"}


def test_a_memory_without_a_key_gets_the_same_finding_in_both_tools(demo):
    """Compared from the tools' own report files, not from what the demo printed."""
    _, reports = demo
    code = next(r for r in _checkov_results(reports)
                if r["check_result"]["result"] == "FAILED" and "is absent" in r["details"][0])
    live = next(f for f in _prowler_findings(reports)
                if f["status_code"] == "FAIL" and "no encryptionKeyArn" in f["status_detail"])
    assert code["check_id"] == live["metadata"]["event_code"] == FINDING.id
    assert code["check_name"] == live["finding_info"]["title"] == FINDING.title
    assert code["severity"].lower() == live["severity"].lower() == FINDING.severity
    assert code["details"][1].encode() == (REMEDIATION_PREFIX + live["remediation"]["desc"]).encode()
    assert live["remediation"]["desc"].encode() == FINDING.remediation.encode()
    assert code["guideline"] == FINDING.guideline_url and FINDING.guideline_url in live["unmapped"]["additional_urls"]


@pytest.mark.parametrize("finding", IN_BOTH, ids=lambda finding: finding.resource)
def test_the_code_shows_each_finding_checkov_can_see_passing_and_failing(demo, finding):
    _, reports = demo
    assert {r["check_result"]["result"] for r in _checkov_results(reports, finding.id)} == {"PASSED", "FAILED"}


@pytest.mark.parametrize("finding", FINDINGS, ids=lambda finding: finding.resource)
def test_each_finding_has_the_same_strings_in_both_tools_reports(demo, finding):
    """Every result of the finding in Checkov's JSON and Prowler's OCSF carries the finding's own strings."""
    _, reports = demo
    code, live = list(_checkov_results(reports, finding.id)), _prowler_findings(reports, finding.id)
    assert live and (bool(code) == (finding in IN_BOTH)), (
        f"{finding.id}: checkov {len(code)} results, prowler {len(live)} findings")
    for result in code:
        assert (result["check_id"], result["check_name"], result["severity"].lower()) == (
            finding.id, finding.title, finding.severity)
        assert result["guideline"] == finding.guideline_url
        failed = result["check_result"]["result"] == "FAILED"
        assert result["details"][1:] == ([REMEDIATION_PREFIX + finding.remediation] if failed else [])
    for found in live:
        assert (found["metadata"]["event_code"], found["finding_info"]["title"], found["severity"].lower()) == (
            finding.id, finding.title, finding.severity)
        assert found["remediation"]["desc"].encode() == finding.remediation.encode()
        assert finding.guideline_url in found["unmapped"]["additional_urls"]


def test_the_demo_says_so_loudly_when_the_tools_disagree(demo, capsys):
    _, reports = demo
    sys.path.insert(0, str(DEMO.parent))
    import demo as demo_module

    checkov = [r for finding in FINDINGS for r in _checkov_results(reports, finding.id)]
    prowler = [f for finding in FINDINGS for f in _prowler_findings(reports, finding.id)]
    assert demo_module.differences(checkov, prowler) == []
    prowler[0]["remediation"]["desc"] += " "
    assert demo_module.summarize(checkov, prowler, reports) == 1
    assert "DISAGREE" in capsys.readouterr().err


def test_a_failing_step_is_named_with_its_reason(tmp_path):
    missing_env = tmp_path / "no-such-env"
    run = subprocess.run(
        [sys.executable, DEMO, "--checkov-env", missing_env, "--prowler-env", Path(sys.executable).parent.parent,
         "--reports", tmp_path / "reports"],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert run.returncode == 1
    assert "[1/3] FAILED: Checkov with the plug-in" in run.stderr
    assert f"could not start {missing_env}/bin/agentcore-cmk-checks" in run.stderr
    assert "Traceback" not in run.stderr
