from prowler.lib.check.models import Check, Check_Report_AWS

# Absolute imports: with --checks-folder, Prowler copies this folder into its own tree and imports it from there.
from agentcore_cmk_prowler.services.bedrockagentcore_client import bedrockagentcore_client
from agentcore_cmk_prowler.services.bedrockagentcore_models import CONFIGURATION_BUNDLE
from agentcore_cmk_prowler.services.bedrockagentcore_reports import key_reports


class bedrockagentcore_configuration_bundle_encrypted_with_customer_managed_key(Check):
    """One finding per AgentCore configuration bundle; its key field comes from the kinds table, the verdict from agentcore_cmk."""

    def execute(self) -> list[Check_Report_AWS]:
        return key_reports(self, bedrockagentcore_client, CONFIGURATION_BUNDLE)
