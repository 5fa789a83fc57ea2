"""Checkov check: every CloudFormation AgentCore dataset (YAML, JSON, SAM, CDK output) is encrypted with a customer-managed KMS key."""

from agentcore_cmk import DATASET

from agentcore_cmk_checkov.engine.cloudformation_check import CloudFormationKeyCheck


class AgentCoreDatasetCmkCloudFormation(CloudFormationKeyCheck):
    FINDING = DATASET


check = AgentCoreDatasetCmkCloudFormation()
