"""Checkov check: every CloudFormation AgentCore memory (YAML, JSON, SAM, CDK output) is encrypted with a customer-managed KMS key."""

from checkov.cloudformation.checks.resource.base_resource_check import BaseResourceCheck
from checkov.common.bridgecrew.severities import BcSeverities, Severities
from checkov.common.models.enums import CheckCategories, CheckResult

from agentcore_cmk import FINDING
from agentcore_cmk_checkov.agentcore_memory_cmk_cloudformation_source import (
    CFN_FIELD,
    carry_details_into_cloudformation_records,
    judge_cloudformation_memory,
)


class AgentCoreMemoryCmkCloudFormation(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name=FINDING.title,
            id=FINDING.id,
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::BedrockAgentCore::Memory",),
            guideline=FINDING.remediation,
        )
        self.severity = Severities[BcSeverities.HIGH]

    def scan_resource_conf(self, conf):
        logical_id = self.entity_path.rsplit(":", 1)[-1]  # "<file>:<type>:<logical id>", set by BaseCheck.run
        verdict = judge_cloudformation_memory(conf.get("Properties"), logical_id)
        self.evaluated_keys = [f"Properties/{CFN_FIELD}"]
        self.details.append(verdict.reason)
        return CheckResult.PASSED if verdict.passed else CheckResult.FAILED


check = AgentCoreMemoryCmkCloudFormation()
carry_details_into_cloudformation_records(check.id)
