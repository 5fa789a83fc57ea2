"""Checkov check: every Terraform AgentCore memory (HCL and plan JSON) is encrypted with a customer-managed KMS key."""

from checkov.common.bridgecrew.severities import BcSeverities, Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

from agentcore_cmk import FINDING
from agentcore_cmk_checkov.agentcore_memory_cmk_terraform_source import TF_FIELD, judge_terraform_memory


class AgentCoreMemoryCmkTerraform(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name=FINDING.title,
            id=FINDING.id,
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("aws_bedrockagentcore_memory", "awscc_bedrockagentcore_memory"),
            guideline=FINDING.remediation,
        )
        self.severity = Severities[BcSeverities.HIGH]

    def scan_resource_conf(self, conf):
        verdict = judge_terraform_memory(conf, self.graph)
        self.evaluated_keys = [TF_FIELD]
        self.details.append(verdict.reason)
        return CheckResult.PASSED if verdict.passed else CheckResult.FAILED


check = AgentCoreMemoryCmkTerraform()
