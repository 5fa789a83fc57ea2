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

from botocore.awsrequest import AWSResponse

from agentcore_cmk import FINDING, FINDINGS

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "examples"))
from mock_account import MockAccount, MockIdentity as Identity, StreamingBody  # noqa: E402,F401
from mock_control_plane import MockControlPlane as ControlPlane  # noqa: E402,F401

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


def error_response(request, code: str, status: int) -> AWSResponse:
    """An AWS error response as both JSON protocols (restJson for AgentCore, json for KMS) carry it."""
    body = json.dumps({"__type": code, "message": f"injected {code}"}).encode()
    headers = {"x-amzn-ErrorType": code, "Content-Type": "application/x-amz-json-1.1"}
    return AWSResponse(request.url, status, headers, StreamingBody(body))


def scan(provider, monkeypatch, check_id: str = FINDING.id, identity: "Identity | None" = None,
         plane: "ControlPlane | None" = None):
    """Build the service on ``provider`` and run an installed check on it; returns (service, findings).

    AgentCore Identity, which moto lacks, answers as ``identity`` says (by default: no credential providers);
    the kinds moto lacks as ``plane`` says (by default: none of them).
    """
    from agentcore_cmk_prowler.services.bedrockagentcore_service import BedrockAgentCore

    hooks = Hooks()
    for event, handler in (identity or Identity()).handlers() + (plane or ControlPlane(None)).handlers():
        hooks.add(provider, event, handler)
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
