"""What the AgentCore service reads of the kinds in ``bedrockagentcore_kinds`` and of harnesses, whose managed
memories are memories: a mixin of ``BedrockAgentCore``, which lists, gets and describes keys for it."""

from __future__ import annotations

from functools import partial
from typing import Optional

from agentcore_cmk.live_kinds import ebs_volumes, volume_key_arn
from agentcore_cmk.verdicts import aws_managed_alias, is_unset
from prowler.lib.logger import logger

from agentcore_cmk_prowler.services.bedrockagentcore_kinds import HARNESS, KIND_BY_NAME, PAGE_SIZE, Kind
from agentcore_cmk_prowler.services.bedrockagentcore_models import (
    AGENT_INSIGHT_STORE, CAPACITY_PROVIDER, MEMORY, PLURAL, KindResource, Memory,
)

# A resource being deleted has nothing left to judge.
DELETING = "DELETING"


class KindsReader:
    """Needs the service's resources, harnesses, memories, not_offered, _list, _identify, _get and _want_key."""

    def _list_kind(self, kind: Kind, client):
        add = self._add_harness if kind is HARNESS else partial(self._add_kind, kind)
        self._list(client, kind.name, kind.list_operation, kind.list_key, {"PageSize": PAGE_SIZE}, add,
                   skip_not_offered=True)

    def _add_kind(self, kind: Kind, region: str, summary: dict):
        resource = self._kind_resource(kind, region, summary)
        if resource is None:
            return
        if kind.name == AGENT_INSIGHT_STORE and summary.get("enablementStatus") == "DISABLED" \
                and not self.provider.scan_unused_services:
            return  # Prowler's convention for services not in use: reported only when asked to
        # Read from the summary when the list carries the field; a Get otherwise, or to confirm it is absent.
        resource.encryption = summary.get(kind.encryption_field)
        self.resources[kind.name][resource.arn] = resource

    def _add_harness(self, region: str, summary: dict):
        harness = self._kind_resource(HARNESS, region, summary)
        if harness is not None:
            self.harnesses[harness.arn] = harness

    def _kind_resource(self, kind: Kind, region: str, summary: dict) -> Optional[KindResource]:
        resource_id, arn = self._identify(summary, kind.id_key, kind.arn_key, kind.arn_type, region)
        # A harness is not reported itself: --resource-arn and tags filter the memory it manages instead.
        if summary.get("status") == DELETING or (kind is not HARNESS and self._filtered_out(arn)):
            return None
        return KindResource(kind=kind.name, id=resource_id, arn=arn, region=region,
                            name=summary.get(kind.name_key), status=summary.get("status"))

    def _read_kind(self, resource: KindResource):
        kind = HARNESS if resource.kind == HARNESS.name else KIND_BY_NAME[resource.kind]
        found = self.harnesses if kind is HARNESS else self.resources[kind.name]
        details = self._get(resource, found, kind.get_operation, **{kind.get_parameter: resource.id})
        if details is None:
            return
        details = details.get(kind.get_key) or {} if kind.get_key else details
        if self._being_deleted(resource, found, details):
            return
        resource.name = details.get(kind.name_key) or resource.name
        resource.status = details.get("status") or resource.status
        resource.encryption = details.get(kind.encryption_field)
        if isinstance(details.get("tags"), dict):
            resource.tags = [{"Key": key, "Value": value} for key, value in details["tags"].items()]

    def _add_harness_memories(self):
        """A harness's managed memory is a memory: judged once, as ListMemories lists it, or else from GetHarness."""
        for harness in self.harnesses.values():
            if harness.read_error:
                self._gap(MEMORY, harness.region, f"Harness {harness.name or harness.id} in {harness.region} could "
                          f"not be read ({harness.read_error}): a memory it manages was checked only if "
                          "ListMemories listed it")
                continue
            managed = (harness.encryption or {}).get("managedMemoryConfiguration")
            if not isinstance(managed, dict):
                continue  # an existing memory (listed itself) or no memory
            arn = managed.get("arn") or f"{harness.arn}/managed-memory"
            if arn in self.memories or self._filtered_out(arn):
                continue
            memory_id, owner = arn.rsplit("/", 1)[-1], harness.name or harness.id
            self.memories[arn] = Memory(id=memory_id, arn=arn, region=harness.region, harness=owner,
                                        name=f"{memory_id} (managed by harness {owner})",
                                        encryption_key_arn=managed.get("encryptionKeyArn"))
            self._want_key(managed.get("encryptionKeyArn"))

    def _want_kind_keys(self, resource: KindResource):
        encryption = resource.encryption
        if resource.kind == AGENT_INSIGHT_STORE:
            if isinstance(encryption, dict):
                self._want_key(encryption.get("kmsKeyArn"))
        elif resource.kind == CAPACITY_PROVIDER:
            for volume in ebs_volumes(encryption) or []:
                key_id = volume.kms_key_id
                if isinstance(key_id, str) and not is_unset(key_id) and not aws_managed_alias(key_id):
                    self._want_key(self.volume_key_arn(resource, key_id))
        elif isinstance(encryption, str):
            self._want_key(encryption)
        elif encryption is not None:
            resource.encryption = repr(encryption)  # not a key ARN: judged as one that cannot be described

    def volume_key_arn(self, resource, kms_key_id: str) -> str:
        """The ARN to describe an EBS kmsKeyId by: a key ID or alias name is of the volume's region and account."""
        return volume_key_arn(kms_key_id, self.audited_partition, resource.region, self.audited_account)

    def _log_not_offered(self):
        for kind, regions in sorted(self.not_offered.items()):
            logger.warning(f"The AgentCore {PLURAL[kind]} API is not offered in {', '.join(sorted(regions))}: "
                           f"no {kind} findings there")
