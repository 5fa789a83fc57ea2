from agentcore_cmk.verdicts import judge_live_token_vault, unreadable
from prowler.lib.check.models import Check, Check_Report_AWS

# Absolute imports: with --checks-folder, Prowler copies this folder into its own tree and imports it from there.
from agentcore_cmk_prowler.services.bedrockagentcore_client import bedrockagentcore_client
from agentcore_cmk_prowler.services.bedrockagentcore_models import TOKEN_VAULT
from agentcore_cmk_prowler.services.bedrockagentcore_reports import gap_reports, key_state, report, where


class bedrockagentcore_token_vault_encrypted_with_customer_managed_key(Check):
    """One finding per region whose token vault holds credentials (every region's with --scan-unused-services)."""

    def execute(self) -> list[Check_Report_AWS]:
        service = bedrockagentcore_client
        findings = []
        for vault in service.token_vaults.values():
            # Prowler's convention for services not in use: report them only when asked to.
            if vault.holds_credentials is False and not service.provider.scan_unused_services:
                continue
            subject = f"Token vault {vault.id} in {vault.region}"
            if vault.read_error:
                verdict = unreadable(vault.read_error, subject)
            else:
                key_arn = (vault.kms_configuration or {}).get("kmsKeyArn")
                verdict = judge_live_token_vault(vault.kms_configuration, *key_state(service, key_arn), subject,
                                                 **where(vault))
            findings.append(report(self, vault, verdict))
        return findings + gap_reports(self, service, TOKEN_VAULT)
