"""Issue 20: one parse of a key reference decides both scanners, so Checkov and Prowler agree on every literal.

For each literal: what the IaC verdict says (``iac.judge_values`` on the literal, as the Checkov checks call it)
and what the live verdict says in every situation KMS can be in (describes it as customer- or AWS managed, or
cannot describe it; the resource in the key's account or another). A literal that fails in code fails live
whatever KMS says; a literal that passes in code passes live once KMS says customer-managed, and fails live only
when KMS says AWS managed.
"""

import pytest

from agentcore_cmk import iac
from agentcore_cmk.verdicts import Status, judge_live_key, parse_key_reference

OWN, OTHER = "123456789012", "111122223333"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"

#: literal -> the status both scanners give it as written (before KMS is asked)
LITERALS = {
    f"arn:aws:kms:us-east-1:{OWN}:key/{KEY_ID}": Status.PASS,
    f"arn:aws:kms:us-east-1:{OTHER}:key/{KEY_ID}": Status.PASS,
    f"arn:aws-cn:kms:cn-north-1:{OWN}:key/mrk-{KEY_ID.replace('-', '')}": Status.PASS,
    f"arn:aws:kms:us-east-1:{OWN}:alias/orders": Status.PASS,
    f"arn:aws:kms:us-east-1:{OTHER}:alias/orders": Status.PASS,
    "alias/orders": Status.PASS,
    # AWS managed keys by alias, in any account
    f"arn:aws:kms:us-east-1:{OWN}:alias/aws/bedrock-agentcore": Status.FAIL,
    f"arn:aws:kms:us-east-1:{OTHER}:alias/aws/bedrock-agentcore": Status.FAIL,
    "alias/aws/bedrock": Status.FAIL,
    # not a KMS key, in any account
    f"arn:aws:iam::{OTHER}:role/not-a-key": Status.FAIL,
    f"arn:aws:iam::{OWN}:role/not-a-key": Status.FAIL,
    "arn:aws:s3:::bucket": Status.FAIL,
    f"arn:aws:s3:::bucket/alias/aws/{KEY_ID}": Status.FAIL,
    f"arn:aws:kms:us-east-1:{OTHER}:grant/{KEY_ID}": Status.FAIL,
    f"arn:aws:kms:us-east-1:{OWN}:key/": Status.FAIL,
    f"arn:aws:kms::{OWN}:key/{KEY_ID}": Status.FAIL,
    f"arn:aws:kms:us-east-1:12345:key/{KEY_ID}": Status.FAIL,
    KEY_ID: Status.FAIL,
    "my key": Status.FAIL,
}

SITUATIONS = {
    "described customer-managed": ({"KeyManager": "CUSTOMER", "KeyState": "Enabled"}, None),
    "described AWS managed": ({"KeyManager": "AWS", "KeyState": "Enabled"}, None),
    "not describable": (None, "AccessDeniedException"),
}


@pytest.mark.parametrize("literal", sorted(LITERALS))
def test_iac_gives_the_literal_its_status(literal):
    verdict = iac.judge_values([iac.literal(literal, "main.tf:3")], "encryption_key_arn")
    assert verdict.status is LITERALS[literal], verdict.reason


@pytest.mark.parametrize("situation", sorted(SITUATIONS))
@pytest.mark.parametrize("resource_account", [OWN, OTHER])
@pytest.mark.parametrize("literal", sorted(LITERALS))
def test_live_agrees_with_iac_whatever_kms_says(literal, resource_account, situation):
    metadata, error = SITUATIONS[situation]
    verdict = judge_live_key(literal, metadata, error, subject="Memory m", resource_account=resource_account)
    if LITERALS[literal] is Status.FAIL:
        assert verdict.status is Status.FAIL, verdict.reason
    elif situation == "described customer-managed":
        assert verdict.status is Status.PASS, verdict.reason
    elif situation == "described AWS managed":
        assert verdict.status is Status.FAIL and "AWS managed key" in verdict.reason
    else:
        reference = parse_key_reference(literal)
        foreign_key = reference.type == "key" and reference.account not in (None, resource_account)
        assert verdict.status is (Status.PASS if foreign_key else Status.MANUAL), verdict.reason


@pytest.mark.parametrize("literal", sorted(LITERALS))
def test_both_sides_name_a_non_key_the_same_way(literal):
    code = iac.judge_values([iac.literal(literal)], "encryption_key_arn").reason
    live = judge_live_key(literal, None, None, resource_account=OWN).reason
    not_a_key = "which is not a KMS key ARN or alias"
    assert (not_a_key in code) == (not_a_key in live) == (parse_key_reference(literal) is None)
