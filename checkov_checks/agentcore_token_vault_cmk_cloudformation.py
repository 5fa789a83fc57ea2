"""Checkov check: every CloudFormation AgentCore token vault is encrypted with a customer-managed KMS key."""

from agentcore_cmk import TOKEN_VAULT

from agentcore_cmk_checkov.engine.cloudformation_check import CloudFormationKeyCheck


class AgentCoreTokenVaultCmkCloudFormation(CloudFormationKeyCheck):
    FINDING = TOKEN_VAULT


check = AgentCoreTokenVaultCmkCloudFormation()
