"""Checkov check: every CloudFormation AgentCore evaluator (YAML, JSON, SAM, CDK output) is encrypted with a customer-managed KMS key."""

from agentcore_cmk import EVALUATOR

from agentcore_cmk_checkov.engine.cloudformation_check import CloudFormationKeyCheck


class AgentCoreEvaluatorCmkCloudFormation(CloudFormationKeyCheck):
    FINDING = EVALUATOR


check = AgentCoreEvaluatorCmkCloudFormation()
