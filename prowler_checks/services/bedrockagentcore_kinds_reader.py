"""How the AgentCore service reads every kind in ``bedrockagentcore_kinds`` (memories and gateways included) and
harnesses, whose managed memories are memories: a mixin of ``BedrockAgentCore``, which lists, gets and describes
keys for it.

Every value read from the account is checked where it enters: a listed item's ARN must be an ARN of this
account, partition and region, of the kind's resource type; an item of the service itself (a built-in evaluator,
an ARN without an account) is not the account's and gets no finding; anything else that does not fit makes only
that resource MANUAL, with what did not fit in words.
"""

from __future__ import annotations

from functools import partial
from typing import Optional

from agentcore_cmk.live_kinds import ebs_volumes, volume_key_arn
from agentcore_cmk.verdicts import as_api_text, aws_managed_alias, is_unset, parse_arn
from prowler.lib.logger import logger

from agentcore_cmk_prowler.services.bedrockagentcore_kinds import HARNESS, KIND_BY_NAME, Kind
from agentcore_cmk_prowler.services.bedrockagentcore_models import (
    AGENT_INSIGHT_STORE, CAPACITY_PROVIDER, GATEWAY, MEMORY, PLURAL, Gateway, KindResource, Memory,
)

# A resource being deleted has nothing left to judge.
DELETING = "DELETING"
#: The model of a kind whose output shows more than the common fields.
MODELS = {MEMORY: Memory, GATEWAY: Gateway}
#: The kinds every region offers since the service began: a refused or unknown List is a gap, never "not offered".
OFFERED_EVERYWHERE = {MEMORY, GATEWAY}


