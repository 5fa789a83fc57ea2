"""Checkov check: the Terraform AgentCore token vault key (HCL, .tf.json and plan JSON) is a customer-managed KMS key."""

from agentcore_cmk.finding import TOKEN_VAULT
from agentcore_cmk_checkov.engine.terraform_check import TerraformCmkCheck

check = TerraformCmkCheck(TOKEN_VAULT)
