"""Prowler service for the Amazon Bedrock AgentCore resources that keep data under a KMS key, and those keys.

It only reads (bedrock-agentcore-control: ListMemories, GetMemory, ListGateways, GetGateway,
ListTagsForResource, ListOauth2CredentialProviders, ListApiKeyCredentialProviders, GetTokenVault, ListHarnesses,
GetHarness and the List/Get pair of each kind in ``bedrockagentcore_kinds``; kms: DescribeKey) and never asks
for decrypted data: GetMemory is sent with view=without_decryption. Whatever it cannot read becomes a gap, which
the checks report as MANUAL, besides a logged error; a kind that a region does not offer yet is logged once and
gets no finding there.
"""

from __future__ import annotations

from functools import partial
from typing import Callable, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from botocore.exceptions import ClientError, EndpointConnectionError, OperationNotPageableError

from agentcore_cmk.verdicts import parse_key_reference
from prowler.lib.logger import logger
from prowler.lib.scan_filters.scan_filters import is_resource_filtered
from prowler.providers.aws.aws_provider import AwsProvider
from prowler.providers.aws.lib.service.service import AWSService

from agentcore_cmk_prowler.services.bedrockagentcore_kinds import HARNESS, KINDS, NOT_OFFERED_CODES
from agentcore_cmk_prowler.services.bedrockagentcore_kinds_reader import DELETING, KindsReader
from agentcore_cmk_prowler.services.bedrockagentcore_models import (
    ANY, GATEWAY, MEMORY, PLURAL, Gap, Gateway, KeyDescription, KindResource, Memory, TokenVault,
)
from agentcore_cmk_prowler.services.bedrockagentcore_regions import CONTROL_PLANE, control_plane_regions
from agentcore_cmk_prowler.services.bedrockagentcore_sdk import control_plane_session

# The largest ListMemories page the API reference documents (the default is 10): fewest calls per region.
LIST_PAGE_SIZE = 50
GATEWAY_PAGE_SIZE = 1000
# Whether a region's vault holds credentials needs one provider, not all of them.
ANY_PROVIDER_PAGE_SIZE = 1
#: GetMemory's view that leaves CMK-encrypted strategy data and prompts out: no kms:Decrypt needed.
MEMORY_VIEW = "without_decryption"
TOKEN_VAULT_ID = "default"


