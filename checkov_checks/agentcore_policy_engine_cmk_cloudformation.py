"""Checkov check: every CloudFormation AgentCore policy engine (YAML, JSON, SAM, CDK output) is encrypted with a customer-managed KMS key."""

from agentcore_cmk import POLICY_ENGINE

from agentcore_cmk_checkov.engine.cloudformation_check import CloudFormationKeyCheck


class AgentCorePolicyEngineCmkCloudFormation(CloudFormationKeyCheck):
    FINDING = POLICY_ENGINE


check = AgentCorePolicyEngineCmkCloudFormation()
