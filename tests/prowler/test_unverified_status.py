"""Issue 20, in process: a key reference is judged by what it is, and ``agentcore_cmk_unverified_status: FAIL``
(Prowler's config file, ``aws:`` section) reports what could not be verified as FAIL with the same reason."""

import logging

import pytest

from agentcore_cmk import GATEWAY, MEMORY, TOKEN_VAULT
from prowler_helpers import Identity, by_arn, error_response, make_provider, run_check, scan

SWITCH = "agentcore_cmk_unverified_status"
NOT_KEYS = (
    "arn:aws:iam::111122223333:role/not-a-key",  # another account's role: the account boundary proves nothing
    "arn:aws:iam::123456789012:role/not-a-key",
    "arn:aws:s3:::bucket",
)


def _memory_with_key_value(account, name, region, value):
    client = account.client("bedrock-agentcore-control", region)
    memory = client.create_memory(name=name, eventExpiryDuration=30, encryptionKeyArn=value)["memory"]
    return memory["arn"]


@pytest.mark.parametrize("kms_down", [False, True])
def test_a_value_that_is_not_a_kms_key_fails_in_every_account_and_kms_is_not_asked(account, provider, hooks,
                                                                                  monkeypatch, kms_down):
    arns = {value: _memory_with_key_value(account, f"not_a_key_{n}", "us-east-1", value)
            for n, value in enumerate(NOT_KEYS)}
    foreign_aws_alias = "arn:aws:kms:us-east-1:111122223333:alias/aws/bedrock-agentcore"
    arns[foreign_aws_alias] = _memory_with_key_value(account, "foreign_aws_alias", "us-east-1", foreign_aws_alias)
    described = []

    def kms(request, **_):
        described.append(request.body)
        return error_response(request, "ServiceUnavailableException", 503) if kms_down else None

    hooks.add(provider, "before-send.kms.DescribeKey", kms)

    service, findings = scan(provider, monkeypatch)
    found = by_arn(findings)

    for value in NOT_KEYS:
        finding = found[arns[value]]
        assert finding.status == "FAIL", finding.status_extended
        assert finding.status_extended.endswith(f"names {value!r} as its encryptionKeyArn, which is not a KMS key "
                                                "ARN or alias: it is not a customer-managed key")
    aws_alias = found[arns[foreign_aws_alias]]
    assert aws_alias.status == "FAIL" and "the AWS managed key" in aws_alias.status_extended
    assert described == [] and service.keys == {}


def _unverifiable_account(account, provider, hooks):
    """A memory whose key cannot be described, gateways that cannot be listed, vaults that cannot be read."""
    memory = account.seed_memory("undescribed", "us-east-1", "cmk")
    _unverifiable_account_hooks_only(provider, hooks)
    return memory


def _all_findings(provider, monkeypatch, identity):
    _, memories = scan(provider, monkeypatch, identity=identity)
    return {finding.id: by_arn(memories if finding is MEMORY else run_check(finding.id))
            for finding in (MEMORY, GATEWAY, TOKEN_VAULT)}


@pytest.mark.parametrize("value", ["FAIL", "fail", " Fail "])
def test_the_switch_reports_what_could_not_be_verified_as_fail_with_the_same_reason(account, hooks, monkeypatch,
                                                                                   value):
    identity = Identity(oauth2={"us-east-1": ["github"]}, errors={("GetTokenVault", "us-east-1"): "AccessDenied"})
    default = make_provider()
    memory = _unverifiable_account(account, default, hooks)
    by_default = _all_findings(default, monkeypatch, identity)
    hooks.remove_all()

    gated = make_provider(config_content={SWITCH: value})
    _unverifiable_account_hooks_only(gated, hooks)
    switched = _all_findings(gated, monkeypatch, identity)

    assert {check: set(found) for check, found in switched.items()} == \
        {check: set(found) for check, found in by_default.items()}
    unverified = 0
    for check, found in by_default.items():
        for arn, finding in found.items():
            after = switched[check][arn]
            assert after.status_extended == finding.status_extended
            assert after.status == ("FAIL" if finding.status == "MANUAL" else finding.status)
            unverified += finding.status == "MANUAL"
    assert by_default[MEMORY.id][memory.arn].status == "MANUAL"
    assert "could not be described (AccessDeniedException)" in by_default[MEMORY.id][memory.arn].status_extended
    gateway_gaps = [f for f in by_default[GATEWAY.id].values() if f.resource_arn.endswith(":gateway/*")]
    vaults = list(by_default[TOKEN_VAULT.id].values())
    assert len(gateway_gaps) == 2 and [v.status for v in vaults] == ["MANUAL"]
    assert unverified == 4  # the memory, two regions' gateways, the vault


def _unverifiable_account_hooks_only(provider, hooks):
    hooks.add(provider, "before-send.kms.DescribeKey",
              lambda request, **_: error_response(request, "AccessDeniedException", 400))
    hooks.add(provider, "before-send.bedrock-agentcore-control.ListGateways",
              lambda request, **_: error_response(request, "AccessDeniedException", 403))


@pytest.mark.parametrize("value", ["PASS", "yes", 1, True, ["FAIL"], ""])
def test_a_bad_value_of_the_switch_is_logged_once_and_the_default_applies(account, hooks, monkeypatch, caplog,
                                                                         value):
    provider = make_provider(config_content={SWITCH: value})
    memory = _unverifiable_account(account, provider, hooks)

    with caplog.at_level(logging.ERROR):
        _, findings = scan(provider, monkeypatch)
        gateways = run_check(GATEWAY.id)

    assert by_arn(findings)[memory.arn].status == "MANUAL"
    assert {f.status for f in gateways} == {"MANUAL"}
    messages = [r.getMessage() for r in caplog.records if SWITCH in r.getMessage()]
    assert messages == [f"{SWITCH} in the aws: section of Prowler's config file is {value!r}; it must be MANUAL or "
                        "FAIL: what could not be verified is reported as MANUAL"]


def test_the_switch_leaves_pass_and_fail_as_they_are(account, monkeypatch):
    cmk = account.seed_memory("cmk", "us-east-1", "cmk")
    none = account.seed_memory("none", "us-east-1", "none")
    foreign = account.seed_memory("foreign", "eu-west-1", "other-account")

    _, findings = scan(make_provider(config_content={SWITCH: "FAIL"}), monkeypatch)
    found = by_arn(findings)

    assert (found[cmk.arn].status, found[none.arn].status, found[foreign.arn].status) == ("PASS", "FAIL", "PASS")
