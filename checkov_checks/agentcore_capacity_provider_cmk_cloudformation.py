"""Checkov check: every CloudFormation AgentCore capacity provider's EBS volumes (root, persistent, ephemeral) are encrypted with a customer-managed KMS key."""

from agentcore_cmk import CAPACITY_PROVIDER

from agentcore_cmk_checkov.engine.cloudformation_check import CloudFormationKeyCheck


class AgentCoreCapacityProviderCmkCloudFormation(CloudFormationKeyCheck):
    FINDING = CAPACITY_PROVIDER


check = AgentCoreCapacityProviderCmkCloudFormation()
