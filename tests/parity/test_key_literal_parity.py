"""Issue 20: both tools agree on every key literal, through the real checks.

The same literals as a Terraform memory's ``encryption_key_arn`` (real Checkov, from its environment) and as a
live memory's ``encryptionKeyArn`` (the installed Prowler check in process, over moto, which stores any value):
what fails in code fails live; what passes in code passes live when KMS or the account boundary says it is
customer-managed. The one difference allowed is the one only an account can show: an alias of another account
that KMS cannot describe passes in code (it is a KMS alias) and is MANUAL live (which key it names is unknown).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "prowler"))
from prowler_helpers import MockAccount, by_arn, make_provider, scan  # noqa: E402

from agentcore_cmk import MEMORY  # noqa: E402

CHECKOV_ENV = Path(os.environ["AGENTCORE_CHECKOV_ENV"]).resolve()
OTHER = "111122223333"
REGION = "us-east-1"
NOT_KEYS = (
    f"arn:aws:iam::{OTHER}:role/not-a-key",
    "arn:aws:iam::123456789012:role/not-a-key",
    "arn:aws:s3:::bucket",
    f"arn:aws:kms:{REGION}:{OTHER}:grant/abc",
    "arn:aws:kms:us-east-1:123456789012:key/",
    "arn:aws:kms::123456789012:key/abc",
    "1234abcd-12ab-34cd-56ef-1234567890ab",
    "not a key",
)
AWS_MANAGED_ALIASES = (f"arn:aws:kms:{REGION}:{OTHER}:alias/aws/bedrock-agentcore",
                       f"arn:aws:kms:{REGION}:123456789012:alias/aws/bedrock-agentcore")
FOREIGN_KEY = f"arn:aws:kms:{REGION}:{OTHER}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
# Not the own alias's name: moto resolves an alias ARN by name in the caller's account, whatever account it names.
FOREIGN_ALIAS = f"arn:aws:kms:{REGION}:{OTHER}:alias/partner-orders"


@pytest.fixture(autouse=True)
def fake_credentials(monkeypatch):
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)


def _live(monkeypatch) -> dict:
    """literal -> (status, reason) of the live memory check; the account's own CMK and its alias are created."""
    from moto import mock_aws

    with mock_aws():
        account = MockAccount(endpoint_url="")
        kms = account.client("kms", REGION)
        own_key = kms.create_key(Description="orders")["KeyMetadata"]["Arn"]
        kms.create_alias(AliasName="alias/orders", TargetKeyId=own_key)
        own_alias = f"arn:aws:kms:{REGION}:{account.account_id}:alias/orders"
        literals = (*NOT_KEYS, *AWS_MANAGED_ALIASES, FOREIGN_KEY, FOREIGN_ALIAS, own_key, own_alias)
        control = account.client("bedrock-agentcore-control", REGION)
        arns = {control.create_memory(name=f"m{n}", eventExpiryDuration=30, encryptionKeyArn=literal)["memory"]["arn"]:
                literal for n, literal in enumerate(literals)}
        _, findings = scan(make_provider(regions={REGION}), monkeypatch)
    return {arns[arn]: (finding.status, finding.status_extended) for arn, finding in by_arn(findings).items()}


def _code(literals, folder: Path) -> dict:
    """literal -> (result, reason) of real Checkov over one Terraform memory per literal."""
    blocks = [f'resource "aws_bedrockagentcore_memory" "m{n}" {{\n  name = "m{n}"\n  event_expiry_duration = 30\n'
              f"  encryption_key_arn = {json.dumps(literal)}\n}}\n" for n, literal in enumerate(literals)]
    (folder / "main.tf").write_text("\n".join(blocks), encoding="utf-8")
    plugin = subprocess.run([CHECKOV_ENV / "bin" / "agentcore-cmk-checks", "path", "checkov"], capture_output=True,
                            text=True, check=True).stdout.strip()
    process = subprocess.run([CHECKOV_ENV / "bin" / "checkov", "-d", ".", "--skip-download", "--framework",
                              "terraform", "--external-checks-dir", plugin, "--check", MEMORY.id, "-o", "json"],
                             capture_output=True, text=True, timeout=600, cwd=folder)
    assert process.returncode in (0, 1), process.stderr[-3000:]
    report = json.loads(process.stdout)
    results = [r for outcome in ("passed_checks", "failed_checks") for r in report["results"][outcome]]
    return {literals[int(r["resource"].rsplit(".m", 1)[1])]: (r["check_result"]["result"], r["details"][0])
            for r in results}


def test_checkov_and_prowler_agree_on_every_key_literal(monkeypatch, tmp_path):
    live = _live(monkeypatch)
    code = _code(list(live), tmp_path)
    assert set(code) == set(live) and len(live) == len(NOT_KEYS) + len(AWS_MANAGED_ALIASES) + 4
    for literal, (result, reason) in code.items():
        status, status_extended = live[literal]
        if literal == FOREIGN_ALIAS:
            assert (result, status) == ("PASSED", "MANUAL"), (reason, status_extended)
        else:
            assert (result, status) in (("PASSED", "PASS"), ("FAILED", "FAIL")), (literal, reason, status_extended)
    for literal in NOT_KEYS:
        assert "not a KMS key ARN or alias" in code[literal][1] and "not a KMS key ARN or alias" in live[literal][1]
    for literal in AWS_MANAGED_ALIASES:
        assert "AWS managed key" in code[literal][1] and "AWS managed key" in live[literal][1]
