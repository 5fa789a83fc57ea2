"""Prowler service for the Amazon Bedrock AgentCore resources that keep data under a KMS key, and those keys.

It only reads: the List/Get pair of each kind in ``bedrockagentcore_kinds`` (memories and gateways included), tags,
whether each region's token vault holds credentials and its KMS configuration, kms:DescribeKey and
ec2:GetEbsDefaultKmsKeyId. It asks for no decrypted data: GetMemory is sent with view=without_decryption and policy
engines are read through their summary operations; GetConfigurationBundle, the only read that returns a bundle's
key, decrypts with the caller's kms:Decrypt, which the scan's policy does not grant (see docs/prowler.md).

Whatever it cannot read becomes a gap or the resource's own MANUAL verdict, besides a logged error, and stays
local: a value that does not parse, a client that cannot be made or a call that fails costs only the resource (or
the region's listing of that kind) it is about. A kind that a region does not offer yet is logged once and gets no
finding there.
"""

from __future__ import annotations

import http
import re
from functools import partial
from typing import Callable, Optional
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError, OperationNotPageableError

from agentcore_cmk.live_kinds import ebs_volumes
from agentcore_cmk.verdicts import is_region, is_unset, parse_key_reference
from prowler.lib.logger import logger
from prowler.lib.scan_filters.scan_filters import is_resource_filtered
from prowler.providers.aws.aws_provider import AwsProvider
from prowler.providers.aws.lib.service.service import AWSService

from agentcore_cmk_prowler.services.bedrockagentcore_kinds import (
    CREDENTIAL_PROVIDER_LISTS, HARNESS, KINDS, MEMORY_VIEW, NOT_OFFERED_CODES, TOKEN_VAULT_GET,
)
from agentcore_cmk_prowler.services.bedrockagentcore_kinds_reader import KindsReader
from agentcore_cmk_prowler.services.bedrockagentcore_models import (
    ANY, CAPACITY_PROVIDER, GATEWAY, MEMORY, PLURAL, Gap, KeyDescription, KindResource, TokenVault,
)
from agentcore_cmk_prowler.services.bedrockagentcore_regions import CONTROL_PLANE, control_plane_regions
from agentcore_cmk_prowler.services.bedrockagentcore_sdk import control_plane_session

# Whether a region's vault holds credentials needs one provider, not all of them.
ANY_PROVIDER_PAGE_SIZE = 1
TOKEN_VAULT_ID = "default"