class KindsReader:
    """Needs the service's resources, harnesses, not_offered, _list, _get, _gap, _want_key and ebs_default_keys."""

    def _list_kind(self, kind: Kind, client):
        add = self._add_harness if kind is HARNESS else partial(self._add_kind, kind)
        self._list(client, kind.name, kind.list_operation, kind.list_key, {"PageSize": kind.page_size}, add,
                   skip_not_offered=kind.name not in OFFERED_EVERYWHERE)

    def _add_kind(self, kind: Kind, region: str, summary: dict):
        resource = self._kind_resource(kind, region, summary)
        if resource is None:
            return
        if kind.name == AGENT_INSIGHT_STORE and summary.get("enablementStatus") == "DISABLED" \
                and not self.provider.scan_unused_services:
            return  # Prowler's convention for services not in use: reported only when asked to
        # Read from the summary when the list carries the field; a Get otherwise, or to confirm it is absent.
        if not resource.read_error:
            self._set_encryption(kind, resource, summary.get(kind.encryption_field))
        self.resources[kind.name][resource.arn] = resource

    def _add_harness(self, region: str, summary: dict):
        harness = self._kind_resource(HARNESS, region, summary)
        if harness is not None and not harness.read_error:
            self.harnesses[harness.arn] = harness

    def _kind_resource(self, kind: Kind, region: str, summary: dict) -> Optional[KindResource]:
        """The listed resource, None when it is not the account's, being deleted or filtered out."""
        if kind.not_owned and kind.not_owned(summary):
            return None  # the service's own (a built-in): nothing the account can change
        resource_id = summary.get(kind.id_key)
        listed_arn = summary.get(kind.arn_key) if kind.arn_key else None
        parsed = parse_arn(listed_arn)
        if parsed is not None and not parsed.account:
            return None  # an ARN without an account is the service's own resource
        if not resource_id and parsed is not None:
            resource_id = parsed.resource.rsplit("/", 1)[-1]
        if not isinstance(resource_id, str) or not resource_id.strip():
            raise ValueError(f"it has no {kind.id_key}" + (f" or {kind.arn_key}" if kind.arn_key else ""))
        arn = self._arn(region, f"{kind.arn_type}/{resource_id}")
        problem = self._arn_problem(kind, region, listed_arn, parsed)
        if not problem:
            arn = listed_arn or arn
        # A harness is not reported itself: --resource-arn and tags filter the memory it manages instead.
        if summary.get("status") == DELETING or (kind is not HARNESS and self._filtered_out(arn)):
            return None
        name = summary.get(kind.name_key)
        model = MODELS.get(kind.name, KindResource)
        return model(kind=kind.name, id=resource_id, arn=arn, region=region,
                     name=name if isinstance(name, str) else None,
                     status=summary.get("status") if isinstance(summary.get("status"), str) else None,
                     read_error=problem or None)

    def _arn_problem(self, kind: Kind, region: str, listed_arn, parsed) -> str:
        """What is wrong with a listed ARN for a resource of ``kind`` in this account and region, "" if nothing."""
        if listed_arn is None:
            return ""
        if parsed is None:
            return f"its listed ARN {_shown(listed_arn)} is not an ARN"
        expected = {"partition": self.audited_partition, "region": region, "account": self.audited_account,
                    "resource type": kind.arn_type}
        found = {"partition": parsed.partition, "region": parsed.region, "account": parsed.account,
                 "resource type": parsed.resource_type}
        wrong = [f"{part} {found[part]!r}, not {expected[part]!r}" for part in expected
                 if expected[part] and found[part] != expected[part]]
        return f"its listed ARN {_shown(listed_arn)} has the {' and the '.join(wrong)}" if wrong else ""

    def _read_kind(self, resource: KindResource):
        kind = HARNESS if resource.kind == HARNESS.name else KIND_BY_NAME[resource.kind]
        found = self.harnesses if kind is HARNESS else self.resources[kind.name]
        client = self.regional_clients[resource.region]
        parameters = {name: value for name, value in kind.get_parameters.items()
                      if _models(client, kind.get_operation, name)}  # else added to the request (GetMemory view)
        refused = partial(self._refusal_names_key, kind, resource) if kind.get_decrypts else None
        details = self._get(resource, found, kind.get_operation, refused,
                            **{kind.get_parameter: resource.id}, **parameters)
        if details is None:
            return
        details = details.get(kind.get_key) if kind.get_key else details
        if not isinstance(details, dict):
            resource.read_error = f"its {kind.get_operation} answer holds no {kind.name}"
            return
        if self._being_deleted(resource, found, details):
            return
        name, status = details.get(kind.name_key), details.get("status")
        resource.name = name if isinstance(name, str) and name else resource.name
        resource.status = status if isinstance(status, str) and status else resource.status
        self._set_encryption(kind, resource, details.get(kind.encryption_field))
        if isinstance(details.get("tags"), dict):
            resource.tags = [{"Key": key, "Value": value} for key, value in details["tags"].items()]

    def _refusal_names_key(self, kind: Kind, resource: KindResource, error: Exception) -> bool:
        """A Get that decrypts with the caller's kms:Decrypt was refused it: the refusal names the key, which is
        what the scan wanted to know. Whether that key is customer-managed is then DescribeKey's answer."""
        from agentcore_cmk_prowler.services.bedrockagentcore_service import key_named_by_refusal

        key_arn = key_named_by_refusal(error)
        if not key_arn:
            return False
        resource.encryption = key_arn
        resource.key_note = (f" (learnt from {_operation_name(kind.get_operation)}'s refusal: it decrypts the "
                             "resource with the caller's kms:Decrypt on this key, which the scan is not granted)")
        return True

    @staticmethod
    def _set_encryption(kind: Kind, resource: KindResource, value):
        resource.encryption = value
        if kind.shown_as and (value is None or isinstance(value, str)):
            setattr(resource, kind.shown_as, value)

    @staticmethod
    def _being_deleted(resource, found: dict, details: dict) -> bool:
        """Deletion began between the listing and the read: nothing left to judge."""
        if details.get("status") != DELETING:
            return False
        found.pop(resource.arn, None)
        return True

    def _add_harness_memories(self):
        """A harness's managed memory is a memory: judged once, as ListMemories lists it, or else from GetHarness."""
        for harness in self.harnesses.values():
            if harness.read_error:
                self._gap(MEMORY, harness.region, f"Harness {harness.name or harness.id} in {harness.region} could "
                          f"not be read ({harness.read_error}): a memory it manages was checked only if "
                          "ListMemories listed it")
                continue
            managed = harness.encryption.get("managedMemoryConfiguration") \
                if isinstance(harness.encryption, dict) else None
            if not isinstance(managed, dict):
                continue  # an existing memory (listed itself) or no memory
            arn = managed.get("arn") if isinstance(managed.get("arn"), str) else f"{harness.arn}/managed-memory"
            if arn in self.memories or self._filtered_out(arn):
                continue
            memory_id, owner = arn.rsplit("/", 1)[-1], harness.name or harness.id
            memory = Memory(id=memory_id, arn=arn, region=harness.region, harness=owner,
                            name=f"{memory_id} (managed by harness {owner})")
            self._set_encryption(KIND_BY_NAME[MEMORY], memory, managed.get("encryptionKeyArn"))
            self.memories[arn] = memory

    def _want_kind_keys(self, resource: KindResource):
        encryption = resource.encryption
        if resource.kind == AGENT_INSIGHT_STORE:
            if isinstance(encryption, dict):
                self._want_key(encryption.get("kmsKeyArn"))
        elif resource.kind == CAPACITY_PROVIDER:
            for volume in ebs_volumes(encryption) or []:
                key_id = volume.kms_key_id
                if is_unset(key_id) and volume.encrypted is True:
                    key_id = self.default_ebs_key(resource)[0]
                if isinstance(key_id, str) and not is_unset(key_id) and not aws_managed_alias(key_id):
                    self._want_key(self.volume_key_arn(resource, key_id))
        elif isinstance(encryption, str):
            self._want_key(encryption)
        elif encryption is not None:
            resource.encryption = as_api_text(encryption)  # not a key ARN: judged as a value that is not a key

    def volume_key_arn(self, resource, kms_key_id: str) -> str:
        """The ARN to describe an EBS kmsKeyId by: a key ID or alias name is of the volume's region and account."""
        return volume_key_arn(kms_key_id, self.audited_partition, resource.region, self.audited_account)

    def default_ebs_key(self, resource) -> tuple:
        """(KmsKeyId, None) of the account's default EBS key in the resource's region, or (None, why not)."""
        return self.ebs_default_keys.get(resource.region, (None, "it was not read"))

    def _log_not_offered(self):
        for kind, regions in sorted(self.not_offered.items()):
            logger.warning(f"The AgentCore {PLURAL[kind]} API is not offered in {', '.join(sorted(regions))}: "
                           f"no {kind} findings there")


def _models(client, operation: str, parameter: str) -> bool:
    from agentcore_cmk_prowler.services.bedrockagentcore_service import models_parameter

    return models_parameter(client, _operation_name(operation), parameter)


def _operation_name(operation: str) -> str:
    """``get_configuration_bundle`` -> ``GetConfigurationBundle``."""
    return "".join(part.capitalize() for part in operation.split("_"))


def _shown(value) -> str:
    shown = f"'{as_api_text(value)}'"
    return shown[:100] + "..." if len(shown) > 100 else shown
