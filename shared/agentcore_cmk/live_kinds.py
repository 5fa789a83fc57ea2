"""Verdicts on the live resources whose encryption is more than one key ARN: an agent insight store's
encryptionConfiguration and a capacity provider's EBS volumes. Both end in ``verdicts.judge_live_key``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

from .verdicts import Status, Verdict, as_api_text, aws_managed_alias, is_unset, judge_live_key

AWS_OWNED_MODE, CUSTOMER_MODE = "AWS_OWNED_KMS_KEY", "CUSTOMER_MANAGED_KMS"

#: (DescribeKey metadata, DescribeKey error) of a key ARN, as the scanner read them.
KeyState = Callable[[str], tuple]


def judge_live_insight_store(configuration: Any, key_state: KeyState, subject: str,
                             resource_account: Optional[str], resource_partition: Optional[str] = None) -> Verdict:
    """GetAgentInsightStore's encryptionConfiguration: {mode, kmsKeyArn}."""
    if not isinstance(configuration, Mapping):
        return Verdict(Status.MANUAL, f"{subject} has no encryptionConfiguration: how it is encrypted was not "
                                      "verified")
    mode, key_arn = configuration.get("mode"), configuration.get("kmsKeyArn")
    if mode == AWS_OWNED_MODE:
        return Verdict(Status.FAIL, f"{subject} has encryption mode {AWS_OWNED_MODE}: its data is encrypted with an "
                                    "AWS owned key, which the customer cannot control")
    if mode != CUSTOMER_MODE:
        return Verdict(Status.MANUAL, f"{subject} has the unknown encryption mode {mode!r}: whether it is "
                                      "customer-managed was not verified")
    if is_unset(key_arn):
        return Verdict(Status.MANUAL, f"{subject} has encryption mode {CUSTOMER_MODE} but no kmsKeyArn: which key "
                                      "encrypts it was not verified")
    if not isinstance(key_arn, str):
        return judge_live_key(as_api_text(key_arn), None, None, subject, resource_account, "kmsKeyArn")
    return judge_live_key(key_arn, *key_state(key_arn), subject, resource_account, "kmsKeyArn", resource_partition)


@dataclass(frozen=True)
class Volume:
    """An EBS volume of a capacity provider's instances, as its computeConfiguration declares it."""

    label: str
    encrypted: Any = None
    kms_key_id: Any = None


def ebs_volumes(compute_configuration: Any) -> Optional[list[Volume]]:
    """The root, persistent and ephemeral EBS volumes of GetCapacityProvider's computeConfiguration, None when it
    has no EC2 configuration. Instance-store mappings take no key and are left out."""
    ec2 = compute_configuration.get("ec2Configuration") if isinstance(compute_configuration, Mapping) else None
    if not isinstance(ec2, Mapping):
        return None
    root = _mapping(ec2.get("rootVolume"))
    volumes = [Volume("root volume", root.get("encrypted"), root.get("kmsKeyId"))]
    for index, entry in enumerate(_entries(ec2.get("volumes"))):
        ebs = _mapping(entry.get("ebsConfiguration"))
        volumes.append(Volume(f"volume {ebs.get('name') or index + 1}", ebs.get("encrypted"), ebs.get("kmsKeyId")))
    launch = _mapping(_mapping(ec2.get("launchTemplateSource")).get("launchParameters"))
    for index, entry in enumerate(_entries(launch.get("ephemeralVolumes"))):
        ebs = entry.get("ebs")
        if isinstance(ebs, Mapping):
            name = entry.get("deviceName") or index + 1
            volumes.append(Volume(f"ephemeral volume {name}", ebs.get("encrypted"), ebs.get("kmsKeyId")))
    return volumes


def _mapping(value: Any) -> Mapping:
    """``value`` when the API gave a mapping there, else an empty one (a malformed part judges as absent)."""
    return value if isinstance(value, Mapping) else {}


def _entries(value: Any) -> list:
    """The mappings of a list the API gave (an empty or a null entry judges as a volume without settings)."""
    return [_mapping(entry) for entry in value] if isinstance(value, list) else []