class BedrockAgentCore(KindsReader, AWSService):
    def __init__(self, provider: AwsProvider):
        # global_service: Prowler then makes no regional clients and looks up no default region for the service
        # in its region file, which an older Prowler lacks (a KeyError there aborts the scan); the clients and
        # regions come from _control_plane_clients instead.
        super().__init__(CONTROL_PLANE, provider, global_service=True)
        self.regional_clients: dict = {}
        #: kind name -> ARN -> resource, for every kind in KINDS (memories and gateways included).
        self.resources: dict[str, dict[str, KindResource]] = {kind.name: {} for kind in KINDS}
        self.token_vaults: dict[str, TokenVault] = {}
        self.harnesses: dict[str, KindResource] = {}
        #: kind name -> the regions that answered that they do not offer it.
        self.not_offered: dict[str, set] = {}
        self.keys: dict[str, KeyDescription] = {}
        #: region -> (the account's default EBS KmsKeyId, None) or (None, what went wrong), where a capacity
        #: provider has a volume encrypted without a kmsKeyId.
        self.ebs_default_keys: dict[str, tuple] = {}
        self.gaps: list[Gap] = []
        #: The scan-wide gaps already reported by one check: each is one finding, not one per check.
        self._reported_gaps: set = set()
        self._kms_clients: dict = {}
        self._kms_client_errors: dict = {}
        try:
            self._gather(provider)
        except Exception as error:
            # Whatever was read so far is still reported; the rest becomes one MANUAL finding, never silence.
            _log(self.region, error)
            self._gap(ANY, self.region, f"The AgentCore scan stopped early ({describe(error)}): AgentCore "
                      "resources after that point were not checked, by any of the AgentCore checks")

    @property
    def memories(self) -> dict:
        return self.resources[MEMORY]

    @property
    def gateways(self) -> dict:
        return self.resources[GATEWAY]

    def _gather(self, provider: AwsProvider):
        self.regional_clients = self._control_plane_clients(provider)
        listers = [self._find_token_vault] + [partial(self._list_kind, kind) for kind in (*KINDS, HARNESS)]
        listings = [(client, lister) for client in self.regional_clients.values() for lister in listers]
        self.__threading_call__(_run_listing, listings)
        self._log_not_offered()
        # One task per resource for all of its calls: a single pass over the thread pool, not one per call.
        reads = ([(self._read_token_vault, v) for v in list(self.token_vaults.values())]
                 + [(self._read_kind, r) for found in self.resources.values() for r in list(found.values())
                    if r.encryption is None and not r.read_error]
                 + [(self._read_kind, h) for h in list(self.harnesses.values())]
                 + [(self._list_tags, r) for kind in KINDS if kind.list_tags
                    for r in list(self.resources[kind.name].values()) if not r.read_error])
        self.__threading_call__(_run_read, reads)
        self._add_harness_memories()
        self._read_ebs_default_keys()
        for found in self.resources.values():
            for resource in found.values():
                try:
                    self._want_kind_keys(resource)
                except Exception as error:  # a value that does not parse costs its own resource only
                    _log(resource.region, error)
                    resource.read_error = f"its encryption settings could not be understood ({describe(error)})"
        self._describe_keys()

    def _describe_keys(self):
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
                self._gap(ANY, region, f"No AgentCore client could be made for {region} ({describe(error)}): "
                          "the region was not checked")
                continue
            _ask_without_decryption(client)
            client.region = region
            clients[region] = client
        return clients

    def _clients_for_key_regions(self) -> dict:
        """A KMS client per region of the keys to describe. Created here, in one thread (creating boto3 clients
        from a shared session is not thread-safe); a region that gets none costs only its own keys."""
        clients = {}
        for region in sorted({_key_region(key.arn) for key in self.keys.values()} - {None}):
            if not is_region(region):
                continue
            try:
                clients[region] = self.session.client("kms", region_name=region)
            except Exception as error:
                _log(region, error)
                self._kms_client_errors[region] = describe(error)
        return clients

    # --- listing, one task per region and resource kind ------------------------------------------------

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
                self.not_offered.setdefault(kind, set()).add(f"{client.region} ({describe(error)})")
                return
            _log(client.region, error)
            after = f" after {listed} {PLURAL[kind]}" if listed else ""
            self._gap(kind, client.region, f"The {PLURAL[kind]} of {client.region} could not all be listed"
                      f"{after} ({describe(error)}): the missing ones were not checked")

    def _add_summary(self, add: Callable[[str, dict], None], kind: str, region: str, summary):
        """One listed resource; one that cannot be used is a gap, and the rest of the region is still read."""
        try:
            if not isinstance(summary, dict):
                raise ValueError(f"the listing gave {type(summary).__name__} instead of a {kind}'s summary")
            add(region, summary)
        except Exception as error:
            logger.error(f"{region} -- a listed {kind} could not be used ({describe(error)}): {summary!r}")
            self._gap(kind, region, f"A {kind} listed in {region} could not be checked ({describe(error)})")

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
        """Whether OAuth2, API-key or payment credential providers exist in the region; None when it could not
        be told."""
        unknown = False
        for operation in CREDENTIAL_PROVIDER_LISTS:
            try:
                if getattr(client, operation)(maxResults=ANY_PROVIDER_PAGE_SIZE).get("credentialProviders"):
                    return True
            except Exception as error:
                _log(client.region, error)
                unknown = True
        return None if unknown else False

    # --- reading each resource -------------------------------------------------------------------------

    def _read_token_vault(self, vault: TokenVault):
        details = self._get(vault, self.token_vaults, TOKEN_VAULT_GET, tokenVaultId=vault.id)
        if details is None:
            return
        configuration = details.get("kmsConfiguration")
        vault.kms_configuration = configuration if isinstance(configuration, dict) else None
        if configuration is not None and not isinstance(configuration, dict):
            vault.read_error = "its kmsConfiguration is not a KMS configuration"
        if vault.kms_configuration:
            self._want_key(vault.kms_configuration.get("kmsKeyArn"))

    def _get(self, resource, found: dict, operation: str, refused: Optional[Callable[[Exception], bool]] = None,
             **params) -> Optional[dict]:
        """The resource's details; None when they could not be read (then read_error says why, unless ``refused``
        took the error as an answer) or it is gone."""
        try:
            details = getattr(self.regional_clients[resource.region], operation)(**params)
        except ClientError as error:
            _log(resource.region, error)
            if refused and refused(error):
                return None
            if _error_code(error) == "ResourceNotFoundException":
                # Deleted between the listing and now (or a vault never created): nothing to judge.
                found.pop(resource.arn, None)
                return None
            resource.read_error = describe(error)
            return None
        except Exception as error:
            _log(resource.region, error)
            resource.read_error = describe(error)
            return None
        if not isinstance(details, dict):
            resource.read_error = f"{operation} gave no document"
            return None
        return details

    def _list_tags(self, resource):
        try:
            tags = self.regional_clients[resource.region].list_tags_for_resource(resourceArn=resource.arn)
            resource.tags = [{"Key": key, "Value": value} for key, value in (tags.get("tags") or {}).items()]
        except Exception as error:
            _log(resource.region, error)
            resource.tags_error = describe(error)

    def _want_key(self, key_arn):
        # What is not a KMS key, names an AWS managed one or cannot be sent to KMS is judged without asking KMS.
        reference = parse_key_reference(key_arn)
        if reference and not reference.aws_managed and (reference.partition in (None, self.audited_partition)):
            self.keys.setdefault(key_arn, KeyDescription(arn=key_arn))

    def _read_ebs_default_keys(self):
        """The account's default EBS key in each region where a capacity provider has a volume encrypted without
        a kmsKeyId: EBS encrypts such a volume with it."""
        regions = sorted({resource.region for resource in self.resources[CAPACITY_PROVIDER].values()
                          if _uses_default_ebs_key(resource)})
        clients = {}
        for region in regions:  # made in one thread, as the KMS clients
            try:
                clients[region] = self.session.client("ec2", region_name=region)
            except Exception as error:
                _log(region, error)
                self.ebs_default_keys[region] = (None, f"no EC2 client could be made for {region} "
                                                       f"({describe(error)})")
        self.__threading_call__(self._read_ebs_default_key, list(clients.items()))

    def _read_ebs_default_key(self, region_client):
        region, client = region_client
        try:
            key_id = client.get_ebs_default_kms_key_id().get("KmsKeyId")
            self.ebs_default_keys[region] = (key_id, None) if isinstance(key_id, str) and key_id.strip() else (
                None, "GetEbsDefaultKmsKeyId named no key")
        except Exception as error:
            _log(region, error)
            self.ebs_default_keys[region] = (None, describe(error))

    def _describe_key(self, key: KeyDescription):
        region = _key_region(key.arn)
        if region is None:
            key.error = "an alias name without an ARN's region and account, which the scan does not describe"
            return
        if region not in self._kms_clients:
            key.error = (f"no KMS client could be made for {region} ({self._kms_client_errors[region]})"
                         if region in self._kms_client_errors else f"{region!r} is not an AWS region name")
            return
        try:
            metadata = self._kms_clients[region].describe_key(KeyId=key.arn).get("KeyMetadata")
        except Exception as error:
            key.error = describe(error)
            _log(region, error)
            return
        if isinstance(metadata, dict):
            key.metadata = metadata
        else:
            key.error = "DescribeKey gave no key metadata"

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
        """The gaps a check about ``kind`` reports: its own (the memory check also those of harnesses, whose
        managed memories it judges), and the scan-wide ones once, with whichever check asks first."""
        kinds = (kind, HARNESS.name) if kind == MEMORY else (kind,)
        own = [gap for gap in self.gaps if gap.kind in kinds]
        scan_wide = [gap for gap in self.gaps if gap.kind == ANY and id(gap) not in self._reported_gaps]
        self._reported_gaps.update(id(gap) for gap in scan_wide)
        return own + scan_wide


