"""Checkov check: every Terraform AgentCore memory, and the memory a harness manages, (HCL, .tf.json and plan JSON) is
encrypted with a customer-managed KMS key."""

from agentcore_cmk.finding import MEMORY
from agentcore_cmk_checkov.engine.terraform_check import TerraformCmkCheck

check = TerraformCmkCheck(MEMORY)