def volume_key_arn(kms_key_id: str, partition: str, region: str, account: str) -> str:
    """An EBS kmsKeyId (key ID, alias name or ARN) as the ARN DescribeKey is sent in the volume's region."""
    text = kms_key_id.strip()
    if text.startswith("arn:"):
        return text
    return f"arn:{partition}:kms:{region}:{account}:{text if text.startswith('alias/') else 'key/' + text}"


#: The account's default EBS key of a region, as ec2:GetEbsDefaultKmsKeyId answered: (KmsKeyId, None), or (None,
#: what went wrong) when it could not be read.
DefaultKey = tuple


def judge_live_volumes(volumes: Optional[list[Volume]], key_arn_of: Callable[[str], str], key_state: KeyState,
                       subject: str, resource_account: Optional[str], default_key: Optional[DefaultKey] = None,
                       resource_partition: Optional[str] = None) -> Verdict:
    """Each EBS volume must be encrypted with a customer-managed key; the verdict names the volumes it is about.
    ``default_key`` is the region's default EBS key, which encrypts a volume ``encrypted`` without a kmsKeyId."""
    if volumes is None:
        return Verdict(Status.MANUAL, f"{subject} has no EC2 compute configuration: its volumes were not verified")
    verdicts = [_judge_volume(volume, key_arn_of, key_state, f"{subject}'s {volume.label}", resource_account,
                              default_key, resource_partition)
                for volume in volumes]
    for status in (Status.FAIL, Status.MANUAL):
        reasons = [verdict.reason for verdict in verdicts if verdict.status is status]
        if reasons:
            return Verdict(status, "; ".join(reasons))
    return Verdict(Status.PASS, "; ".join(verdict.reason for verdict in verdicts))


def _judge_volume(volume: Volume, key_arn_of: Callable[[str], str], key_state: KeyState, subject: str,
                  resource_account: Optional[str], default_key: Optional[DefaultKey] = None,
                  resource_partition: Optional[str] = None) -> Verdict:
    if is_unset(volume.kms_key_id):
        if volume.encrypted is True:
            return _judge_default_key(key_arn_of, key_state, subject, resource_account, default_key, resource_partition)
        return Verdict(Status.FAIL, f"{subject} has no kmsKeyId and encrypted is {volume.encrypted}: it is "
                                    "unencrypted, or under the account's default EBS key if the account encrypts "
                                    "new volumes by default; no customer-managed key is named for it")
    if not isinstance(volume.kms_key_id, str):  # only a KMS key can be a customer-managed key
        return judge_live_key(as_api_text(volume.kms_key_id), None, None, subject, resource_account, "kmsKeyId")
    alias = aws_managed_alias(volume.kms_key_id)
    if alias:
        return Verdict(Status.FAIL, f"{subject} is encrypted with the AWS managed key {alias}, which the customer "
                                    "cannot control")
    key_arn = key_arn_of(volume.kms_key_id)
    return judge_live_key(key_arn, *key_state(key_arn), subject, resource_account, "kmsKeyId", resource_partition)


def _judge_default_key(key_arn_of: Callable[[str], str], key_state: KeyState, subject: str,
                       resource_account: Optional[str], default_key: Optional[DefaultKey],
                       resource_partition: Optional[str]) -> Verdict:
    """A volume ``encrypted`` without a kmsKeyId: EBS encrypts it with the region's default EBS key."""
    said = f"{subject} is encrypted without a kmsKeyId: EBS uses the account's default EBS key"
    if default_key is None:
        return Verdict(Status.FAIL, f"{said} (the AWS managed key aws/ebs unless the account default was changed), "
                                    "not a customer-managed key named for it")
    key_id, error = default_key
    if key_id is None or not isinstance(key_id, str):
        return Verdict(Status.MANUAL, f"{said}, which could not be read ({error or 'no answer'}): whether it is "
                                      "customer-managed was not verified")
    alias = aws_managed_alias(key_id)
    if alias:
        return Verdict(Status.FAIL, f"{said}, the AWS managed key {alias}, which the customer cannot control")
    key_arn = key_arn_of(key_id)
    verdict = judge_live_key(key_arn, *key_state(key_arn), "It", resource_account, "kmsKeyId", resource_partition)
    return Verdict(verdict.status, f"{said} ({key_arn}). {verdict.reason}")
