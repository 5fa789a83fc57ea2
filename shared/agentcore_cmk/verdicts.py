"""The verdict logic: pure functions from what a template or an account says about a key to a verdict.

Each function returns a ``Verdict``: a status and a reason a person can act on. The scanners only
translate the status into their own vocabulary and show the reason as it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, Mapping, Optional

#: Checkov renders a Terraform/CloudFormation null as this text.
_RENDERED_NULL = "None"

# The AgentCore API takes any ARN whose resource part is non-empty, so the key id is not checked further.
_KMS_ARN = re.compile(r"^arn:(?P<partition>[a-z0-9-]+):kms:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
                      r"(?P<resource>(?P<type>key|alias)/\S+)$")
# An AWS region name as KMS takes it (us-east-1, us-gov-west-1, cn-north-1, eusc-de-east-1, ...): the memory API's
# ARN pattern accepts any region text, even "-", which no KMS endpoint has.
_REGION = re.compile(r"^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$")
_ALIAS_NAME = re.compile(r"^alias/[A-Za-z0-9/_-]+$")
_AWS_MANAGED_ALIAS_PREFIX = "alias/aws/"

FALLBACK = "AgentCore falls back to an AWS owned key"


class Status(str, Enum):
    PASS = "PASS"
    FAIL = "FAIL"
    MANUAL = "MANUAL"


@dataclass(frozen=True)
class Verdict:
    status: Status
    reason: str

    @property
    def passed(self) -> bool:
        return self.status is Status.PASS


def _pass(reason: str) -> Verdict:
    return Verdict(Status.PASS, reason)


def _fail(reason: str) -> Verdict:
    return Verdict(Status.FAIL, reason)


def is_unset(value: Any) -> bool:
    """None, an empty or blank string, or the text Checkov renders for null."""
    if value is None:
        return True
    return isinstance(value, str) and value.strip() in ("", _RENDERED_NULL)


@dataclass(frozen=True)
class KeyReference:
    """What a key value names, when it names a KMS key at all: a key ARN, an alias ARN or an alias name."""

    text: str
    #: "key" or "alias".
    type: str
    #: "alias/<name>" for an alias, else None.
    alias: Optional[str] = None
    #: The ARN's account and region; None for an alias name, which has neither.
    account: Optional[str] = None
    region: Optional[str] = None
    partition: Optional[str] = None

    @property
    def aws_managed(self) -> bool:
        """alias/aws/* names an AWS managed key, in whichever account the ARN says."""
        return bool(self.alias and self.alias.startswith(_AWS_MANAGED_ALIAS_PREFIX))


def parse_key_reference(value: Any) -> Optional[KeyReference]:
    """The KMS key or alias ``value`` names; None for anything else (an IAM or S3 ARN, a key id, a malformed
    string, a non-string)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _KMS_ARN.match(text)
    if match:
        alias = match.group("resource") if match.group("type") == "alias" else None
        return KeyReference(text, match.group("type"), alias, match.group("account"), match.group("region"),
                            match.group("partition"))
    if _ALIAS_NAME.match(text):
        return KeyReference(text, "alias", text)
    return None


def is_region(value: Any) -> bool:
    """Whether ``value`` has the shape of an AWS region name (a KMS client can be made for it)."""
    return isinstance(value, str) and bool(_REGION.match(value))


def aws_managed_alias(value: Any) -> Optional[str]:
    """The alias name when ``value`` names an AWS managed key by alias (name or ARN), else None."""
    reference = parse_key_reference(value)
    return reference.alias if reference and reference.aws_managed else None


# --- a literal key value written in a template (iac.py judges everything an evaluator works out) ---------


def judge_key_reference(value: Any, field: str = "EncryptionKeyArn") -> Verdict:
    """Judge a key value as written: a literal, or whatever a scanner could resolve it to."""
    if is_unset(value):
        return absent(field)
    reference = parse_key_reference(value)
    if reference is None:
        return not_a_key_reference(field, value)
    if reference.aws_managed:
        return aws_managed_key(field, reference.alias)
    if reference.type == "key":
        return _pass(f"{field} is the KMS key {reference.text}")
    return _pass(f"{field} names the customer-managed key alias {reference.text}")


def absent(field: str) -> Verdict:
    return _fail(f"{field} is absent: {FALLBACK}")


def aws_managed_key(field: str, alias: str) -> Verdict:
    return _fail(f"{field} names the AWS managed key {alias}, which the customer cannot control")


def not_a_key_reference(field: str, value: Any) -> Verdict:
    return _fail(f"{field} is {_shown(value)}, which is not a KMS key ARN or alias: {FALLBACK}")


def as_api_text(value: Any) -> str:
    """A value the API returned where a key ARN belongs, as the text a reason can show: a string as it is, anything
    else as the JSON the API sent (never a Python object's repr)."""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return str(value)


def _shown(value: Any) -> str:
    shown = repr(value)
    return shown[:77] + "..." if len(shown) > 80 else shown


# --- a live resource and its key -----------------------------------------------------------------

_ARN = re.compile(r"^arn:(?P<partition>[a-z0-9-]+):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):"
                  r"(?P<account>\d{12})?:(?P<resource>.+)$")


@dataclass(frozen=True)
class Arn:
    """An ARN's parts; ``account`` is empty for a resource of the service itself (a built-in evaluator)."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    @property
    def resource_type(self) -> str:
        return self.resource.split("/", 1)[0]


def parse_arn(value: Any) -> Optional[Arn]:
    """The parts of an ARN, None for anything that is not one."""
    match = _ARN.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    return Arn(match.group("partition"), match.group("service"), match.group("region"), match.group("account") or "",
               match.group("resource"))


def arn_account(arn: Optional[str]) -> Optional[str]:
    """The account ID in an ARN, or None when there is none."""
    parsed = parse_arn(arn)
    return parsed.account or None if parsed else None


def arn_partition(arn: Optional[str]) -> Optional[str]:
    """The partition of an ARN (aws, aws-cn, aws-us-gov, ...), or None when it is not an ARN."""
    parsed = parse_arn(arn)
    return parsed.partition if parsed else None


#: What AgentCore encrypts with: a symmetric encryption key. Any other spec or usage cannot encrypt its data.
ENCRYPTING_KEY_SPEC, ENCRYPTING_KEY_USAGE = "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"

#: The KMS key states in which AgentCore cannot use the key, and why (KMS's key state reference).
UNUSABLE_KEY_STATES = {
    "Disabled": "",
    "PendingDeletion": "scheduled for deletion",
    "PendingImport": "waiting for its key material to be imported",
    "PendingReplicaDeletion": "a replica key scheduled for deletion",
    "Unavailable": "in a custom key store that is disconnected",
    "Creating": "still being created",
}


def judge_live_key(
    key_arn: Optional[str],
    key_metadata: Optional[Mapping[str, Any]] = None,
    describe_error: Optional[str] = None,
    subject: str = "Memory",
    resource_account: Optional[str] = None,
    field: str = "encryptionKeyArn",
    resource_partition: Optional[str] = None,
) -> Verdict:
    """Judge a live resource from its key ARN and, when readable, the key's DescribeKey metadata.

    ``subject`` names the resource in the reason, e.g. "Memory support-bot" or "Gateway gw-1";
    ``resource_account`` and ``resource_partition`` are where the resource lives; ``field`` the API's name for the
    key ARN.
    """
    if is_unset(key_arn):
        return _fail(f"{subject} has no {field}: {FALLBACK}")
    if not isinstance(key_arn, str):  # what the API sent, shown as it sent it
        key_arn = as_api_text(key_arn)
    reference = parse_key_reference(key_arn)
    if reference is None:
        # Whatever DescribeKey or the account boundary would say: only a KMS key can be a customer-managed key.
        return _fail(f"{subject} names {_shown(key_arn)} as its {field}, which is not a KMS key ARN or alias: "
                     "it is not a customer-managed key")
    if reference.aws_managed:
        return _fail(f"{subject} is encrypted with the AWS managed key {reference.text}, which the customer "
                     "cannot control")
    if reference.partition and resource_partition and reference.partition != resource_partition:
        return _fail(f"{subject} names {reference.text} as its {field}, a key of the partition {reference.partition}, "
                     f"not the resource's partition {resource_partition}: no key there can encrypt it, so it is not "
                     "encrypted with a customer-managed key")
    if reference.region is not None and not is_region(reference.region):
        return _manual(f"{subject} names {reference.text} as its {field}, whose region {reference.region!r} is not an "
                       "AWS region name: KMS was not asked, and which key encrypts it was not verified")
    if key_metadata is None:
        return _undescribed_key(reference, describe_error, subject, resource_account)
    manager = key_metadata.get("KeyManager")
    if manager == "AWS":
        return _fail(f"{subject} is encrypted with the AWS managed key {key_arn}, which the customer cannot control")
    cannot_encrypt = _cannot_encrypt(key_metadata)
    if cannot_encrypt:
        return _fail(f"{subject} names {key_arn}, {cannot_encrypt}: AgentCore encrypts only with symmetric encryption "
                     f"keys ({ENCRYPTING_KEY_SPEC}, {ENCRYPTING_KEY_USAGE}), so it cannot be encrypted with this key")
    if manager != "CUSTOMER":
        return _manual(f"{subject} is encrypted with {key_arn}, whose KeyManager is unknown ({manager!r}): "
                       "whether it is customer-managed was not verified")
    state = key_metadata.get("KeyState")
    if state in UNUSABLE_KEY_STATES:
        return _pass(
            f"{subject} is encrypted with the customer-managed key {key_arn}, which is {state}"
            f"{f' ({UNUSABLE_KEY_STATES[state]})' if UNUSABLE_KEY_STATES[state] else ''}: its data cannot be read "
            "until the key is usable again"
        )
    return _pass(f"{subject} is encrypted with the customer-managed key {key_arn}")


def _cannot_encrypt(key_metadata: Mapping[str, Any]) -> str:
    """Why a described key cannot encrypt AgentCore data, or "" when it can (or DescribeKey did not say)."""
    spec = key_metadata.get("KeySpec") or key_metadata.get("CustomerMasterKeySpec")
    usage = key_metadata.get("KeyUsage")
    if spec not in (None, ENCRYPTING_KEY_SPEC) or usage not in (None, ENCRYPTING_KEY_USAGE):
        return f"a key of spec {spec or 'unknown'} for {usage or 'an unknown usage'}"
    return ""


def _undescribed_key(reference: KeyReference, describe_error: Optional[str], subject: str,
                     resource_account: Optional[str]) -> Verdict:
    key_arn, key_account = reference.text, reference.account
    why = describe_error or "no key metadata"
    if key_account and resource_account and key_account != resource_account:
        if reference.type == "key":
            # AWS managed keys cannot be used from another account: a key of another account is customer-managed.
            return _pass(
                f"{subject} is encrypted with {key_arn}, a key of account {key_account}, not the resource's account "
                f"{resource_account}: AWS managed keys cannot be used across accounts, so it is customer-managed"
            )
        return _manual(f"{subject} is encrypted with {key_arn}, an alias of account {key_account} that could not "
                       f"be described ({why}): which key it names, and whether that key is customer-managed, was "
                       "not verified")
    return _manual(f"{subject} is encrypted with {key_arn}, but the key could not be described ({why}): "
                   "whether it is customer-managed was not verified")


def _manual(reason: str) -> Verdict:
    return Verdict(Status.MANUAL, reason)


def unreadable_memory(error: str, subject: str = "Memory") -> Verdict:
    return unreadable(error, subject)


def unreadable(error: str, subject: str) -> Verdict:
    """The resource itself could not be read: its key is unknown."""
    return _manual(f"{subject} could not be read ({error}); its encryption key is unknown")


#: keyType spellings, compared without case, spaces, dashes or underscores.
_CUSTOMER_KEY_TYPES = {"customermanagedkey", "customermanaged", "customermanagedkmskey", "cmk"}
_SERVICE_KEY_TYPES = {"servicemanagedkey", "servicemanaged", "awsownedkey", "awsowned", "awsmanagedkey",
                      "awsmanaged"}


def key_type_kind(key_type: Any) -> Optional[str]:
    """"customer" or "service" for any spelling of a token vault's keyType, None when it is neither."""
    if not isinstance(key_type, str):
        return None
    folded = re.sub(r"[\s_-]", "", key_type).lower()
    if folded in _CUSTOMER_KEY_TYPES:
        return "customer"
    if folded in _SERVICE_KEY_TYPES:
        return "service"
    return None


def judge_live_token_vault(
    kms_configuration: Optional[Mapping[str, Any]],
    key_metadata: Optional[Mapping[str, Any]] = None,
    describe_error: Optional[str] = None,
    subject: str = "Token vault",
    resource_account: Optional[str] = None,
    resource_partition: Optional[str] = None,
) -> Verdict:
    """Judge a token vault from GetTokenVault's kmsConfiguration and, for a customer key, DescribeKey's metadata."""
    configuration = kms_configuration or {}
    key_type = configuration.get("keyType")
    kind = key_type_kind(key_type) if key_type is not None else "service"
    if kind == "service":
        shown = f"keyType {key_type}" if key_type is not None else "no KMS configuration"
        return _fail(f"{subject} has {shown}: its credentials are encrypted with a service-managed key, "
                     "which the customer cannot control")
    if kind is None:
        return _manual(f"{subject} has the unknown keyType {key_type!r}: whether it is customer-managed was not "
                       "verified")
    key_arn = configuration.get("kmsKeyArn")
    if is_unset(key_arn):
        return _fail(f"{subject} has keyType {key_type} but no kmsKeyArn: no customer-managed key is set")
    return judge_live_key(key_arn, key_metadata, describe_error, subject, resource_account,
                          resource_partition=resource_partition)
