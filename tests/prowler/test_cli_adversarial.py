"""The real ``prowler`` CLI, once, over an account seeded with one of every adversarial value (keys that cannot
encrypt, keys the service cannot use, another partition, a region that is not one, built-in evaluators, payment
credentials only, a configuration bundle whose read is refused for its key, a volume under the account's default
EBS key, an error answer without a code): each resource gets its own verdict in the same run, nothing spreads.
moto serves memories, gateways and KMS; the project's proxy and fake answer what moto lacks.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from agentcore_cmk import CAPACITY_PROVIDER, CONFIGURATION_BUNDLE, EVALUATOR, FINDINGS, GATEWAY, MEMORY, \
    POLICY_ENGINE, TOKEN_VAULT
from prowler_helpers import ControlPlane, Identity, MockAccount
from aws_proxy import AwsProxy, Fault, first_answer  # noqa: E402  (examples/, put on the path by prowler_helpers)

REGIONS = ("us-east-1", "eu-west-1")
BIN = Path(sys.executable).parent

#: memory key kind -> (status, words the reason must hold)
MEMORY_KEYS = {
    "cmk": ("PASS", "is encrypted with the customer-managed key"),
    "none": ("FAIL", "has no encryptionKeyArn"),
    "aws-managed": ("FAIL", "AWS managed key"),
    "other-account": ("PASS", "a key of account 111122223333"),
    "hmac": ("FAIL", "a key of spec HMAC_256 for GENERATE_VERIFY_MAC"),
    "sign-verify": ("FAIL", "a key of spec RSA_2048 for SIGN_VERIFY"),
    "other-partition": ("FAIL", "a key of the partition aws-us-gov, not the resource's partition aws"),
    "bad-region": ("MANUAL", "whose region '-' is not an AWS region name"),
    "disabled": ("PASS", "which is Disabled: its data cannot be read"),
    "pending-deletion": ("PASS", "which is PendingDeletion (scheduled for deletion): its data cannot be read"),
    "pending-import": ("PASS", "which is PendingImport (waiting for its key material to be imported): its data"),
    "unavailable": ("PASS", "which is Unavailable (in a custom key store that is disconnected): its data"),
    "pending-replica-deletion": ("PASS", "which is PendingReplicaDeletion (a replica key scheduled for deletion)"),
}


@pytest.fixture(scope="module")
def seeded():
    with MockAccount() as mock:
        expected = {}  # arn -> (check id, status, words, name)
        for key, (status, words) in MEMORY_KEYS.items():
            name = f"adv_{key.replace('-', '_')}"
            memory = mock.seed_memory(name, "us-east-1", key)
            expected[memory.arn] = (MEMORY.id, status, words, name)
        internal = mock.seed_memory("adv_internal_error", "eu-west-1", "cmk")
        expected[internal.arn] = (MEMORY.id, "MANUAL", "could not be read (an internal error of the service: HTTP "
                                  "status 500 Internal Server Error, without an error code)", internal.id)  # unread: no name
        gateway = mock.seed_gateway("adv-gw-managed", "eu-west-1", "aws-managed")
        expected[gateway.arn] = (GATEWAY.id, "FAIL", "AWS managed key", "adv-gw-managed")
        plane = ControlPlane(mock)
        engine = plane.seed("policy engine", "adv_engine", "us-east-1", "cmk")
        expected[engine.arn] = (POLICY_ENGINE.id, "PASS", "customer-managed key", "adv_engine")
        evaluator = plane.seed("evaluator", "adv_evaluator", "us-east-1", "none")
        expected[evaluator.arn] = (EVALUATOR.id, "FAIL", "has no kmsKeyArn", "adv_evaluator")
        for region in REGIONS:
            plane.seed_builtin_evaluator(region)
        bundle = plane.seed("configuration bundle", "adv_bundle", "us-east-1", "cmk")
        expected[bundle.arn] = (CONFIGURATION_BUNDLE.id, "PASS", "learnt from GetConfigurationBundle's refusal",
                                "adv_bundle")
        fleet = plane.seed_capacity_provider("adv_fleet", "us-east-1", root="default", volumes={"data": "cmk"})
        plane.ebs_default_keys["us-east-1"] = mock.make_key("ebs_default", "us-east-1", "cmk")
        expected[fleet.arn] = (CAPACITY_PROVIDER.id, "PASS", "EBS uses the account's default EBS key", "adv_fleet")
        vault_arn = f"arn:aws:bedrock-agentcore:eu-west-1:{mock.account_id}:token-vault/default"
        expected[vault_arn] = (TOKEN_VAULT.id, "FAIL", "ServiceManagedKey", "default")
        identity = Identity(payments={"eu-west-1": ["card"]})
        yield mock, expected, plane, identity, internal


@pytest.fixture(scope="module")
def run(seeded, tmp_path_factory):
    mock, _, plane, identity, internal = seeded
    out = tmp_path_factory.mktemp("adversarial")
    faults = [Fault("GetMemory", "", contains=internal.id, status=500)]
    with AwsProxy(mock.endpoint_url, faults, answer=first_answer(identity.answer, plane.answer)) as proxy:
        env = {**mock.env(region=REGIONS[0]), "AWS_ENDPOINT_URL": proxy.url}
        process = subprocess.run(
            [BIN / "prowler", "aws", "--check", *[finding.id for finding in FINDINGS], "--region", *REGIONS,
             "--output-formats", "json-ocsf", "csv", "--output-directory", out, "--output-filename", "adversarial",
             "--no-banner"],
            capture_output=True, text=True, timeout=900, env=env, cwd=out)
        seen = list(proxy.requests)
    report = out / "adversarial.ocsf.json"
    assert report.is_file(), process.stdout[-4000:] + process.stderr[-4000:]
    with (out / "adversarial.csv").open(encoding="utf-8", newline="") as rows:
        csv_rows = list(csv.DictReader(rows, delimiter=";"))
    return process, json.loads(report.read_text(encoding="utf-8")), csv_rows, seen


def test_every_adversarial_value_gets_its_own_verdict_in_one_run(run, seeded):
    process, findings, _, _ = run
    _, expected, _, _, _ = seeded
    found = {f["resources"][0]["uid"]: f for f in findings}
    assert len(found) == len(findings), "one finding per resource"
    assert set(found) == set(expected), sorted(set(found) ^ set(expected))
    for arn, (check_id, status, words, _) in expected.items():
        finding = found[arn]
        assert (finding["metadata"]["event_code"], finding["status_code"]) == (check_id, status), (
            arn, finding["status_detail"])
        assert words in finding["status_detail"], (arn, finding["status_detail"])
    assert process.returncode == 3, "the real FAILs reach the exit code"


def test_nothing_spreads_and_every_reason_is_in_words(run):
    _, findings, _, _ = run
    details = [f["status_detail"] for f in findings]
    assert not [d for d in details if "stopped early" in d]
    assert not [d for d in details if "(500)" in d or " object at 0x" in d or "Error(" in d]


def test_the_output_names_each_resource_by_its_name(run, seeded):
    _, findings, csv_rows, _ = run
    _, expected, _, _, _ = seeded
    for finding in findings:
        assert finding["resources"][0]["name"] == expected[finding["resources"][0]["uid"]][3]
    by_uid = {row["RESOURCE_UID"]: row["RESOURCE_NAME"] for row in csv_rows}
    assert {uid: by_uid[uid] for uid in expected} == {uid: row[3] for uid, row in expected.items()}


def test_the_scan_reads_only_what_decrypts_nothing_and_the_default_ebs_key(run):
    _, _, _, seen = run
    operations = {request.operation for request in seen}
    assert {"ListPolicyEngineSummaries", "ListPaymentCredentialProviders", "GetEbsDefaultKmsKeyId"} <= operations
    assert not {"ListPolicyEngines", "GetPolicyEngine", "Decrypt"} & operations
    assert not [r for r in seen if r.operation == "GetEvaluator" and "Builtin" in r.path]
