from prowler.lib.check.models import Check, Check_Report_AWS

# Absolute imports: with --checks-folder, Prowler copies this folder into its own tree and imports it from there.
from agentcore_cmk_prowler.services.bedrockagentcore_client import bedrockagentcore_client
from agentcore_cmk_prowler.services.bedrockagentcore_models import GATEWAY
from agentcore_cmk_prowler.services.bedrockagentcore_reports import gap_reports, judge_key, report


class bedrockagentcore_gateway_encrypted_with_customer_managed_key(Check):
    """One finding per AgentCore gateway; the verdict comes from the shared logic in agentcore_cmk."""

    def execute(self) -> list[Check_Report_AWS]:
        service = bedrockagentcore_client
        findings = [report(self, gateway, judge_key(service, gateway, gateway.encryption, "Gateway", "kmsKeyArn"))
                    for gateway in service.gateways.values()]
        return findings + gap_reports(self, service, GATEWAY)
