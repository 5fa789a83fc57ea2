"""Checkov check: every CloudFormation AgentCore gateway (YAML, JSON, SAM, CDK output) is encrypted with a customer-managed KMS key."""

from agentcore_cmk import GATEWAY

from agentcore_cmk_checkov.engine.cloudformation_check import CloudFormationKeyCheck


class AgentCoreGatewayCmkCloudFormation(CloudFormationKeyCheck):
    FINDING = GATEWAY


check = AgentCoreGatewayCmkCloudFormation()
