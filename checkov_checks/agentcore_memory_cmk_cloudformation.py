"""Checkov check: every CloudFormation AgentCore memory, and the memory a harness manages, (YAML, JSON, SAM, CDK output) is
encrypted with a customer-managed KMS key."""

from agentcore_cmk import MEMORY

from agentcore_cmk_checkov.engine.cloudformation_check import CloudFormationKeyCheck


class AgentCoreMemoryCmkCloudFormation(CloudFormationKeyCheck):
    FINDING = MEMORY


check = AgentCoreMemoryCmkCloudFormation()
