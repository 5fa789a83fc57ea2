from functools import partial

from agentcore_cmk.live_kinds import ebs_volumes, judge_live_volumes
from agentcore_cmk.verdicts import unreadable
from prowler.lib.check.models import Check, Check_Report_AWS

# Absolute imports: with --checks-folder, Prowler copies this folder into its own tree and imports it from there.
from agentcore_cmk_prowler.services.bedrockagentcore_client import bedrockagentcore_client
from agentcore_cmk_prowler.services.bedrockagentcore_models import CAPACITY_PROVIDER
from agentcore_cmk_prowler.services.bedrockagentcore_reports import gap_reports, key_state, report, subject, where


class bedrockagentcore_capacity_provider_encrypted_with_customer_managed_key(Check):
    """One finding per AgentCore capacity provider, about each EBS volume of its instances."""

    def execute(self) -> list[Check_Report_AWS]:
        service = bedrockagentcore_client
        findings = []
        for provider in service.resources[CAPACITY_PROVIDER].values():
            named = subject("Capacity provider", provider)
            if provider.read_error:
                verdict = unreadable(provider.read_error, named)
            else:
                verdict = judge_live_volumes(ebs_volumes(provider.encryption), partial(service.volume_key_arn, provider),
                                             partial(key_state, service), named,
                                             default_key=service.default_ebs_key(provider), **where(provider))
            findings.append(report(self, provider, verdict))
        return findings + gap_reports(self, service, CAPACITY_PROVIDER)
