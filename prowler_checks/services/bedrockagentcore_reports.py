"""What the AgentCore checks share: naming a resource in a reason, and turning verdicts and gaps into reports.

Every report goes through ``report``, which applies the ``agentcore_cmk_unverified_status`` switch of Prowler's
configuration file: what could not be verified (MANUAL) is reported as FAIL when it says so.
"""

from __future__ import annotations

from agentcore_cmk.verdicts import Status, Verdict, arn_account, arn_partition, judge_live_key, unreadable
from prowler.lib.check.models import Check, Check_Report_AWS
from prowler.lib.logger import logger

from agentcore_cmk_prowler.services.bedrockagentcore_kinds import KIND_BY_NAME

#: The key, in the aws: section of Prowler's --config-file, that says how to report what could not be verified.
UNVERIFIED_STATUS = "agentcore_cmk_unverified_status"
#: Prowler's convention for what a check could not decide.
DEFAULT_UNVERIFIED_STATUS = Status.MANUAL
_UNVERIFIED_STATUSES = {status.value: status for status in (Status.MANUAL, Status.FAIL)}

# Statuses of a resource in normal use: any other one is named in the reason.
NORMAL_STATUSES = {None, "ACTIVE", "READY"}


def subject(label: str, resource) -> str:
    """How a reason names the resource, e.g. "Memory orders" or "Gateway gw-1 (status FAILED)"."""
    name = getattr(resource, "name", None) or resource.id
    status = getattr(resource, "status", None)
    return f"{label} {name}" + ("" if status in NORMAL_STATUSES else f" (status {status})")


def key_reports(check: Check, service, kind: str) -> list[Check_Report_AWS]:
    """The findings of a kind whose resources name their key in one field (the kinds table gives the field), and
    MANUAL findings for what could not be read of that kind."""
    field, label = KIND_BY_NAME[kind].encryption_field, kind[:1].upper() + kind[1:]
    return [report(check, resource, judge_key(service, resource, resource.encryption, label, field))
            for resource in service.resources[kind].values()] + gap_reports(check, service, kind)


def judge_key(service, resource, key_arn, label: str, field: str) -> Verdict:
    """The verdict on a resource that names its key directly; ``field`` is the API's name for its key ARN."""
    named = subject(label, resource)
    if resource.read_error:
        return unreadable(resource.read_error, named)
    verdict = judge_live_key(key_arn, *key_state(service, key_arn), named, field=field, **where(resource))
    note = getattr(resource, "key_note", None)
    return Verdict(verdict.status, verdict.reason + note) if note else verdict


def where(resource) -> dict:
    """The account and partition the resource lives in, as the verdicts take them."""
    return {"resource_account": arn_account(resource.arn), "resource_partition": arn_partition(resource.arn)}


def key_state(service, key_arn) -> tuple:
    """(DescribeKey metadata, DescribeKey error) of the key, as the service read them."""
    key = service.keys.get(key_arn) if isinstance(key_arn, str) else None
    return (key.metadata, key.error) if key else (None, None)


def report(check: Check, resource, verdict: Verdict) -> Check_Report_AWS:
    finding = Check_Report_AWS(metadata=check.metadata(), resource=resource)
    # Prowler shows resource_id as the resource's name (OCSF resources[].name, the CSV's RESOURCE_NAME) and takes
    # the id for it: the name is what a person recognises (the ARN stays the uid, the id is in the metadata).
    name = getattr(resource, "name", None)
    if isinstance(name, str) and name.strip():
        finding.resource_id = name
    status = verdict.status
    if status is Status.MANUAL:
        status = unverified_status(_audit_config())
    finding.status = status.value
    finding.status_extended = verdict.reason + _tags_note(resource)
    return finding


def unverified_status(audit_config) -> Status:
    """How to report what could not be verified: ``agentcore_cmk_unverified_status`` (MANUAL or FAIL, any case),
    MANUAL when it is not set; a value that is neither is logged and the default is used."""
    value = (audit_config or {}).get(UNVERIFIED_STATUS)
    if value is None:
        return DEFAULT_UNVERIFIED_STATUS
    status = _UNVERIFIED_STATUSES.get(value.strip().upper()) if isinstance(value, str) else None
    if status is None:
        _log_bad_switch(audit_config, value)
        return DEFAULT_UNVERIFIED_STATUS
    return status


_logged_bad_values: set = set()


def _log_bad_switch(audit_config, value) -> None:
    shown = repr(value)
    if (id(audit_config), shown) in _logged_bad_values:  # once per scan's configuration, not once per finding
        return
    _logged_bad_values.add((id(audit_config), shown))
    logger.error(f"{UNVERIFIED_STATUS} in the aws: section of Prowler's config file is {shown}; it must be "
                 f"{' or '.join(_UNVERIFIED_STATUSES)}: what could not be verified is reported as "
                 f"{DEFAULT_UNVERIFIED_STATUS.value}")


def _audit_config() -> dict:
    """The scan's audit_config: Prowler's global provider is the one every service of the scan is built on."""
    from prowler.providers.common.provider import Provider

    provider = Provider.get_global_provider()
    return getattr(provider, "audit_config", None) or {}


def gap_reports(check: Check, service, kind: str) -> list[Check_Report_AWS]:
    """A MANUAL finding for each part of the account the service could not read for this kind of resource."""
    return [report(check, gap, Verdict(Status.MANUAL, gap.reason)) for gap in service.gaps_for(kind)]


def _tags_note(resource) -> str:
    error = getattr(resource, "tags_error", None)
    if not error:
        return ""
    return f" (its tags could not be read ({error}): a mutelist entry by tag does not apply to it)"
