"""Prowler service for Amazon Bedrock AgentCore memories and the KMS keys that encrypt them.

It only reads: ListMemories, GetMemory, ListTagsForResource (bedrock-agentcore-control) and DescribeKey (kms).
"""

from __future__ import annotations

from typing import Optional

from botocore.exceptions import ClientError
from pydantic.v1 import BaseModel

from prowler.lib.logger import logger
from prowler.lib.scan_filters.scan_filters import is_resource_filtered
from prowler.providers.aws.aws_provider import AwsProvider
from prowler.providers.aws.lib.service.service import AWSService

CONTROL_PLANE = "bedrock-agentcore-control"
# Prowler's region file names the service "bedrock-agentcore"; a newer one may list the control plane too.
REGION_FILE_KEYS = ("bedrock-agentcore", CONTROL_PLANE)
# The largest ListMemories page the API reference documents (the default is 10): fewest calls per region.
LIST_PAGE_SIZE = 50


class Memory(BaseModel):
    id: str
    arn: str
    region: str
    name: Optional[str] = None
    encryption_key_arn: Optional[str] = None
    tags: list = []
    # The error code when GetMemory failed: the memory exists, its key is unknown.
    read_error: Optional[str] = None


class KeyDescription(BaseModel):
    arn: str
    metadata: Optional[dict] = None
    # The error code when DescribeKey failed.
    error: Optional[str] = None


class BedrockAgentCore(AWSService):
    def __init__(self, provider: AwsProvider):
        super().__init__(CONTROL_PLANE, provider)
        self.regional_clients = self._control_plane_clients(provider)
        self.memories: dict[str, Memory] = {}
        self.keys: dict[str, KeyDescription] = {}
        self.__threading_call__(self._list_memories)
        # One task per memory for both calls: a single pass over the thread pool, not two with a wait between.
        self.__threading_call__(self._read_memory, list(self.memories.values()))
        self._kms_clients = self._clients_for_key_regions()
        self.__threading_call__(self._describe_key, list(self.keys.values()))

    def _control_plane_clients(self, provider: AwsProvider) -> dict:
        """A bedrock-agentcore-control client per audited region, as Prowler's generate_regional_clients would
        make one if its region file listed the service under the client's name."""
        regions = set()
        for key in REGION_FILE_KEYS:
            regions |= AwsProvider.get_available_aws_service_regions(
                key, self.audited_partition, provider.identity.audited_regions
            )
        regions -= getattr(provider, "_excluded_regions", None) or set()
        enabled = getattr(provider, "_enabled_regions", None)
        if enabled is not None:
            regions &= enabled
        clients = {}
        for region in sorted(regions):
            client = self.session.client(CONTROL_PLANE, region_name=region)
            client.region = region
            clients[region] = client
        return clients

    def _list_memories(self, regional_client):
        try:
            pages = regional_client.get_paginator("list_memories").paginate(
                PaginationConfig={"PageSize": LIST_PAGE_SIZE}
            )
            for page in pages:
                for summary in page.get("memories", []):
                    arn = summary["arn"]
                    if self.audit_resources and not is_resource_filtered(arn, self.audit_resources):
                        continue
                    self.memories[arn] = Memory(id=summary["id"], arn=arn, region=regional_client.region)
        except Exception as error:
            _log(regional_client.region, error)

    def _read_memory(self, memory: Memory):
        if self._get_memory(memory):
            self._list_tags_for_resource(memory)

    def _get_memory(self, memory: Memory) -> bool:
        """Fill in the memory's details; False when it no longer exists."""
        try:
            details = self.regional_clients[memory.region].get_memory(memoryId=memory.id)["memory"]
            memory.name = details.get("name")
            memory.encryption_key_arn = details.get("encryptionKeyArn")
            if memory.encryption_key_arn:
                self.keys.setdefault(memory.encryption_key_arn, KeyDescription(arn=memory.encryption_key_arn))
        except ClientError as error:
            code = _error_code(error)
            _log(memory.region, error)
            if code == "ResourceNotFoundException":
                # Deleted between ListMemories and GetMemory: nothing left to judge.
                self.memories.pop(memory.arn, None)
                return False
            memory.read_error = code
        except Exception as error:
            memory.read_error = error.__class__.__name__
            _log(memory.region, error)
        return True

    def _list_tags_for_resource(self, memory: Memory):
        try:
            tags = self.regional_clients[memory.region].list_tags_for_resource(resourceArn=memory.arn)
            memory.tags = [{"Key": key, "Value": value} for key, value in tags.get("tags", {}).items()]
        except Exception as error:
            _log(memory.region, error)

    def _clients_for_key_regions(self) -> dict:
        # boto3 clients are created here, in one thread: creating them from a shared session is not thread-safe.
        regions = {_key_region(key.arn) for key in self.keys.values()} - {None}
        return {region: self.session.client("kms", region_name=region) for region in sorted(regions)}

    def _describe_key(self, key: KeyDescription):
        region = _key_region(key.arn)
        if region is None:
            key.error = "not a KMS key ARN"
            return
        try:
            key.metadata = self._kms_clients[region].describe_key(KeyId=key.arn)["KeyMetadata"]
        except ClientError as error:
            key.error = _error_code(error)
            _log(region, error)
        except Exception as error:
            key.error = error.__class__.__name__
            _log(region, error)


def _key_region(key_arn: str) -> Optional[str]:
    """The region of arn:partition:kms:region:account:key/id, or None for anything else."""
    parts = key_arn.split(":", 5)
    if len(parts) == 6 and parts[2] == "kms" and parts[3]:
        return parts[3]
    return None


def _error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code") or error.__class__.__name__


def _log(region: str, error: Exception) -> None:
    logger.error(f"{region} -- {error.__class__.__name__}[{error.__traceback__.tb_lineno}]: {error}")
