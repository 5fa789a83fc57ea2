"""The live verdicts on an agent insight store's encryptionConfiguration and a capacity provider's volumes."""

from agentcore_cmk.live_kinds import (
    Volume, ebs_volumes, judge_live_insight_store, judge_live_volumes, volume_key_arn,
)
from agentcore_cmk.verdicts import Status

ACCOUNT = "123456789012"
CMK = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1111"
AWS_KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/2222"
STATES = {CMK: ({"KeyManager": "CUSTOMER", "KeyState": "Enabled"}, None),
          AWS_KEY: ({"KeyManager": "AWS", "KeyState": "Enabled"}, None)}


def state(key_arn):
    return STATES.get(key_arn, (None, "AccessDeniedException"))


def test_insight_store_modes():
    judge = lambda configuration: judge_live_insight_store(configuration, state, "Store", ACCOUNT)  # noqa: E731
    assert judge({"mode": "AWS_OWNED_KMS_KEY"}).status is Status.FAIL
    assert judge({"mode": "CUSTOMER_MANAGED_KMS", "kmsKeyArn": CMK}).status is Status.PASS
    assert judge({"mode": "CUSTOMER_MANAGED_KMS", "kmsKeyArn": AWS_KEY}).status is Status.FAIL
    undescribed = judge({"mode": "CUSTOMER_MANAGED_KMS", "kmsKeyArn": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/3"})
    assert undescribed.status is Status.MANUAL and "AccessDeniedException" in undescribed.reason
    for unverifiable in ({"mode": "CUSTOMER_MANAGED_KMS"}, {"mode": "SOMETHING_NEW"}, None, "text"):
        assert judge(unverifiable).status is Status.MANUAL, unverifiable
    assert judge({"mode": "CUSTOMER_MANAGED_KMS", "kmsKeyArn": {"not": "a key"}}).status is Status.FAIL


def test_ebs_volumes_root_persistent_and_ephemeral_ebs_but_not_instance_store():
    configuration = {"ec2Configuration": {
        "rootVolume": {"encrypted": True, "kmsKeyId": CMK},
        "volumes": [{"ebsConfiguration": {"name": "data", "encrypted": True}}, {}],
        "launchTemplateSource": {"launchParameters": {"ephemeralVolumes": [
            {"deviceName": "/dev/sdb", "ebs": {"encrypted": False}}, {"deviceName": "/dev/sdc", "virtualName": "e0"}]}},
    }}
    assert ebs_volumes(configuration) == [
        Volume("root volume", True, CMK), Volume("volume data", True, None), Volume("volume 2"),
        Volume("ephemeral volume /dev/sdb", False, None)]
    assert ebs_volumes({"ec2Configuration": {}}) == [Volume("root volume")]  # the root volume exists regardless
    assert ebs_volumes(None) is None and ebs_volumes({"other": {}}) is None


def test_volumes_fail_on_the_first_kind_of_failure_and_name_each_failing_volume():
    key_arn_of = lambda key: volume_key_arn(key, "aws", "us-east-1", ACCOUNT)  # noqa: E731
    judge = lambda volumes: judge_live_volumes(volumes, key_arn_of, state, "Fleet", ACCOUNT)  # noqa: E731
    passed = judge([Volume("root volume", True, CMK), Volume("volume data", True, "1111")])
    assert passed.status is Status.PASS and passed.reason.count("customer-managed key") == 2
    failed = judge([Volume("root volume", True, CMK), Volume("volume data", True, None),
                    Volume("volume logs", None, "alias/aws/ebs"), Volume("volume tmp", True, "9999")])
    assert failed.status is Status.FAIL
    assert "volume data is encrypted without a kmsKeyId" in failed.reason and "alias/aws/ebs" in failed.reason
    assert "root volume" not in failed.reason and "volume tmp" not in failed.reason
    manual = judge([Volume("root volume", True, CMK), Volume("volume tmp", True, "9999")])
    assert manual.status is Status.MANUAL and "could not be described" in manual.reason
    assert judge(None).status is Status.MANUAL
    assert judge([Volume("root volume", True, {"not": "a key"})]).status is Status.FAIL  # not a key at all


def test_volume_key_arn_keeps_arns_and_places_ids_and_aliases_in_the_volumes_region():
    assert volume_key_arn(CMK, "aws", "eu-west-1", ACCOUNT) == CMK
    assert volume_key_arn("1111", "aws", "eu-west-1", ACCOUNT) == f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/1111"
    assert volume_key_arn("alias/mine", "aws-cn", "cn-north-1", ACCOUNT) == \
        f"arn:aws-cn:kms:cn-north-1:{ACCOUNT}:alias/mine"
