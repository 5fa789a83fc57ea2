"""agentcore-cmk-checks: is Amazon Bedrock AgentCore data encrypted with a customer-managed KMS key?

The findings and the verdict logic live here, in plain Python, for the Checkov and Prowler adapters.
"""

from .finding import (
    AGENT_INSIGHT_STORE, CAPACITY_PROVIDER, CONFIGURATION_BUNDLE, DATASET, EVALUATOR, FINDING, FINDINGS, GATEWAY, MEMORY,
    PAYMENT_MANAGER, POLICY_ENGINE, TOKEN_VAULT, Finding, finding_by_id,
)
from .verdicts import Status, Verdict, judge_key_reference, judge_live_key, unreadable_memory

__all__ = [
    "AGENT_INSIGHT_STORE", "CAPACITY_PROVIDER", "CONFIGURATION_BUNDLE", "DATASET", "EVALUATOR", "FINDING", "FINDINGS",
    "GATEWAY", "MEMORY", "PAYMENT_MANAGER", "POLICY_ENGINE", "TOKEN_VAULT", "Finding", "finding_by_id",
    "Status", "Verdict", "judge_key_reference", "judge_live_key", "unreadable_memory",
]
