import pytest

from agentcore_cmk.verdicts import FALLBACK, Status, judge_key_reference, judge_live_key, unreadable_memory

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.mark.parametrize(
    "value, status, reason_part",
    [
        # unset, in every way a template can say it
        (None, Status.FAIL, "is absent"),
        ("", Status.FAIL, "is absent"),
        ("   ", Status.FAIL, "is absent"),
        ("None", Status.FAIL, "is absent"),
        # key ARNs in any partition, multi-region keys, any key id the API accepts
        (KEY, Status.PASS, "is the KMS key"),
        (f"  {KEY}  ", Status.PASS, "is the KMS key"),
        ("arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", Status.PASS, "KMS key"),
        ("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abc", Status.PASS, "KMS key"),
        ("arn:aws-iso-b:kms:us-isob-east-1:123456789012:key/abc", Status.PASS, "KMS key"),
        ("arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab", Status.PASS, "KMS key"),
        # AWS managed keys by alias name or alias ARN
        ("alias/aws/bedrock", Status.FAIL, "AWS managed key alias/aws/bedrock"),
        ("arn:aws:kms:us-east-1:123456789012:alias/aws/bedrock-agentcore", Status.FAIL, "AWS managed key"),
        # customer aliases
        ("alias/agent-memory", Status.PASS, "customer-managed key alias"),
        ("arn:aws:kms:us-east-1:123456789012:alias/agent-memory", Status.PASS, "customer-managed key alias"),
        # not a key reference
        (42, Status.FAIL, "not a KMS key ARN or alias"),
        (3.5, Status.FAIL, "not a KMS key ARN or alias"),
        (True, Status.FAIL, "not a KMS key ARN or alias"),
        ([KEY], Status.FAIL, "not a KMS key ARN or alias"),
        ({"Ref": "Key"}, Status.FAIL, "not a KMS key ARN or alias"),
        ("my key", Status.FAIL, "not a KMS key ARN or alias"),
        ("arn:aws:kms:us-east-1:123456789012:key/", Status.FAIL, "not a KMS key ARN"),
        ("arn:aws:kms:us-east-1:12345:key/abc", Status.FAIL, "not a KMS key ARN"),
        ("arn:aws:s3:::bucket", Status.FAIL, "not a KMS key ARN"),
        ("1234abcd-12ab-34cd-56ef-1234567890ab", Status.FAIL, "not a KMS key ARN"),
    ],
)
def test_key_reference(value, status, reason_part):
    verdict = judge_key_reference(value)
    assert verdict.status is status
    assert reason_part in verdict.reason
    assert verdict.reason.startswith("EncryptionKeyArn ")


def test_field_name_is_the_callers():
    assert judge_key_reference(None, field="encryption_key_arn").reason == f"encryption_key_arn is absent: {FALLBACK}"


def test_long_values_are_shortened_in_the_reason():
    verdict = judge_key_reference("x" * 500)
    assert verdict.status is Status.FAIL
    assert len(verdict.reason) < 200


OTHER_ACCOUNT_KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ACCOUNT = "123456789012"


@pytest.mark.parametrize(
    "key_arn, metadata, error, status, reason_part",
    [
        (None, None, None, Status.FAIL, "no encryptionKeyArn"),
        ("", None, None, Status.FAIL, "no encryptionKeyArn"),
        (KEY, {"KeyManager": "AWS", "KeyState": "Enabled"}, None, Status.FAIL, "AWS managed key"),
        (KEY, {"KeyManager": "CUSTOMER", "KeyState": "Enabled"}, None, Status.PASS, "customer-managed key"),
        (KEY, {"KeyManager": "CUSTOMER", "KeyState": "Disabled"}, None, Status.PASS, "which is Disabled"),
        (KEY, {"KeyManager": "CUSTOMER", "KeyState": "PendingDeletion"}, None, Status.PASS, "PendingDeletion"),
        # a same-account key nobody could describe is never reported as compliant
        (KEY, None, "AccessDeniedException", Status.MANUAL, "could not be described (AccessDeniedException)"),
        (KEY, None, "NotFoundException", Status.MANUAL, "could not be described (NotFoundException)"),
        (KEY, None, None, Status.MANUAL, "could not be described (no key metadata)"),
        (KEY, {}, None, Status.MANUAL, "KeyManager is unknown"),
        # AWS managed keys cannot be used across accounts: another account's key is customer-managed
        (OTHER_ACCOUNT_KEY, None, "NotFoundException", Status.PASS, "a key of account 111122223333"),
        (OTHER_ACCOUNT_KEY, None, None, Status.PASS, "cannot be used across accounts"),
        # what DescribeKey says still wins when it could be read
        (OTHER_ACCOUNT_KEY, {"KeyManager": "CUSTOMER", "KeyState": "Disabled"}, None, Status.PASS, "Disabled"),
    ],
)
def test_live_key(key_arn, metadata, error, status, reason_part):
    verdict = judge_live_key(key_arn, metadata, error, resource_account=ACCOUNT)
    assert verdict.status is status
    assert reason_part in verdict.reason
    if key_arn:
        assert key_arn in verdict.reason


def test_a_key_of_unknown_account_is_manual_when_undescribed():
    # Without the resource's account nothing tells a foreign key from an own one.
    assert judge_live_key(OTHER_ACCOUNT_KEY, None, "NotFoundException").status is Status.MANUAL


