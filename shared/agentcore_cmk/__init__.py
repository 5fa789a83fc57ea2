"""agentcore-cmk-checks: is every Amazon Bedrock AgentCore Memory encrypted with a customer-managed KMS key?

The finding and the verdict logic live here, in plain Python, for the Checkov and Prowler adapters.
"""

from .finding import FINDING, Finding
from .verdicts import Status, Verdict, judge_key_reference, judge_live_key, unreadable_memory

__all__ = ["FINDING", "Finding", "Status", "Verdict", "judge_key_reference", "judge_live_key", "unreadable_memory"]
