"""Checkov check: every CloudFormation AgentCore configuration bundle (YAML, JSON, SAM, CDK output) is encrypted with a customer-managed KMS key."""

from agentcore_cmk import CONFIGURATION_BUNDLE

from agentcore_cmk_checkov.engine.cloudformation_check import CloudFormationKeyCheck


class AgentCoreConfigurationBundleCmkCloudFormation(CloudFormationKeyCheck):
    FINDING = CONFIGURATION_BUNDLE


check = AgentCoreConfigurationBundleCmkCloudFormation()
