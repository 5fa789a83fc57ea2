"""The IaC value-set verdicts: what each kind of value decides, and how the reason names it."""

import pytest

from agentcore_cmk import iac
from agentcore_cmk.verdicts import FALLBACK, Status

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
FIELD = "encryption_key_arn"


@pytest.mark.parametrize("value, status, reason", [
    (iac.literal(KEY, "main.tf:3"), Status.PASS, f"{FIELD} is the KMS key {KEY} (main.tf:3)"),
    (iac.literal("", "the default of variable key (main.tf:1)"), Status.FAIL,
     f"{FIELD} is absent (the default of variable key (main.tf:1)): {FALLBACK}"),
    (iac.literal("alias/aws/bedrock"), Status.FAIL, f"{FIELD} names the AWS managed key alias/aws/bedrock"),
    (iac.literal("a: b", "main.tf:9"), Status.FAIL,
     f"{FIELD} is 'a: b', which is not a KMS key ARN or alias (main.tf:9): {FALLBACK}"),
    (iac.absent("null", "main.tf:4"), Status.FAIL, f"{FIELD} is absent (null) (main.tf:4): {FALLBACK}"),
    (iac.key_resource("aws_kms_key.k.arn", "keys.tf:1"), Status.PASS,
     f"{FIELD} references the customer-managed KMS key aws_kms_key.k.arn (keys.tf:1)"),
    (iac.outside("the required variable key"), Status.PASS,
     f"{FIELD} comes from the required variable key, outside the scanned files; it must be a customer-managed key"),
    (iac.unknown("frobnicate(var.key)", "main.tf:5"), Status.FAIL,
     f"{FIELD}: the scanned files do not show what frobnicate(var.key) evaluates to (main.tf:5)"),
])
def test_each_kind_of_value(value, status, reason):
    verdict = iac.judge_values([value], FIELD)
    assert verdict.status is status
    assert verdict.reason.startswith(reason), verdict.reason


@pytest.mark.parametrize("built, status, says", [
    (f"arn:aws:kms:{iac.hole('var.region')}:{iac.hole('local.account')}:key/", Status.FAIL, "not a KMS key ARN"),
    (f"arn:aws:kms:{iac.hole('var.region')}:123456789012:key/{iac.hole('var.key_id')}", Status.PASS, "from outside inputs"),
    (f"arn:{iac.hole('AWS::Partition')}:kms:us-east-1:123456789012:alias/aws/bedrock", Status.FAIL, "AWS managed key"),
    (f"{iac.hole('var.prefix')}-key", Status.FAIL, "not a KMS key ARN"),
])
def test_a_built_string_is_judged_on_what_it_builds(built, status, says):
    verdict = iac.judge_values([iac.literal(built)], FIELD)
    assert verdict.status is status and says in verdict.reason, verdict.reason


def test_one_failing_value_among_several_decides_and_the_count_is_said():
    verdict = iac.judge_values([iac.literal(KEY), iac.absent("null", "when var.create is false")], FIELD)
    assert verdict.status is Status.FAIL
    assert verdict.reason.endswith("(one of 2 values it can take)")
    assert "when var.create is false" in verdict.reason


def test_every_value_passing_names_each_and_duplicates_count_once():
    both = iac.judge_values([iac.literal(KEY), iac.key_resource("aws_kms_key.k.arn"), iac.literal(KEY)], FIELD)
    assert both.status is Status.PASS
    assert both.reason.startswith(f"{FIELD} is a customer-managed key in each of the 2 values it can take: ")


def test_no_value_at_all_is_not_a_pass():
    assert iac.judge_values([], FIELD).status is Status.FAIL


def test_the_key_counts_only_under_a_customer_key_type():
    key = [iac.key_resource("VaultKey.Arn")]
    field = "KmsConfiguration.KeyType"
    assert iac.under_key_type([iac.literal("CustomerManagedKey")], lambda: key, field, "CustomerManagedKey") == key
    assert iac.under_key_type([iac.outside("parameter KeyType")], lambda: key, field, "CustomerManagedKey") == key
    (service,) = iac.under_key_type([iac.literal("ServiceManagedKey", "t.yaml:3")], lambda: key, field,
                                    "CustomerManagedKey")
    assert service == iac.absent("", 'KmsConfiguration.KeyType is "ServiceManagedKey", t.yaml:3')
    (unset,) = iac.under_key_type([iac.absent()], lambda: key, field, "CustomerManagedKey")
    assert unset.origin == "KmsConfiguration.KeyType is not set"
    unknown = iac.unknown("lookup(var.m, var.k)")
    assert iac.under_key_type([unknown], lambda: key, field, "CustomerManagedKey") == [unknown]
