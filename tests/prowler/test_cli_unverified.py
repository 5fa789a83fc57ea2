"""Issue 20 through the real ``prowler`` CLI against moto server, behind the proxy that fails chosen calls:

- a memory whose encryptionKeyArn is an IAM role of another account FAILS, with KMS down;
- the documented CI recipe (``agentcore_cmk_unverified_status: FAIL`` in ``--config-file``) makes what could not
  be verified FAIL in the exit code, ``--status FAIL``, json-asff and the compliance CSV: once with ListMemories
  denied in one region, once with the AgentCore endpoint down;
- the same outage without the switch exits 0, says there are no findings, and json-asff is empty: only MANUAL
  findings, as docs/prowler.md says.

Three CLI start-ups in all.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import agentcore_cmk_prowler
from agentcore_cmk import MEMORY, compliance
from prowler_helpers import REPO, MockAccount
import aws_proxy  # noqa: E402  (examples/, put on the path by prowler_helpers)
from aws_proxy import AwsProxy, Fault  # noqa: E402

REGIONS = ("us-east-1", "eu-west-1")
BIN = Path(sys.executable).parent
IAM_ROLE = "arn:aws:iam::111122223333:role/not-a-key"
#: Every AgentCore call the proxy knows (every one the service makes), each answered 503 as in an outage.
AGENTCORE_OPERATIONS = tuple(operation for _, _, operation in aws_proxy._ROUTES)
EXIT_FAILED = 3  # Prowler's exit code when a finding FAILS
#: The installed Prowler checks (some findings are judged in code only).
PROWLER_CHECKS = {path.name for path in (Path(agentcore_cmk_prowler.__file__).parent / "services/bedrockagentcore")
                  .iterdir() if path.is_dir() and path.name.startswith("bedrockagentcore_")}


def _documented_config() -> str:
    text = (REPO / "docs/prowler.md").read_text(encoding="utf-8")
    match = re.search(r"```yaml\n# prowler-ci.yaml\n(.*?)```", text, re.S)
    assert match, "docs/prowler.md shows the CI recipe's config file"
    return match.group(1)


def _outage():
    return [Fault(operation, "ServiceUnavailableException", status=503) for operation in AGENTCORE_OPERATIONS]


def _json_list(path: Path) -> list:
    """A report's findings; Prowler leaves json-asff empty (not even []) when it has nothing to send."""
    text = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
    return json.loads(text) if text else []


class Run:
    def __init__(self, process, out: Path, name: str):
        self.process = process
        self.output = process.stdout + process.stderr
        ocsf, asff = out / f"{name}.ocsf.json", out / f"{name}.asff.json"
        self.ocsf, self.asff = _json_list(ocsf), _json_list(asff)
        csv_file = out / "compliance" / f"{name}_{compliance.FRAMEWORK_NAME}.csv"
        self.compliance = (list(csv.DictReader(csv_file.open(encoding="utf-8", newline=""), delimiter=";"))
                           if csv_file.is_file() else [])

    def by_uid(self) -> dict:
        return {(f["metadata"]["event_code"], f["resources"][0]["uid"]): f for f in self.ocsf}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("unverified")
    config = out / "prowler-ci.yaml"
    config.write_text(_documented_config(), encoding="utf-8")
    with MockAccount() as mock:
        control = mock.client("bedrock-agentcore-control", REGIONS[0])
        iam_memory = control.create_memory(name="iam_role_key", eventExpiryDuration=30,
                                           encryptionKeyArn=IAM_ROLE)["memory"]
        seeds = {"iam": iam_memory["arn"], "cmk": mock.seed_memory("own_cmk", REGIONS[0], "cmk"),
                 "hidden": mock.seed_memory("hidden", REGIONS[1], "none")}

        def prowler(name: str, faults: list, *args) -> Run:
            with AwsProxy(mock.endpoint_url, faults) as proxy:
                env = {**mock.env(region=REGIONS[0]), "AWS_ENDPOINT_URL": proxy.url}
                process = subprocess.run(
                    [BIN / "prowler", "aws", *args, "--region", *REGIONS, "--output-directory", out,
                     "--output-filename", name, "--no-banner"],
                    capture_output=True, text=True, timeout=900, env=env, cwd=out)
            return Run(process, out, name)

        denied_region = prowler(
            "denied-region",
            [Fault("ListMemories", "AccessDeniedException", region=REGIONS[1], status=403),
             Fault("DescribeKey", "KMSInternalException", status=500)],
            "--config-file", config, "--compliance", compliance.FRAMEWORK_NAME, "--status", "FAIL",
            "--output-formats", "json-ocsf", "json-asff")
        gated_outage = prowler("gated-outage", _outage(), "--config-file", config, "--service", "bedrockagentcore",
                               "--output-formats", "json-ocsf", "json-asff")
        ungated_outage = prowler("ungated-outage", _outage(), "--service", "bedrockagentcore",
                                 "--output-formats", "json-ocsf", "json-asff")
        yield seeds, mock.account_id, denied_region, gated_outage, ungated_outage


