"""The real ``prowler`` CLI, and Prowler App's scan engine, against moto server through a proxy that fails
chosen calls as AWS would: what could not be read is MANUAL or a logged error, never a PASS and never a lost
finding. One CLI start-up for every case; the engine then runs through the same proxy and must agree.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agentcore_cmk import DATASET, EVALUATOR, FINDINGS, GATEWAY, MEMORY, PAYMENT_MANAGER, POLICY_ENGINE, TOKEN_VAULT
from prowler_helpers import ControlPlane, MockAccount
from aws_proxy import Fault, AwsProxy  # noqa: E402  (examples/, put on the path by prowler_helpers)

REGIONS = ("us-east-1", "eu-west-1")
BIN = Path(sys.executable).parent
CHECKS = [finding.id for finding in FINDINGS]


@pytest.fixture(scope="module")
def seeded():
    with MockAccount() as mock:
        seeds = {
            "denied": mock.seed_memory("f_denied", "us-east-1", "cmk"),
            "key_denied": mock.seed_memory("f_key_denied", "us-east-1", "cmk"),
            "throttled": mock.seed_memory("f_throttled", "us-east-1", "cmk", tags={"team": "a"}),
            "none": mock.seed_memory("f_none", "us-east-1", "none"),
            "foreign": mock.seed_memory("f_foreign", "us-east-1", "other-account"),
            "hidden": mock.seed_memory("f_hidden", "eu-west-1", "none"),
            "gw_cmk": mock.seed_gateway("f-gw-cmk", "us-east-1", "cmk"),
            "gw_none": mock.seed_gateway("f-gw-none", "eu-west-1", "none"),
        }
        plane = ControlPlane(mock)  # the kinds moto lacks, answered by the proxy
        seeds.update(
            pe_cmk=plane.seed("policy engine", "f_pe", "us-east-1", "cmk"),
            dataset_denied=plane.seed("dataset", "f_ds_denied", "us-east-1", "cmk"),
            dataset_none=plane.seed("dataset", "f_ds_none", "us-east-1", "none"),
            ev_hidden=plane.seed("evaluator", "f_ev_hidden", "eu-west-1", "cmk"),
            pm_cmk=plane.seed("payment manager", "f_pm", "us-east-1", "cmk"),
            pm_unoffered=plane.seed("payment manager", "f_pm_unoffered", "eu-west-1", "none"),
            harness=plane.seed_harness("f_harness", "us-east-1", memory="managed", key="cmk", listed=False),
        )
        yield mock, seeds, plane


@pytest.fixture(scope="module")
def proxy(seeded):
    _, seeds, plane = seeded
    faults = [
        Fault("GetMemory", "AccessDeniedException", contains=seeds["denied"].id, status=403),
        Fault("DescribeKey", "AccessDeniedException", contains=seeds["key_denied"].key_arn.rsplit("/", 1)[-1]),
        Fault("ListMemories", "AccessDeniedException", region="eu-west-1", status=403),
        # two throttled answers, then the call goes through: Prowler's botocore retries up to 3 attempts
        Fault("ListTagsForResource", "ThrottlingException", contains=seeds["throttled"].id, times=2),
        Fault("GetDataset", "AccessDeniedException", contains=seeds["dataset_denied"].id, status=403),
        Fault("ListEvaluators", "AccessDeniedException", region="eu-west-1", status=403),
        # a region where the kind does not exist yet: no finding, one log line
        Fault("ListPaymentManagers", "UnknownOperationException", region="eu-west-1", status=404),
        Fault("ListPolicyEngineSummaries", "UnknownOperationException", region="eu-west-1", status=404),
    ]
    with AwsProxy(seeded[0].endpoint_url, faults, answer=plane.answer) as running:
        yield running


@pytest.fixture(scope="module")
def cli(seeded, proxy, tmp_path_factory):
    mock, _, _ = seeded
    out = tmp_path_factory.mktemp("faults")
    env = {**mock.env(region=REGIONS[0]), "AWS_ENDPOINT_URL": proxy.url}
    process = subprocess.run(
        [BIN / "prowler", "aws", "--check", *CHECKS, "--region", *REGIONS, "--output-formats", "json-ocsf",
         "--output-directory", out, "--output-filename", "faults", "--no-banner", "--ignore-exit-code-3",
         "--log-level", "ERROR"],
        capture_output=True, text=True, timeout=900, env=env, cwd=out)
    report = out / "faults.ocsf.json"
    assert process.returncode == 0 and report.is_file(), process.stdout[-4000:] + process.stderr[-4000:]
    seen = list(proxy.requests)
    return process, json.loads(report.read_text(encoding="utf-8")), seen


@pytest.fixture(scope="module")
def engine(seeded, proxy, cli):
    mock, _, _ = seeded
    proxy.reset()
    env = {**mock.env(region=REGIONS[0]), "AWS_ENDPOINT_URL": proxy.url}
    process = subprocess.run([sys.executable, Path(__file__).with_name("scan_engine.py"), *REGIONS,
                              "--check", *CHECKS], capture_output=True, text=True, timeout=900, env=env)
    assert process.returncode == 0, process.stderr[-4000:]
    return json.loads(process.stdout)


def _by_uid(findings, check_id):
    chosen = [f for f in findings if f["metadata"]["event_code"] == check_id]
    result = {f["resources"][0]["uid"]: f for f in chosen}
    assert len(result) == len(chosen), "one finding per resource"
    return result


def test_an_unreadable_memory_and_an_undescribable_own_key_are_manual(cli, seeded):
    _, findings, _ = cli
    _, seeds, _ = seeded
    memories = _by_uid(findings, MEMORY.id)
    denied, key_denied = memories[seeds["denied"].arn], memories[seeds["key_denied"].arn]
    assert denied["status_code"] == "MANUAL"
    assert "could not be read (AccessDeniedException)" in denied["status_detail"]
    assert key_denied["status_code"] == "MANUAL"
    assert "could not be described (AccessDeniedException)" in key_denied["status_detail"]
    assert seeds["key_denied"].key_arn in key_denied["status_detail"]


def test_another_accounts_key_passes_without_describing_it(cli, seeded):
    _, findings, _ = cli
    _, seeds, _ = seeded
    foreign = _by_uid(findings, MEMORY.id)[seeds["foreign"].arn]
    assert foreign["status_code"] == "PASS"
    assert "a key of account 111122223333" in foreign["status_detail"]


def test_throttling_is_retried_until_the_call_goes_through(cli, seeded):
    _, findings, seen = cli
    _, seeds, _ = seeded
    tags_calls = [s for s in seen if s.operation == "ListTagsForResource" and seeds["throttled"].id in s.path]
    assert [s.error for s in tags_calls] == ["ThrottlingException", "ThrottlingException", None]
    throttled = _by_uid(findings, MEMORY.id)[seeds["throttled"].arn]
    assert throttled["status_code"] == "PASS"
    assert throttled["resources"][0]["labels"] == ["team:a"]


def test_a_region_whose_listing_fails_is_logged_and_a_manual_finding_the_other_regions_reported(cli, seeded):
    process, findings, _ = cli
    mock, seeds, _ = seeded
    memories = _by_uid(findings, MEMORY.id)
    gap = memories[f"arn:aws:bedrock-agentcore:eu-west-1:{mock.account_id}:memory/*"]
    assert gap["status_code"] == "MANUAL"
    assert "The memories of eu-west-1 could not all be listed (AccessDeniedException)" in gap["status_detail"]
    assert seeds["hidden"].arn not in memories
    assert "eu-west-1" in process.stdout + process.stderr and "AccessDeniedException" in process.stdout + process.stderr
    # the region's gateways and the other region's memories are still reported
    gateways = _by_uid(findings, GATEWAY.id)
    assert gateways[seeds["gw_none"].arn]["status_code"] == "FAIL"
    assert memories[seeds["none"].arn]["status_code"] == "FAIL"


def test_exactly_one_finding_per_listed_memory_and_gateway(cli, seeded):
    _, findings, _ = cli
    _, seeds, _ = seeded
    listed_memories = {seeds[name].arn for name in ("denied", "key_denied", "throttled", "none", "foreign")}
    listed_memories.add(seeds["harness"].tags["memory"])  # the harness's managed memory, read through GetHarness
    memory_resources = {uid for uid in _by_uid(findings, MEMORY.id) if not uid.endswith("/*")}  # not the gap
    assert memory_resources == listed_memories
    gateways = _by_uid(findings, GATEWAY.id)
    assert set(gateways) == {seeds["gw_cmk"].arn, seeds["gw_none"].arn}
    assert gateways[seeds["gw_cmk"].arn]["status_code"] == "PASS"
    assert seeds["gw_cmk"].key_arn in gateways[seeds["gw_cmk"].arn]["status_detail"]


def test_every_get_memory_on_the_wire_asks_without_decryption(cli):
    _, _, seen = cli
    get_memory = [s for s in seen if s.operation == "GetMemory"]
    assert len(get_memory) == 5
    assert all(s.path.endswith("/details?view=without_decryption") for s in get_memory), get_memory


def test_moto_lacking_the_token_vault_gives_a_logged_error_and_manual_vaults_not_a_crash(cli):
    process, findings, seen = cli
    vaults = _by_uid(findings, TOKEN_VAULT.id)
    assert {f["resources"][0]["region"] for f in vaults.values()} == set(REGIONS)
    assert {f["status_code"] for f in vaults.values()} == {"MANUAL"}
    assert all("could not be read" in f["status_detail"] for f in vaults.values())
    assert any(s.operation == "GetTokenVault" for s in seen)
    assert "GetTokenVault" in process.stdout + process.stderr


def test_prowler_apps_scan_engine_gives_the_same_findings_as_the_cli(cli, engine):
    _, findings, _ = cli
    from_cli = sorted((f["metadata"]["event_code"], f["resources"][0]["uid"], f["status_code"], f["status_detail"])
                      for f in findings)
    from_engine = sorted((f["check"], f["uid"], f["status"], f["detail"]) for f in engine)
    assert from_engine == from_cli
    assert len(from_cli) >= 10


def test_the_kinds_moto_lacks_unreadable_refused_and_not_offered(cli, seeded):
    _, findings, seen = cli
    mock, seeds, _ = seeded
    datasets = _by_uid(findings, DATASET.id)
    assert datasets[seeds["dataset_denied"].arn]["status_code"] == "MANUAL"
    assert "could not be read (AccessDeniedException)" in datasets[seeds["dataset_denied"].arn]["status_detail"]
    assert datasets[seeds["dataset_none"].arn]["status_code"] == "FAIL"
    evaluators = _by_uid(findings, EVALUATOR.id)
    (gap,) = evaluators.values()
    assert gap["resources"][0]["uid"] == f"arn:aws:bedrock-agentcore:eu-west-1:{mock.account_id}:evaluator/*"
    assert gap["status_code"] == "MANUAL"
    # not offered in eu-west-1: the other region's resources only, no MANUAL, one log line per kind
    managers = _by_uid(findings, PAYMENT_MANAGER.id)
    assert {uid: f["status_code"] for uid, f in managers.items()} == {seeds["pm_cmk"].arn: "PASS"}
    assert {uid: f["status_code"] for uid, f in _by_uid(findings, POLICY_ENGINE.id).items()} == {
        seeds["pe_cmk"].arn: "PASS"}
    harness_memory = _by_uid(findings, MEMORY.id)[seeds["harness"].tags["memory"]]
    assert harness_memory["status_code"] == "PASS" and "managed by harness f_harness" in harness_memory["status_detail"]
    # the fewest reads: one Get per dataset, none for a policy engine or payment manager whose list gave the key
    assert len([s for s in seen if s.operation == "GetDataset"]) == 2
    assert not [s for s in seen if s.operation in ("GetPolicyEngineSummary", "GetPaymentManager")]
