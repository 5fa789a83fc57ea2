"""What the AgentCore checks share: naming a resource in a reason, and turning verdicts and gaps into reports."""

from __future__ import annotations

from agentcore_cmk.verdicts import Status, Verdict, arn_account, judge_live_key, unreadable
from prowler.lib.check.models import Check, Check_Report_AWS

# Statuses of a resource in normal use: any other one is named in the reason.
NORMAL_STATUSES = {None, "ACTIVE", "READY"}


def subject(label: str, resource) -> str:
    """How a reason names the resource, e.g. "Memory orders" or "Gateway gw-1 (status FAILED)"."""
    name = getattr(resource, "name", None) or resource.id
    status = getattr(resource, "status", None)
    return f"{label} {name}" + ("" if status in NORMAL_STATUSES else f" (status {status})")


def judge_key(service, resource, key_arn, label: str, field: str) -> Verdict:
    """The verdict on a resource that names its key directly (memories, gateways); ``field`` is the API's name
    for its key ARN."""
    named = subject(label, resource)
    if resource.read_error:
        return unreadable(resource.read_error, named)
    return judge_live_key(key_arn, *key_state(service, key_arn), named, arn_account(resource.arn), field)


def key_state(service, key_arn) -> tuple:
    """(DescribeKey metadata, DescribeKey error) of the key, as the service read them."""
    key = service.keys.get(key_arn or "")
    return (key.metadata, key.error) if key else (None, None)


def report(check: Check, resource, verdict: Verdict) -> Check_Report_AWS:
    finding = Check_Report_AWS(metadata=check.metadata(), resource=resource)
    finding.status = verdict.status.value
    finding.status_extended = verdict.reason + _tags_note(resource)
    return finding


def gap_reports(check: Check, service, kind: str) -> list[Check_Report_AWS]:
    """A MANUAL finding for each part of the account the service could not read for this kind of resource."""
    return [report(check, gap, Verdict(Status.MANUAL, gap.reason)) for gap in service.gaps_for(kind)]


def _tags_note(resource) -> str:
    error = getattr(resource, "tags_error", None)
    if not error:
        return ""
    return f" (its tags could not be read ({error}): a mutelist entry by tag does not apply to it)"
