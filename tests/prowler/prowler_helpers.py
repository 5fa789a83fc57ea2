"""Helpers for the in-process Prowler tests: a real AwsProvider on moto, error injection, running the check.

Error paths are injected with botocore ``before-send`` hooks registered ahead of moto's own, so the service's
real clients, Prowler's retry configuration and botocore's error parsing all take part.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from botocore.awsrequest import AWSResponse
from botocore.parsers import create_parser

from agentcore_cmk import FINDING, FINDINGS

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "examples"))
from mock_account import MockAccount  # noqa: E402,F401

REGIONS = ("us-east-1", "eu-west-1")
CLIENT_MODULE = "agentcore_cmk_prowler.services.bedrockagentcore_client"


def make_provider(**kwargs):
    from prowler.providers.aws.aws_provider import AwsProvider
    from prowler.providers.common.models import Audit_Metadata

    kwargs.setdefault("regions", set(REGIONS))
    # Keep throttling tests short: botocore still retries, just fewer times.
    kwargs.setdefault("retries_max_attempts", 1)
    provider = AwsProvider(**kwargs)
    # What Prowler's scan sets before it builds any service.
    provider.audit_metadata = Audit_Metadata(
        services_scanned=0, expected_checks=[FINDING.id], completed_checks=0, audit_progress=0
    )
    return provider


class Hooks:
    """botocore event handlers on a provider's session, removed by remove_all()."""

    def __init__(self):
        self._registered = []

    def add(self, provider, event, handler):
        events = provider.session.current_session.events
        events.register_first(event, handler)
        self._registered.append((events, event, handler))

    def remove_all(self):
        for events, event, handler in self._registered:
            events.unregister(event, handler)


class _Body:
    def __init__(self, content: bytes):
        self._content = content

    def stream(self, **_):
        yield self._content


def error_response(request, code: str, status: int) -> AWSResponse:
    """An AWS error response as both JSON protocols (restJson for AgentCore, json for KMS) carry it."""
    body = json.dumps({"__type": code, "message": f"injected {code}"}).encode()
    headers = {"x-amzn-ErrorType": code, "Content-Type": "application/x-amz-json-1.1"}
    return AWSResponse(request.url, status, headers, _Body(body))


def region_of(url: str) -> str:
    """The region of a request to a regional endpoint (https://service.region.amazonaws.com/...)."""
    return urlsplit(url).hostname.split(".")[1]


class Identity:
    """AgentCore Identity as moto lacks it: credential providers and the token vault of each region.

    ``oauth2`` and ``api_keys`` map a region to its providers' names; ``vaults`` a region to GetTokenVault's
    kmsConfiguration (a region without one answers ServiceManagedKey, AWS's default). Answered before the
    request is sent, as botocore's Stubber answers, but through botocore's own parser of the JSON an AWS
    endpoint returns. ``calls`` records (operation, region).
    """

    OPERATIONS = ("ListOauth2CredentialProviders", "ListApiKeyCredentialProviders", "GetTokenVault")

    def __init__(self, oauth2=None, api_keys=None, vaults=None, errors=None):
        self.oauth2, self.api_keys, self.vaults = oauth2 or {}, api_keys or {}, vaults or {}
        #: (operation, region) -> the AWS error code to answer with
        self.errors = errors or {}
        self.calls = []

    def install(self, provider, hooks: "Hooks"):
        for operation in self.OPERATIONS:
            hooks.add(provider, f"before-call.bedrock-agentcore-control.{operation}", self._answer)

    def _answer(self, model, params, **_):
        region = region_of(params["url"])
        self.calls.append((model.name, region))
        error = self.errors.get((model.name, region))
        if error:
            status, headers = 403, {"x-amzn-errortype": error, "content-type": "application/json"}
            body = json.dumps({"message": f"injected {error}"}).encode()
        else:
            status, headers = 200, {"content-type": "application/json"}
            body = json.dumps(self._document(model.name, region)).encode()
        parsed = create_parser(model.metadata["protocol"]).parse(
            {"status_code": status, "headers": headers, "body": body}, model.output_shape)
        return AWSResponse(params["url"], status, headers, _Body(body)), parsed

    def _document(self, operation: str, region: str) -> dict:
        if operation == "GetTokenVault":
            return {"tokenVaultId": "default", "lastModifiedDate": 1767225600,
                    "kmsConfiguration": self.vaults.get(region, {"keyType": "ServiceManagedKey"})}
        names = (self.oauth2 if operation == "ListOauth2CredentialProviders" else self.api_keys).get(region, [])
        return {"credentialProviders": [{
            "name": name, "credentialProviderVendor": "CustomOauth2",
            "credentialProviderArn": f"arn:aws:bedrock-agentcore:{region}:123456789012:token-vault/default/"
                                     f"oauth2credentialprovider/{name}",
            "createdTime": 1767225600, "lastUpdatedTime": 1767225600} for name in names]}


def scan(provider, monkeypatch, check_id: str = FINDING.id, identity: "Identity | None" = None):
    """Build the service on ``provider`` and run an installed check on it; returns (service, findings).

    AgentCore Identity, which moto lacks, answers as ``identity`` says (by default: no credential providers).
    """
    from agentcore_cmk_prowler.services.bedrockagentcore_service import BedrockAgentCore

    hooks = Hooks()
    (identity or Identity()).install(provider, hooks)
    try:
        service = BedrockAgentCore(provider)
    finally:
        hooks.remove_all()
    # Importing the client module builds a service on Prowler's global provider: the checks get this one.
    monkeypatch.setitem(sys.modules, CLIENT_MODULE, SimpleNamespace(bedrockagentcore_client=service))
    modules = [importlib.import_module(check_module(finding.id)) for finding in FINDINGS]
    for module in modules:
        monkeypatch.setattr(module, "bedrockagentcore_client", service)
    return service, run_check(check_id)


def run_check(check_id: str) -> list:
    """Run an installed check on the service the last scan() gave every check."""
    module = importlib.import_module(check_module(check_id))
    return getattr(module, check_id)().execute()


def check_module(check_id: str) -> str:
    return f"agentcore_cmk_prowler.services.bedrockagentcore.{check_id}.{check_id}"


def by_arn(findings):
    result = {finding.resource_arn: finding for finding in findings}
    assert len(result) == len(findings), "one finding per memory"
    return result
