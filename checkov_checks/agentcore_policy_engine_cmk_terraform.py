"""Checkov check: every Terraform AgentCore policy engine (HCL, .tf.json and plan JSON) is encrypted with a customer-managed KMS key."""

from agentcore_cmk.finding import POLICY_ENGINE
from agentcore_cmk_checkov.engine.terraform_check import TerraformCmkCheck

check = TerraformCmkCheck(POLICY_ENGINE)