class BedrockAgentCore(KindsReader, AWSService):
    def __init__(self, provider: AwsProvider):
        # global_service: Prowler then makes no regional clients and looks up no default region for the service
        # in its region file, which an older Prowler lacks (a KeyError there aborts the scan); the clients and
        # regions come from _control_plane_clients instead.
        super().__init__(CONTROL_PLANE, provider, global_service=True)
        self.regional_clients: dict = {}
        self.memories: dict[str, Memory] = {}
        self.gateways: dict[str, Gateway] = {}
        self.token_vaults: dict[str, TokenVault] = {}
        #: kind name -> ARN -> resource, for every kind in KINDS.
        self.resources: dict[str, dict[str, KindResource]] = {kind.name: {} for kind in KINDS}
        self.harnesses: dict[str, KindResource] = {}
        #: kind name -> the regions that answered that they do not offer it.
        self.not_offered: dict[str, set] = {}
        self.keys: dict[str, KeyDescription] = {}
        self.gaps: list[Gap] = []
        self._kms_clients: dict = {}
        try:
            self._gather(provider)
        except Exception as error:
            # Whatever was read so far is still reported; the rest becomes a MANUAL finding, never silence.
            _log(self.region, error)
            self._gap(ANY, self.region, f"The AgentCore scan stopped early ({_describe(error)}): resources "
                      "after that point were not checked")

    def _gather(self, provider: AwsProvider):
        self.regional_clients = self._control_plane_clients(provider)
        listers = [self._list_memories, self._list_gateways, self._find_token_vault]
        listers += [partial(self._list_kind, kind) for kind in (*KINDS, HARNESS)]
        listings = [(client, lister) for client in self.regional_clients.values() for lister in listers]
        self.__threading_call__(_run_listing, listings)
        self._log_not_offered()
        # One task per resource for all of its calls: a single pass over the thread pool, not one per call.
        reads = ([(self._read_memory, m) for m in list(self.memories.values())]
                 + [(self._read_gateway, g) for g in list(self.gateways.values())]
                 + [(self._read_token_vault, v) for v in list(self.token_vaults.values())]
                 + [(self._read_kind, r) for found in self.resources.values() for r in list(found.values())
                    if r.encryption is None and not r.read_error]
                 + [(self._read_kind, h) for h in list(self.harnesses.values())])
        self.__threading_call__(_run_read, reads)
        self._add_harness_memories()
        for found in self.resources.values():
            for resource in found.values():
                self._want_kind_keys(resource)
        self._kms_clients = self._clients_for_key_regions()
        self.__threading_call__(self._describe_key, list(self.keys.values()))

    # --- clients ---------------------------------------------------------------------------------------

    def _control_plane_clients(self, provider: AwsProvider) -> dict:
        """A bedrock-agentcore-control client per audited region, as Prowler's generate_regional_clients would
        make one if its region file listed the service under the client's name."""
        regions = control_plane_regions(self.session, self.audited_partition, provider.identity.audited_regions)
        regions -= getattr(provider, "_excluded_regions", None) or set()
        enabled = getattr(provider, "_enabled_regions", None)
        if enabled is not None:
            regions &= enabled
        clients = {}
        session = control_plane_session(self.session)
        for region in sorted(regions):
            try:
                client = session.client(CONTROL_PLANE, region_name=region)
            except Exception as error:
                _log(region, error)
                self._gap(ANY, region, f"No AgentCore client could be made for {region} ({_describe(error)}): "
                          "the region was not checked")
                continue
            _ask_without_decryption(client)
            client.region = region
            clients[region] = client
        return clients

    def _clients_for_key_regions(self) -> dict:
        # boto3 clients are created here, in one thread: creating them from a shared session is not thread-safe.
        regions = {_key_region(key.arn) for key in self.keys.values()} - {None}
        return {region: self.session.client("kms", region_name=region) for region in sorted(regions)}

    # --- listing, one task per region and resource kind ------------------------------------------------

    def _list_memories(self, client):
        self._list(client, MEMORY, "list_memories", "memories", {"PageSize": LIST_PAGE_SIZE}, self._add_memory)

    def _add_memory(self, region: str, summary: dict):
        memory_id, arn = self._identify(summary, "id", "arn", "memory", region)
        if summary.get("status") == DELETING or self._filtered_out(arn):
            return
        self.memories[arn] = Memory(id=memory_id, arn=arn, region=region, status=summary.get("status"))

    def _list_gateways(self, client):
        self._list(client, GATEWAY, "list_gateways", "items", {"PageSize": GATEWAY_PAGE_SIZE}, self._add_gateway)

    def _add_gateway(self, region: str, summary: dict):
        gateway_id, arn = self._identify(summary, "gatewayId", None, "gateway", region)
        if summary.get("status") == DELETING or self._filtered_out(arn):
            return
        self.gateways[arn] = Gateway(id=gateway_id, arn=arn, region=region, name=summary.get("name"),
                                     status=summary.get("status"))

    def _list(self, client, kind: str, operation: str, key: str, pages: dict, add: Callable[[str, dict], None],
              skip_not_offered: bool = False):
        listed = 0
        try:
            for page in client.get_paginator(operation).paginate(PaginationConfig=pages):
                for summary in page.get(key) or []:
                    self._add_summary(add, kind, client.region, summary)
                    listed += 1
        except Exception as error:
            if skip_not_offered and not listed and _not_offered(error):
                self.not_offered.setdefault(kind, set()).add(f"{client.region} ({_describe(error)})")
                return
            _log(client.region, error)
            after = f" after {listed} {PLURAL[kind]}" if listed else ""
            self._gap(kind, client.region, f"The {PLURAL[kind]} of {client.region} could not all be listed"
                      f"{after} ({_describe(error)}): the missing ones were not checked")

    def _add_summary(self, add: Callable[[str, dict], None], kind: str, region: str, summary: dict):
        """One listed resource; one that cannot be used is a gap, and the rest of the region is still read."""
        try:
            add(region, summary)
        except Exception as error:
            logger.error(f"{region} -- a listed {kind} could not be used ({_describe(error)}): {summary!r}")
            self._gap(kind, region, f"A {kind} listed in {region} could not be checked ({_describe(error)})")

    def _identify(self, summary: dict, id_key: str, arn_key: Optional[str], kind: str, region: str):
        """The summary's id and ARN, one built from the other when the summary lacks it (the API model makes
        both optional)."""
        resource_id = summary.get(id_key)
        arn = summary.get(arn_key) if arn_key else None
        if not resource_id and arn:
            resource_id = arn.rsplit("/", 1)[-1]
        if not resource_id:
            raise ValueError(f"it has no {id_key}" + (f" or {arn_key}" if arn_key else ""))
        return resource_id, arn or self._arn(region, f"{kind}/{resource_id}")

    def _find_token_vault(self, client):
        """The region's vault, to be read when it holds credentials or when unused services are scanned too."""
        region = client.region
        vault = TokenVault(id=TOKEN_VAULT_ID, arn=self._arn(region, f"token-vault/{TOKEN_VAULT_ID}"), region=region)
        if self._filtered_out(vault.arn):
            return
        if not self.provider.scan_unused_services:
            vault.holds_credentials = self._holds_credentials(client)
            if vault.holds_credentials is False:
                return
        self.token_vaults[vault.arn] = vault

    def _holds_credentials(self, client) -> Optional[bool]:
        """Whether OAuth2 or API-key credential providers exist in the region; None when it could not be told."""
        unknown = False
        for operation in ("list_oauth2_credential_providers", "list_api_key_credential_providers"):
            try:
                if getattr(client, operation)(maxResults=ANY_PROVIDER_PAGE_SIZE).get("credentialProviders"):
                    return True
            except Exception as error:
                _log(client.region, error)
                unknown = True
        return None if unknown else False

    # --- reading each resource -------------------------------------------------------------------------

    def _read_memory(self, memory: Memory):
        details = self._get(memory, self.memories, "get_memory", memoryId=memory.id, **self._memory_view(memory))
        if details is None:
            return
        details = details.get("memory", {})
        if self._being_deleted(memory, self.memories, details):
            return
        memory.name = details.get("name")
        memory.status = details.get("status") or memory.status
        memory.encryption_key_arn = details.get("encryptionKeyArn")
        self._want_key(memory.encryption_key_arn)
        self._list_tags(memory)

    def _memory_view(self, memory: Memory) -> dict:
        # With a botocore that models the parameter; otherwise _ask_without_decryption adds it to the request.
        client = self.regional_clients[memory.region]
        return {"view": MEMORY_VIEW} if _models_memory_view(client) else {}

    def _read_gateway(self, gateway: Gateway):
        details = self._get(gateway, self.gateways, "get_gateway", gatewayIdentifier=gateway.id)
        if details is None:
            return
        if self._being_deleted(gateway, self.gateways, details):
            return
        gateway.name = details.get("name") or gateway.name
        gateway.status = details.get("status") or gateway.status
        gateway.kms_key_arn = details.get("kmsKeyArn")
        self._want_key(gateway.kms_key_arn)
        self._list_tags(gateway)

    def _read_token_vault(self, vault: TokenVault):
        details = self._get(vault, self.token_vaults, "get_token_vault", tokenVaultId=vault.id)
        if details is None:
            return
        vault.kms_configuration = details.get("kmsConfiguration")
        if vault.kms_configuration:
            self._want_key(vault.kms_configuration.get("kmsKeyArn"))

    def _get(self, resource, found: dict, operation: str, **params) -> Optional[dict]:
        """The resource's details; None when they could not be read (then read_error says why) or it is gone."""
        try:
            return getattr(self.regional_clients[resource.region], operation)(**params)
        except ClientError as error:
            _log(resource.region, error)
            if _error_code(error) == "ResourceNotFoundException":
                # Deleted between the listing and now (or a vault never created): nothing to judge.
                found.pop(resource.arn, None)
                return None
            resource.read_error = _error_code(error)
        except Exception as error:
            _log(resource.region, error)
            resource.read_error = error.__class__.__name__
        return None

    @staticmethod
    def _being_deleted(resource, found: dict, details: dict) -> bool:
        """Deletion began between the listing and the read: nothing left to judge."""
        if details.get("status") != DELETING:
            return False
        found.pop(resource.arn, None)
        return True

    def _list_tags(self, resource):
        try:
            tags = self.regional_clients[resource.region].list_tags_for_resource(resourceArn=resource.arn)
            resource.tags = [{"Key": key, "Value": value} for key, value in (tags.get("tags") or {}).items()]
        except Exception as error:
            _log(resource.region, error)
            resource.tags_error = _error_code(error) if isinstance(error, ClientError) else error.__class__.__name__

    def _want_key(self, key_arn: Optional[str]):
        # What is not a KMS key, or names an AWS managed one, is judged without asking KMS.
        reference = parse_key_reference(key_arn)
        if reference and not reference.aws_managed:
            self.keys.setdefault(key_arn, KeyDescription(arn=key_arn))

    def _describe_key(self, key: KeyDescription):
        region = _key_region(key.arn)
        if region is None:
            key.error = "an alias name without an ARN's region and account, which the scan does not describe"
            return
        try:
            key.metadata = self._kms_clients[region].describe_key(KeyId=key.arn)["KeyMetadata"]
        except ClientError as error:
            key.error = _error_code(error)
            _log(region, error)
        except Exception as error:
            key.error = error.__class__.__name__
            _log(region, error)

    # --- helpers -----------------------------------------------------------------------------------------

    def _filtered_out(self, arn: str) -> bool:
        return bool(self.audit_resources) and not is_resource_filtered(arn, self.audit_resources)

    def _arn(self, region: str, resource: str) -> str:
        return f"arn:{self.audited_partition}:bedrock-agentcore:{region}:{self.audited_account}:{resource}"

    def _gap(self, kind: str, region: str, reason: str):
        what = "any" if kind == ANY else kind.replace(" ", "-")
        self.gaps.append(Gap(kind=kind, id=f"{what}/{region}", arn=self._arn(region, f"{what}/*"),
                             region=region, reason=reason))

    def gaps_for(self, kind: str) -> list[Gap]:
        """The gaps a check about ``kind`` reports: its own and those that stopped every kind (the memory check
        also those of harnesses, whose managed memories it judges)."""
        kinds = (kind, ANY, HARNESS.name) if kind == MEMORY else (kind, ANY)
        return [gap for gap in self.gaps if gap.kind in kinds]


