"""End to end: the wheel built from this checkout, installed with [prowler] into a fresh environment, and the
real ``prowler aws`` CLI scanning a moto server, once through the entry point, once through --checks-folder
alone and once through both at once (selecting the checks by the compliance framework, whose CSV it writes).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from agentcore_cmk import FINDING, FINDINGS, GATEWAY, compliance, finding_by_id
from prowler_helpers import REPO, ControlPlane, Identity, MockAccount
from aws_proxy import AwsProxy, first_answer  # noqa: E402  (examples/, put on the path by prowler_helpers)

SCANNED_REGIONS = ("us-east-1", "eu-west-1")
# (name, region, key kind, tags) -> the status the finding must have
SEEDS = (
    ("e2e_cmk", "us-east-1", "cmk", None, "PASS"),
    ("e2e_none", "us-east-1", "none", None, "FAIL"),
    ("e2e_aws_managed", "eu-west-1", "aws-managed", None, "FAIL"),
    ("e2e_disabled", "eu-west-1", "disabled", None, "PASS"),
    ("e2e_pending", "us-east-1", "pending-deletion", None, "PASS"),
    ("e2e_foreign", "eu-west-1", "other-account", None, "PASS"),
    ("e2e_sandbox", "us-east-1", "none", {"environment": "sandbox"}, "FAIL"),
)
UNSCANNED = ("e2e_unscanned", "us-west-2", "none")
MUTED_NAME = "e2e_sandbox"
#: The kinds moto lacks, answered by the proxy: each with a PASS in the first region and a FAIL in the second.
KEY_ARN_KINDS = ("policy engine", "evaluator", "dataset", "configuration bundle", "payment manager")


def _seed_control_plane(plane: ControlPlane) -> dict:
    """arn -> (check ID, status) of one PASS and one FAIL of every kind moto lacks."""
    by_resource = {finding.resource: finding.id for finding in FINDINGS}
    expected = {}
    for kind in KEY_ARN_KINDS:
        expected[plane.seed(kind, "e2e_pass", SCANNED_REGIONS[0], "cmk").arn] = (by_resource[kind], "PASS")
        expected[plane.seed(kind, "e2e_fail", SCANNED_REGIONS[1], "aws-managed").arn] = (by_resource[kind], "FAIL")
    store = by_resource["agent insight store"]
    expected[plane.seed_insight_store(SCANNED_REGIONS[0], "cmk").arn] = (store, "PASS")
    expected[plane.seed_insight_store(SCANNED_REGIONS[1], "none").arn] = (store, "FAIL")
    volumes = by_resource["capacity provider"]
    expected[plane.seed_capacity_provider("e2e_pass", SCANNED_REGIONS[0], volumes={"data": "cmk"}).arn] = (
        volumes, "PASS")
    expected[plane.seed_capacity_provider("e2e_fail", SCANNED_REGIONS[1], root="default").arn] = (volumes, "FAIL")
    return expected


def _run(*args, timeout=600, **kwargs):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kwargs)


def _uv() -> str:
    candidates = [os.environ.get("AGENTCORE_UV"), str(REPO / ".venvs/tools/bin/uv"), shutil.which("uv")]
    found = next((c for c in candidates if c and os.access(c, os.X_OK)), None)
    assert found, "uv is needed to build the fresh environment (make installs it into .venvs/tools)"
    return found


@dataclass
class FreshEnv:
    root: Path
    site: Path

    def bin(self, name: str) -> Path:
        return self.root / "bin" / name

    @property
    def entry_points_file(self) -> Path:
        (dist_info,) = self.site.glob("agentcore_cmk_checks-*.dist-info")
        return dist_info / "entry_points.txt"

    def plugin_check_groups(self) -> list:
        listed = _run(self.bin("python"), "-c",
                      "import importlib.metadata as m, json; "
                      "print(json.dumps([e.name for e in m.entry_points(group='prowler.checks.aws')]))")
        assert listed.returncode == 0, listed.stderr
        return json.loads(listed.stdout)


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory) -> FreshEnv:
    uv = _uv()
    work = tmp_path_factory.mktemp("e2e")
    built = _run(uv, "build", "--quiet", "--wheel", "--out-dir", work / "dist", REPO)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("agentcore_cmk_checks-*.whl")
    root = work / "env"
    created = _run(uv, "venv", "--quiet", "--python", sys.executable, root)
    assert created.returncode == 0, created.stderr
    installed = _run(uv, "pip", "install", "--quiet", "--python", root / "bin/python",
                     f"{wheel}[prowler]", "moto[server]>=5.2.5")
    assert installed.returncode == 0, installed.stderr
    site = Path(_run(root / "bin/python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
                .stdout.strip())
    # What pip does at install time (uv does not by default): bytecode caches next to our modules.
    compiled = _run(root / "bin/python", "-m", "compileall", "-q", site / "agentcore_cmk_prowler")
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return FreshEnv(root, site)


@pytest.fixture(scope="module")
def account():
    with MockAccount() as mock:
        expected = {}
        for name, region, kind, tags, status in SEEDS:
            expected[mock.seed_memory(name, region, kind, tags).arn] = (name, kind, status)
        unscanned = mock.seed_memory(*UNSCANNED)
        yield mock, expected, unscanned


@pytest.fixture(scope="module")
def control_plane(account):
    """The proxy in front of moto answers the kinds moto lacks; yields (proxy, arn -> (check ID, status))."""
    mock, expected, _ = account
    plane = ControlPlane(mock)
    kinds = _seed_control_plane(plane)
    # A harness's memory that ListMemories does not list is still judged as a memory: from GetHarness.
    harness = plane.seed_harness("e2e_harness", SCANNED_REGIONS[0], memory="managed", key="none", listed=False)
    expected[harness.tags["memory"]] = ("e2e_harness_memory", "none", "FAIL")
    with AwsProxy(mock.endpoint_url, [], answer=first_answer(Identity(oauth2={SCANNED_REGIONS[0]: ["github"]}).answer, plane.answer)) as proxy:
        yield proxy, kinds


@dataclass
class Run:
    process: subprocess.CompletedProcess
    findings: list
    compliance_csv: Path = None
    #: Every finding of the run, the gateway's and token vault's too.
    all_findings: list = None

    def by_arn(self) -> dict:
        return {finding["resources"][0]["uid"]: finding for finding in self.findings}


@dataclass
class Runs:
    entry_point: Run
    checks_folder: Run
    both: Run
    plugin_folder: Path
    services_cache_before: list
    services_cache_after: list


def _documented_mutelist() -> str:
    text = (REPO / "docs/prowler.md").read_text(encoding="utf-8")
    match = re.search(r"```yaml\n(Mutelist:.*?)```", text, re.S)
    assert match, "docs/prowler.md shows a mutelist example"
    return match.group(1)


@contextmanager
def _entry_point_hidden(env: FreshEnv):
    hidden = env.entry_points_file.with_suffix(".hidden")
    env.entry_points_file.rename(hidden)
    try:
        yield
    finally:
        hidden.rename(hidden.with_suffix(".txt"))


def _listing(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.fixture(scope="module")
def runs(fresh_env, account, control_plane, tmp_path_factory) -> Runs:
    mock, _, _ = account
    proxy, _ = control_plane
    out = tmp_path_factory.mktemp("prowler-output")
    mutelist = out / "mutelist.yaml"
    mutelist.write_text(_documented_mutelist(), encoding="utf-8")
    printed = _run(fresh_env.bin("agentcore-cmk-checks"), "path", "prowler")
    assert printed.returncode == 0, printed.stderr
    plugin_folder = Path(printed.stdout.strip())

    def prowler(name: str, *args) -> Run:
        process = _run(fresh_env.bin("prowler"), "aws", *args, "--region", *SCANNED_REGIONS,
                       "--output-formats", "json-ocsf", "--output-directory", out, "--output-filename", name,
                       "--no-banner", "--ignore-exit-code-3", cwd=out,
                       env={**mock.env(region=SCANNED_REGIONS[0]), "AWS_ENDPOINT_URL": proxy.url})
        report = out / f"{name}.ocsf.json"
        assert process.returncode == 0 and report.is_file(), process.stdout[-4000:] + process.stderr[-4000:]
        # The memory check's findings (the token vault's share --severity high; other tests cover it).
        every = json.loads(report.read_text(encoding="utf-8"))
        return Run(process, [f for f in every if f["metadata"]["event_code"] == FINDING.id], all_findings=every)

    entry_point = prowler("entry-point", "--service", "bedrockagentcore", "--severity", "high",
                          "--mutelist-file", mutelist)
    services_cache = fresh_env.site / "prowler/providers/aws/services/__pycache__"
    services_cache_before = _listing(services_cache)
    with _entry_point_hidden(fresh_env):
        assert fresh_env.plugin_check_groups() == []
        checks_folder = prowler("checks-folder", "--checks-folder", plugin_folder, "--check", FINDING.id)
    assert sorted(fresh_env.plugin_check_groups()) == sorted(finding.id for finding in FINDINGS)
    # Prowler takes --compliance only instead of --check or --service: this run selects the framework's checks.
    both = prowler("both", "--checks-folder", plugin_folder, "--compliance", compliance.FRAMEWORK_NAME)
    both.compliance_csv = out / "compliance" / f"both_{compliance.FRAMEWORK_NAME}.csv"
    return Runs(entry_point, checks_folder, both, plugin_folder, services_cache_before, _listing(services_cache))


def _assert_findings(run: Run, account, muted: set = frozenset()):
    _, expected, unscanned = account
    found = run.by_arn()
    assert len(found) == len(run.findings), "one finding per memory"
    assert set(found) == set(expected)
    assert unscanned.arn not in found
    for arn, (name, kind, status) in expected.items():
        finding = found[arn]
        assert finding["metadata"]["event_code"] == FINDING.id
        assert finding["status_code"] == status, (name, kind, finding["status_detail"])
        assert finding["severity"] == FINDING.severity.capitalize()
        assert finding["remediation"]["desc"] == FINDING.remediation
        assert finding["finding_info"]["title"] == FINDING.title
        assert finding["resources"][0]["region"] == arn.split(":")[3]
        assert finding["status"] == ("Suppressed" if name in muted else "New"), name
        if kind != "none":
            assert finding["resources"][0]["data"]["metadata"]["encryption_key_arn"] in finding["status_detail"]
    details = {expected[arn][1]: finding["status_detail"] for arn, finding in found.items()}
    assert "Disabled" in details["disabled"] and "PendingDeletion" in details["pending-deletion"]
    assert "a key of account" in details["other-account"]
    assert "AWS managed key" in details["aws-managed"]


def test_entry_point_run_with_service_and_severity_filters(runs, account):
    _assert_findings(runs.entry_point, account, muted={MUTED_NAME})
    high = [finding for finding in FINDINGS if finding.severity == "high"]
    assert f"Executing {len(high)} checks" in runs.entry_point.process.stdout


def test_tags_reach_the_output_and_the_documented_mutelist_mutes_by_tag(runs, account):
    _, expected, _ = account
    for arn, finding in runs.entry_point.by_arn().items():
        labels = finding["resources"][0]["labels"]
        assert labels == (["environment:sandbox"] if expected[arn][0] == MUTED_NAME else [])


def test_checks_folder_alone_without_the_entry_point(runs, account):
    _assert_findings(runs.checks_folder, account)


def test_both_mechanisms_at_once_give_one_finding_per_memory(runs, account):
    _assert_findings(runs.both, account)


def test_checks_folder_leaves_prowlers_tree_as_it_was(runs, fresh_env):
    assert runs.services_cache_after == runs.services_cache_before
    assert not (fresh_env.site / "prowler/providers/aws/services/bedrockagentcore").exists()


def test_the_prowler_folder_holds_only_check_folders_after_bytecode_was_written(runs, fresh_env):
    assert runs.plugin_folder == fresh_env.site / "agentcore_cmk_prowler/services/bedrockagentcore"
    assert any((fresh_env.site / "agentcore_cmk_prowler/services").glob("__pycache__/*.pyc"))
    assert _listing(runs.plugin_folder) == sorted(finding.id for finding in FINDINGS)


def test_the_compliance_csv_has_one_row_per_finding_under_its_findings_requirement(runs, account):
    _, expected, _ = account
    with runs.both.compliance_csv.open(encoding="utf-8", newline="") as report:
        rows = list(csv.DictReader(report, delimiter=";"))
    found = {finding["resources"][0]["uid"]: finding for finding in runs.both.all_findings}
    assert len(rows) == len(runs.both.all_findings) == len(found)
    rows = {row["RESOURCEID"]: row for row in rows}
    assert set(rows) == set(found) and set(expected) <= set(rows)  # every memory; gateways and vaults as installed
    for arn, finding in found.items():
        row, requirement = rows[arn], compliance.requirement_for(finding_by_id(finding["metadata"]["event_code"]))
        assert (row["CHECKID"], row["STATUS"], row["REGION"]) == (
            requirement.finding.id, finding["status_code"], finding["resources"][0]["region"])
        assert (row["FRAMEWORK"], row["REQUIREMENTS_ID"]) == (compliance.FRAMEWORK, requirement.id)
        assert row["REQUIREMENTS_ATTRIBUTES_SUBGROUP"] == " | ".join(c.label() for c in requirement.controls)
        assert row["MUTED"] == "False"
        assert finding["unmapped"]["compliance"][f"{compliance.FRAMEWORK}-{compliance.VERSION}"] == [requirement.id]


def test_every_kind_moto_lacks_passes_and_fails_through_the_cli(runs, control_plane):
    _, expected = control_plane
    found = {f["resources"][0]["uid"]: f for f in runs.both.all_findings if f["resources"][0]["uid"] in expected}
    assert set(found) == set(expected)
    for arn, (check_id, status) in expected.items():
        finding, defined = found[arn], finding_by_id(check_id)
        assert (finding["metadata"]["event_code"], finding["status_code"]) == (check_id, status), finding["status_detail"]
        assert finding["finding_info"]["title"] == defined.title
        assert finding["severity"] == defined.severity.capitalize()
        assert finding["remediation"]["desc"] == defined.remediation
    reported = {f["metadata"]["event_code"] for f in runs.both.all_findings}
    # the framework selects every check; this account has every kind but gateways (test_cli_faults seeds them)
    assert reported == {finding.id for finding in FINDINGS} - {GATEWAY.id}
