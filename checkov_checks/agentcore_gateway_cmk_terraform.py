"""Checkov check: every Terraform AgentCore gateway (HCL, .tf.json and plan JSON) is encrypted with a customer-managed KMS key."""

from agentcore_cmk.finding import GATEWAY
from agentcore_cmk_checkov.engine.terraform_check import TerraformCmkCheck

check = TerraformCmkCheck(GATEWAY)
