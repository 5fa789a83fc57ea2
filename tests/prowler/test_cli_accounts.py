"""Several accounts, as an organisation-wide run does it: the real ``prowler`` CLI assumes a scan role in each
member account (``--role``) of a moto server, one run per account side by side; each reports that account's
resources, each finding with its own account ID.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agentcore_cmk import FINDINGS, MEMORY
from mock_account import ROLE_NAME
from prowler_helpers import MockAccount

ACCOUNTS = ("111111111111", "222222222222")
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def accounts():
    with MockAccount() as mock:
        seeded = {}
        for number, account_id in enumerate(ACCOUNTS):
            member = mock.in_account(account_id)
            seeded[account_id] = [member.seed_memory(f"acct{number}_cmk", "us-east-1", "cmk"),
                                  member.seed_memory(f"acct{number}_none", "us-east-1", "none"),
                                  member.seed_gateway(f"acct{number}-gw", "us-east-1", "none")]
        yield mock, seeded


@pytest.fixture(scope="module")
def runs(accounts, tmp_path_factory):
    mock, _ = accounts
    out = tmp_path_factory.mktemp("accounts")
    started = {
        account_id: subprocess.Popen(
            [BIN / "prowler", "aws", "--role", f"arn:aws:iam::{account_id}:role/{ROLE_NAME}",
             "--check", *[finding.id for finding in FINDINGS], "--region", "us-east-1",
             "--output-formats", "json-ocsf", "--output-directory", out, "--output-filename", f"agentcore-{account_id}",
             "--no-banner", "--ignore-exit-code-3"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=mock.env(), cwd=out)
        for account_id in ACCOUNTS
    }
    reports = {}
    for account_id, process in started.items():
        stdout, stderr = process.communicate(timeout=900)
        report = out / f"agentcore-{account_id}.ocsf.json"
        assert process.returncode == 0 and report.is_file(), stdout[-4000:] + stderr[-4000:]
        reports[account_id] = json.loads(report.read_text(encoding="utf-8"))
    return reports


def test_each_run_reports_its_own_accounts_resources_with_its_account_id(runs, accounts):
    _, seeded = accounts
    for account_id, findings in runs.items():
        resources = {finding["resources"][0]["uid"] for finding in findings}
        # moto has no token vault: its MANUAL finding ("could not be read") carries the account too
        vault = f"arn:aws:bedrock-agentcore:us-east-1:{account_id}:token-vault/default"
        assert resources == {resource.arn for resource in seeded[account_id]} | {vault}, account_id
        assert {finding["cloud"]["account"]["uid"] for finding in findings} == {account_id}
        assert all(f":{account_id}:" in uid for uid in resources)


def test_each_account_gets_its_verdicts(runs, accounts):
    _, seeded = accounts
    for account_id, findings in runs.items():
        status = {finding["resources"][0]["uid"]: finding["status_code"] for finding in findings
                  if finding["metadata"]["event_code"] == MEMORY.id}
        cmk, none, _ = seeded[account_id]
        assert (status[cmk.arn], status[none.arn]) == ("PASS", "FAIL")
