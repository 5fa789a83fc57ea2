from functools import partial

from agentcore_cmk.live_kinds import judge_live_insight_store
from agentcore_cmk.verdicts import unreadable
from prowler.lib.check.models import Check, Check_Report_AWS

# Absolute imports: with --checks-folder, Prowler copies this folder into its own tree and imports it from there.
from agentcore_cmk_prowler.services.bedrockagentcore_client import bedrockagentcore_client
from agentcore_cmk_prowler.services.bedrockagentcore_models import AGENT_INSIGHT_STORE
from agentcore_cmk_prowler.services.bedrockagentcore_reports import gap_reports, key_state, report, where


class bedrockagentcore_agent_insight_store_encrypted_with_customer_managed_key(Check):
    """One finding per region's agent insight store (a disabled one only with --scan-unused-services)."""

    def execute(self) -> list[Check_Report_AWS]:
        service = bedrockagentcore_client
        findings = []
        for store in service.resources[AGENT_INSIGHT_STORE].values():
            named = f"Agent insight store {store.id} in {store.region}"
            if store.read_error:
                verdict = unreadable(store.read_error, named)
            else:
                verdict = judge_live_insight_store(store.encryption, partial(key_state, service), named,
                                                   **where(store))
            findings.append(report(self, store, verdict))
        return findings + gap_reports(self, service, AGENT_INSIGHT_STORE)