def _run_listing(task):
    client, lister = task
    lister(client)


def _run_read(task):
    reader, resource = task
    reader(resource)


def _models_memory_view(client) -> bool:
    shape = client.meta.service_model.operation_model("GetMemory").input_shape
    return "view" in shape.members


def _ask_without_decryption(client):
    """Add view=without_decryption to every GetMemory request of a botocore that does not model it."""
    if not _models_memory_view(client):
        client.meta.events.register(f"before-call.{CONTROL_PLANE}.GetMemory", _add_memory_view)


def _add_memory_view(params, **_):
    url = urlsplit(params["url"])
    query = [(name, value) for name, value in parse_qsl(url.query, keep_blank_values=True) if name != "view"]
    params["url"] = urlunsplit(url._replace(query=urlencode(query + [("view", MEMORY_VIEW)])))
    params.setdefault("query_string", {})["view"] = MEMORY_VIEW


def _key_region(key_arn: str) -> Optional[str]:
    """The region of a KMS key or alias ARN, or None for anything else."""
    reference = parse_key_reference(key_arn)
    return reference.region if reference else None


def _not_offered(error: Exception) -> bool:
    """Whether a List call's error says the operation does not exist where it was sent (a region or partition
    without it). A List takes no resource in its path, so a 404 can only mean that the route is unknown."""
    if isinstance(error, (EndpointConnectionError, OperationNotPageableError)):
        return True
    if not isinstance(error, ClientError):
        return False
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return _error_code(error) in NOT_OFFERED_CODES or status == 404


def _error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code") or error.__class__.__name__


def _describe(error: Exception) -> str:
    return _error_code(error) if isinstance(error, ClientError) else f"{error.__class__.__name__}: {error}"


def _log(region: str, error: Exception) -> None:
    logger.error(f"{region} -- {error.__class__.__name__}[{error.__traceback__.tb_lineno}]: {error}")