def _uses_default_ebs_key(resource: KindResource) -> bool:
    return any(volume.encrypted is True and is_unset(volume.kms_key_id)
               for volume in ebs_volumes(resource.encryption) or [])


def _run_listing(task):
    client, lister = task
    lister(client)


def _run_read(task):
    """One resource's reads. Prowler's thread pool drops a task's exception silently, which would leave the
    resource judged as if it had no key: what could not be used makes it unreadable instead."""
    reader, resource = task
    try:
        reader(resource)
    except Exception as error:
        _log(resource.region, error)
        resource.read_error = resource.read_error or f"its answer could not be used ({describe(error)})"


def models_parameter(client, operation: str, parameter: str) -> bool:
    shape = client.meta.service_model.operation_model(operation).input_shape
    return shape is not None and parameter in shape.members


def _ask_without_decryption(client):
    """Add view=without_decryption to every GetMemory request of a botocore that does not model it."""
    if not models_parameter(client, "GetMemory", "view"):
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


def describe(error: Exception) -> str:
    """What went wrong, in words: AWS's error code when it named one, else what the HTTP status means."""
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code") or "")
        if code and not code.isdigit():
            return code
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or (int(code) if code else None)
        return _http_status_in_words(status)
    if isinstance(error, BotoCoreError):
        return f"{error.__class__.__name__}: {error}"
    return f"{error.__class__.__name__}: {error}"


def _http_status_in_words(status) -> str:
    try:
        phrase = http.HTTPStatus(int(status)).phrase
    except (TypeError, ValueError):
        return "an error answer without an error code"
    kind = "an internal error of the service" if int(status) >= 500 else "a refusal"
    return f"{kind}: HTTP status {status} {phrase}, without an error code"


_KMS_KEY_ARN_IN_TEXT = re.compile(r"arn:[a-z0-9-]+:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+")


def key_named_by_refusal(error: Exception) -> Optional[str]:
    """The KMS key ARN an AccessDenied answer names as the key it could not decrypt with, None otherwise."""
    if not isinstance(error, ClientError) or _error_code(error) not in ("AccessDeniedException", "AccessDenied"):
        return None
    message = str(error.response.get("Error", {}).get("Message") or "")
    if "kms" not in message.lower() or "decrypt" not in message.lower():
        return None
    found = _KMS_KEY_ARN_IN_TEXT.search(message)
    return found.group(0) if found else None


def _log(region: str, error: Exception) -> None:
    line = error.__traceback__.tb_lineno if error.__traceback__ else 0
    logger.error(f"{region} -- {error.__class__.__name__}[{line}]: {error}")
