"""Checkov check: every Terraform AgentCore capacity provider's EBS volumes (HCL, .tf.json and plan JSON) are encrypted with a customer-managed KMS key."""

from agentcore_cmk.finding import CAPACITY_PROVIDER
from agentcore_cmk_checkov.engine.terraform_check import TerraformCmkCheck

check = TerraformCmkCheck(CAPACITY_PROVIDER)
