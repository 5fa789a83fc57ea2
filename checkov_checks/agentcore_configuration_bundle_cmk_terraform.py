"""Checkov check: every Terraform AgentCore configuration bundle (HCL, .tf.json and plan JSON) is encrypted with a customer-managed KMS key."""

from agentcore_cmk.finding import CONFIGURATION_BUNDLE
from agentcore_cmk_checkov.engine.terraform_check import TerraformCmkCheck

check = TerraformCmkCheck(CONFIGURATION_BUNDLE)
