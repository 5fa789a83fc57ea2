from agentcore_cmk import judge_live_key, unreadable_memory
from prowler.lib.check.models import Check, Check_Report_AWS

# Absolute import: with --checks-folder, Prowler copies this folder into its own tree and imports it from there.
from agentcore_cmk_prowler.services.bedrockagentcore_client import bedrockagentcore_client


class bedrockagentcore_memory_encrypted_with_customer_managed_key(Check):
    """One finding per AgentCore memory; the verdict comes from the shared logic in agentcore_cmk."""

    def execute(self) -> list[Check_Report_AWS]:
        findings = []
        for memory in bedrockagentcore_client.memories.values():
            subject = f"Memory {memory.name or memory.id}"
            if memory.read_error:
                verdict = unreadable_memory(memory.read_error, subject)
            else:
                key = bedrockagentcore_client.keys.get(memory.encryption_key_arn or "")
                verdict = judge_live_key(
                    memory.encryption_key_arn,
                    key.metadata if key else None,
                    key.error if key else None,
                    subject,
                )
            report = Check_Report_AWS(metadata=self.metadata(), resource=memory)
            report.status = verdict.status.value
            report.status_extended = verdict.reason
            findings.append(report)
        return findings
