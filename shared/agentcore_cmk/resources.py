"""Where each finding's key lives in infrastructure code: one row per resource type.

The Checkov adapter makes one check per (finding, framework) from these rows; an evaluator reads the attribute
at ``path``. ``key_type_path``, where set, names a sibling attribute that must say the key is customer-managed
(the token vault's ``key_type``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .finding import GATEWAY, MEMORY, TOKEN_VAULT, Finding

CLOUDFORMATION = "cloudformation"
TERRAFORM = "terraform"


@dataclass(frozen=True)
class IacResource:
    finding: Finding
    framework: str
    resource_type: str
    #: The key attribute, as a path of nested names (blocks, then the attribute).
    path: tuple[str, ...]
    key_type_path: Optional[tuple[str, ...]] = None
    #: The key_type value that means a customer-managed key.
    customer_key_type: str = "CustomerManagedKey"

    @property
    def field(self) -> str:
        """The attribute as a reason names it."""
        return ".".join(self.path)


IAC_RESOURCES = (
    IacResource(MEMORY, CLOUDFORMATION, "AWS::BedrockAgentCore::Memory", ("EncryptionKeyArn",)),
    IacResource(MEMORY, TERRAFORM, "aws_bedrockagentcore_memory", ("encryption_key_arn",)),
    IacResource(MEMORY, TERRAFORM, "awscc_bedrockagentcore_memory", ("encryption_key_arn",)),
    IacResource(GATEWAY, CLOUDFORMATION, "AWS::BedrockAgentCore::Gateway", ("KmsKeyArn",)),
    IacResource(GATEWAY, TERRAFORM, "aws_bedrockagentcore_gateway", ("kms_key_arn",)),
    IacResource(GATEWAY, TERRAFORM, "awscc_bedrockagentcore_gateway", ("kms_key_arn",)),
    IacResource(
        TOKEN_VAULT, CLOUDFORMATION, "AWS::BedrockAgentCore::TokenVault",
        ("KmsConfiguration", "KmsKeyArn"), key_type_path=("KmsConfiguration", "KeyType"),
    ),
    IacResource(
        TOKEN_VAULT, TERRAFORM, "aws_bedrockagentcore_token_vault_cmk",
        ("kms_configuration", "kms_key_arn"), key_type_path=("kms_configuration", "key_type"),
    ),
)


def iac_resources(finding: Finding, framework: str) -> tuple[IacResource, ...]:
    return tuple(row for row in IAC_RESOURCES if row.finding == finding and row.framework == framework)