def _gap(account_id: str, region: str, kind: str) -> str:
    return f"arn:aws:bedrock-agentcore:{region}:{account_id}:{kind}/*"


def test_an_iam_role_of_another_account_fails_with_kms_down(runs):
    seeds, _, denied_region, _, _ = runs
    finding = denied_region.by_uid()[(MEMORY.id, seeds["iam"])]
    assert finding["status_code"] == "FAIL"
    assert finding["status_detail"] == (f"Memory iam_role_key names {IAM_ROLE!r} as its encryptionKeyArn, which is "
                                        "not a KMS key ARN or alias: it is not a customer-managed key")


def test_with_the_switch_a_denied_region_and_an_undescribed_key_fail_in_every_gate(runs):
    seeds, account_id, run, _, _ = runs
    assert run.process.returncode == EXIT_FAILED, run.output[-4000:]
    found = run.by_uid()
    assert {f["status_code"] for f in run.ocsf} == {"FAIL"}, "--status FAIL keeps them"
    gap = found[(MEMORY.id, _gap(account_id, REGIONS[1], "memory"))]
    assert gap["status_detail"] == (f"The memories of {REGIONS[1]} could not all be listed (AccessDeniedException): "
                                    "the missing ones were not checked")
    undescribed = found[(MEMORY.id, seeds["cmk"].arn)]
    assert "could not be described (KMSInternalException)" in undescribed["status_detail"]
    assert seeds["hidden"].arn not in {uid for _, uid in found}
    # json-asff (what --security-hub sends) and the compliance CSV count the same findings as FAILED
    asff = {(f["GeneratorId"], f["Resources"][0]["Id"]): f for f in run.asff}
    for uid in (gap["resources"][0]["uid"], seeds["cmk"].arn, seeds["iam"]):
        assert asff[(f"prowler-{MEMORY.id}", uid)]["Compliance"]["Status"] == "FAILED"
    rows = {(row["CHECKID"], row["RESOURCEID"]): row["STATUS"] for row in run.compliance}
    assert rows[(MEMORY.id, gap["resources"][0]["uid"])] == "FAIL"
    assert rows[(MEMORY.id, seeds["cmk"].arn)] == "FAIL"
    assert rows[(MEMORY.id, seeds["iam"])] == "FAIL"


def test_with_the_switch_an_agentcore_outage_fails_the_job(runs):
    _, account_id, _, run, _ = runs
    assert run.process.returncode == EXIT_FAILED, run.output[-4000:]
    found = run.by_uid()
    assert {check for check, _ in found} == PROWLER_CHECKS
    assert {f["status_code"] for f in run.ocsf} == {"FAIL"}
    for region in REGIONS:
        gap = found[(MEMORY.id, _gap(account_id, region, "memory"))]
        assert "could not all be listed (ServiceUnavailableException)" in gap["status_detail"]
    assert len(run.asff) == len(run.ocsf)
    assert {f["Compliance"]["Status"] for f in run.asff} == {"FAILED"}


def test_without_the_switch_the_same_outage_passes_the_job_as_the_docs_say(runs):
    _, _, _, gated, run = runs
    assert run.process.returncode == 0, run.output[-4000:]
    assert "There are no findings in Account" in run.output
    assert {f["status_code"] for f in run.ocsf} == {"MANUAL"}, "only MANUAL findings, which no gate counts"
    assert run.asff == [], "json-asff (so --security-hub) leaves MANUAL out"
    reasons = sorted((f["metadata"]["event_code"], f["resources"][0]["uid"], f["status_detail"]) for f in run.ocsf)
    assert reasons == sorted((f["metadata"]["event_code"], f["resources"][0]["uid"], f["status_detail"])
                             for f in gated.ocsf), "the switch changes the status, not the findings or reasons"