@pytest.mark.parametrize("key_arn", [
    "arn:aws:iam::111122223333:role/not-a-key",  # the memory API takes any ARN
    "arn:aws:iam::123456789012:role/not-a-key",
    "arn:aws:s3:::bucket/alias/aws/bedrock",
    "arn:aws:kms:us-east-1:111122223333:grant/abc",
    "arn:aws:kms:us-east-1:111122223333:key/",
    "not-an-arn",
    "1234abcd-12ab-34cd-56ef-1234567890ab",
])
@pytest.mark.parametrize("metadata, error", [(None, "not a KMS key ARN"), (None, None),
                                             ({"KeyManager": "CUSTOMER", "KeyState": "Enabled"}, None)])
def test_a_live_value_that_is_not_a_kms_key_fails_in_every_account(key_arn, metadata, error):
    verdict = judge_live_key(key_arn, metadata, error, subject="Memory orders", resource_account=ACCOUNT)
    assert verdict.status is Status.FAIL
    assert verdict.reason == (f"Memory orders names {key_arn!r} as its encryptionKeyArn, which is not a KMS key ARN "
                              "or alias: it is not a customer-managed key")


@pytest.mark.parametrize("key_arn", [
    "arn:aws:kms:us-east-1:111122223333:alias/aws/bedrock-agentcore",
    "arn:aws:kms:us-east-1:123456789012:alias/aws/bedrock-agentcore",
    "alias/aws/bedrock",
])
def test_an_aws_managed_alias_fails_in_any_account_described_or_not(key_arn):
    for metadata in (None, {"KeyManager": "CUSTOMER"}):
        verdict = judge_live_key(key_arn, metadata, "AccessDeniedException", resource_account=ACCOUNT)
        assert verdict.status is Status.FAIL and "AWS managed key" in verdict.reason


def test_an_alias_of_another_account_that_cannot_be_described_is_manual():
    alias = "arn:aws:kms:us-east-1:111122223333:alias/orders"
    verdict = judge_live_key(alias, None, "AccessDeniedException", resource_account=ACCOUNT)
    assert verdict.status is Status.MANUAL
    assert "an alias of account 111122223333 that could not be described (AccessDeniedException)" in verdict.reason
    described = judge_live_key(alias, {"KeyManager": "CUSTOMER", "KeyState": "Enabled"}, resource_account=ACCOUNT)
    assert described.status is Status.PASS


def test_the_account_is_read_from_any_arn():
    from agentcore_cmk.verdicts import arn_account

    assert arn_account(OTHER_ACCOUNT_KEY) == "111122223333"
    assert arn_account("arn:aws:kms:us-east-1:123456789012:alias/orders") == ACCOUNT
    assert arn_account("arn:aws-cn:bedrock-agentcore:cn-north-1:123456789012:memory/m-1") == ACCOUNT
    assert arn_account("alias/orders") is None and arn_account(None) is None


@pytest.mark.parametrize(
    "configuration, metadata, status, reason_part",
    [
        (None, None, Status.FAIL, "no KMS configuration"),
        ({"keyType": "ServiceManagedKey"}, None, Status.FAIL, "service-managed key"),
        ({"keyType": "SERVICE_MANAGED_KEY"}, None, Status.FAIL, "service-managed key"),
        ({"keyType": "AWS owned key"}, None, Status.FAIL, "service-managed key"),
        ({"keyType": "CustomerManagedKey"}, None, Status.FAIL, "no kmsKeyArn"),
        ({"keyType": "CustomerManagedKey", "kmsKeyArn": KEY}, {"KeyManager": "CUSTOMER", "KeyState": "Enabled"},
         Status.PASS, "customer-managed key"),
        ({"keyType": "customer-managed", "kmsKeyArn": KEY}, {"KeyManager": "CUSTOMER"}, Status.PASS, "customer"),
        ({"keyType": "CUSTOMER_MANAGED_KEY", "kmsKeyArn": KEY}, {"KeyManager": "AWS"}, Status.FAIL, "AWS managed"),
        ({"keyType": "CustomerManagedKey", "kmsKeyArn": KEY}, None, Status.MANUAL, "could not be described"),
        ({"keyType": "SomethingNew", "kmsKeyArn": KEY}, None, Status.MANUAL, "unknown keyType"),
    ],
)
def test_live_token_vault(configuration, metadata, status, reason_part):
    from agentcore_cmk.verdicts import judge_live_token_vault

    verdict = judge_live_token_vault(configuration, metadata, "AccessDeniedException" if metadata is None else None,
                                     subject="Token vault default", resource_account=ACCOUNT)
    assert verdict.status is status, verdict.reason
    assert reason_part in verdict.reason
    assert verdict.reason.startswith("Token vault default ")


def test_unreadable_memory_is_manual():
    verdict = unreadable_memory("AccessDeniedException: not allowed")
    assert verdict.status is Status.MANUAL
    assert "AccessDeniedException" in verdict.reason
    assert not verdict.passed


def test_live_reasons_name_the_memory():
    assert judge_live_key(None, subject="Memory orders").reason.startswith("Memory orders has no encryptionKeyArn")
    assert judge_live_key(KEY, {"KeyManager": "CUSTOMER"}, subject="Memory orders").reason.startswith("Memory orders is ")
    assert judge_live_key(KEY, None, "Denied", subject="Gateway gw-1").reason.startswith("Gateway gw-1 is encrypted")
    assert unreadable_memory("Throttled", subject="Memory orders").reason.startswith("Memory orders could not be read")


def test_a_live_key_value_that_is_not_text_is_shown_as_the_api_sent_it_never_as_a_python_object():
    verdict = judge_live_key({"keyId": "k-1"}, subject="Token vault default", resource_account=ACCOUNT)
    assert verdict.status is Status.FAIL
    assert verdict.reason == ("Token vault default names '{\"keyId\": \"k-1\"}' as its encryptionKeyArn, which is "
                              "not a KMS key ARN or alias: it is not a customer-managed key")
