"""Checkov check: every Terraform AgentCore evaluator (HCL, .tf.json and plan JSON) is encrypted with a customer-managed KMS key."""

from agentcore_cmk.finding import EVALUATOR
from agentcore_cmk_checkov.engine.terraform_check import TerraformCmkCheck

check = TerraformCmkCheck(EVALUATOR)
