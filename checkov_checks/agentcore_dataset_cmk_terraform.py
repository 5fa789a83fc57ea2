"""Checkov check: every Terraform AgentCore dataset (HCL, .tf.json and plan JSON) is encrypted with a customer-managed KMS key."""

from agentcore_cmk.finding import DATASET
from agentcore_cmk_checkov.engine.terraform_check import TerraformCmkCheck

check = TerraformCmkCheck(DATASET)
