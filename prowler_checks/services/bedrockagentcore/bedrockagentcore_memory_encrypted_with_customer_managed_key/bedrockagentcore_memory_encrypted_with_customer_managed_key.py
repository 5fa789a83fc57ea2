from prowler.lib.check.models import Check, Check_Report_AWS

# Absolute imports: with --checks-folder, Prowler copies this folder into its own tree and imports it from there.
from agentcore_cmk_prowler.services.bedrockagentcore_client import bedrockagentcore_client
from agentcore_cmk_prowler.services.bedrockagentcore_models import MEMORY
from agentcore_cmk_prowler.services.bedrockagentcore_reports import gap_reports, judge_key, report


class bedrockagentcore_memory_encrypted_with_customer_managed_key(Check):
    """One finding per AgentCore memory; the verdict comes from the shared logic in agentcore_cmk."""

    def execute(self) -> list[Check_Report_AWS]:
        service = bedrockagentcore_client
        findings = [report(self, memory, judge_key(service, memory, memory.encryption, "Memory",
                                                 "encryptionKeyArn"))
                    for memory in service.memories.values()]
        return findings + gap_reports(self, service, MEMORY)
