"""Where each finding's key lives in infrastructure code: one row per resource type.

The Checkov adapter makes one check per (finding, framework) from these rows; an evaluator reads the attribute
at ``path``. ``key_type_path``, where set, names a sibling attribute that must say the key is customer-managed
(the token vault's ``key_type``). A row can also say when a resource keeps no data of its finding
(``no_result_when``: a harness that uses an existing memory or none), and a row with ``volumes`` is judged on each
EBS volume it declares instead of one key (a capacity provider).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from .finding import (
    CAPACITY_PROVIDER, CONFIGURATION_BUNDLE, DATASET, EVALUATOR, GATEWAY, MEMORY, POLICY_ENGINE, TOKEN_VAULT, Finding,
)

CLOUDFORMATION = "cloudformation"
TERRAFORM = "terraform"

#: A step of a path: an attribute or block name, or the index of an element in a list (or of a repeated block).
Step = Union[str, int]


def shown_path(path: tuple[Step, ...]) -> str:
    """A path as a reason names it: ``Volumes[0].EbsConfiguration``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


@dataclass(frozen=True)
class Volume:
    """An EBS volume of a capacity provider, or a list of them, each judged on its own key.

    ``path`` leads to the volume's settings; with ``list_path`` each element of that list is a volume and ``path``
    is relative to the element. ``encrypted`` and ``key`` name the settings' attributes. A volume that is not
    declared is judged (``missing_is_instance_store`` False: the root volume always exists, with the service's
    defaults) or skipped (an ephemeral mapping without EBS settings is an instance-store volume, which takes no key).
    """

    label: str
    path: tuple[str, ...]
    encrypted: str
    key: str
    list_path: Optional[tuple[str, ...]] = None
    #: Where, in a list element, the name the reason gives it is ("EbsConfiguration.Name", "DeviceName").
    name: Optional[tuple[str, ...]] = None
    missing_is_instance_store: bool = False


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
    #: Paths any of which, when declared, mean the resource keeps no data of this finding: no result of its own.
    no_result_when: tuple[tuple[str, ...], ...] = ()
    #: The EBS volumes judged instead of ``path`` (a capacity provider's root, persistent and ephemeral volumes).
    volumes: tuple[Volume, ...] = ()

    @property
    def field(self) -> str:
        """The attribute as a reason names it."""
        return ".".join(self.path)

    @property
    def judged_by_parts(self) -> bool:
        """Whether the row needs more than its key's values: a no-result rule or volumes."""
        return bool(self.no_result_when or self.volumes)


def _harness(framework: str, resource_type: str, memory: str, managed: str, key: str, existing: str,
             disabled: str) -> IacResource:
    """A harness's managed memory is a memory (the MEMORY finding): absent memory settings create one under an AWS
    owned key; an existing memory or disabled memory creates none."""
    return IacResource(MEMORY, framework, resource_type, (memory, managed, key),
                       no_result_when=((memory, existing), (memory, disabled)))


def _capacity_provider(framework: str, resource_type: str, compute: tuple[str, ...], names: dict) -> IacResource:
    """``names`` spells the schema's attribute names for this framework."""
    root = compute + (names["root"],)
    volumes = [
        Volume("root volume", root, names["encrypted"], names["key"]),
        Volume("persistent volume", (names["ebs_configuration"],), names["encrypted"], names["key"],
               list_path=compute + (names["volumes"],), name=(names["ebs_configuration"], names["name"])),
    ]
    if "ephemeral" in names:
        volumes.append(Volume("ephemeral volume", (names["ebs"],), names["encrypted"], names["key"],
                              list_path=compute + names["ephemeral"], name=(names["device_name"],),
                              missing_is_instance_store=True))
    return IacResource(CAPACITY_PROVIDER, framework, resource_type, root + (names["key"],), volumes=tuple(volumes))


_CFN_VOLUME_NAMES = {
    "root": "RootVolume", "volumes": "Volumes", "ebs_configuration": "EbsConfiguration", "name": "Name",
    "ephemeral": ("LaunchTemplateSource", "LaunchParameters", "EphemeralVolumes"), "ebs": "Ebs",
    "device_name": "DeviceName", "encrypted": "Encrypted", "key": "KmsKeyId",
}
#: The aws provider: root_volume is a list attribute of one object (root_volume = [{...}]), volume a repeated block; its ephemeral_volume blocks
#: are instance-store mappings only (device_name, virtual_name), so they take no key.
_AWS_VOLUME_NAMES = {
    "root": "root_volume", "volumes": "volume", "ebs_configuration": "ebs_configuration", "name": "name",
    "encrypted": "encrypted", "key": "kms_key_id",
}
_AWSCC_VOLUME_NAMES = {
    "root": "root_volume", "volumes": "volumes", "ebs_configuration": "ebs_configuration", "name": "name",
    "ephemeral": ("launch_template_source", "launch_parameters", "ephemeral_volumes"), "ebs": "ebs",
    "device_name": "device_name", "encrypted": "encrypted", "key": "kms_key_id",
}

IAC_RESOURCES = (
    IacResource(MEMORY, CLOUDFORMATION, "AWS::BedrockAgentCore::Memory", ("EncryptionKeyArn",)),
    IacResource(MEMORY, TERRAFORM, "aws_bedrockagentcore_memory", ("encryption_key_arn",)),
    IacResource(MEMORY, TERRAFORM, "awscc_bedrockagentcore_memory", ("encryption_key_arn",)),
    _harness(CLOUDFORMATION, "AWS::BedrockAgentCore::Harness", "Memory", "ManagedMemoryConfiguration",
             "EncryptionKeyArn", "AgentCoreMemoryConfiguration", "Disabled"),
    # Older aws provider versions have no managed_memory_configuration block and a disabled = true attribute;
    # newer ones a disabled {} block: either way it is declared.
    _harness(TERRAFORM, "aws_bedrockagentcore_harness", "memory", "managed_memory_configuration",
             "encryption_key_arn", "agentcore_memory_configuration", "disabled"),
    _harness(TERRAFORM, "awscc_bedrockagentcore_harness", "memory", "managed_memory_configuration",
             "encryption_key_arn", "agent_core_memory_configuration", "disabled"),
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
    IacResource(POLICY_ENGINE, CLOUDFORMATION, "AWS::BedrockAgentCore::PolicyEngine", ("EncryptionKeyArn",)),
    IacResource(POLICY_ENGINE, TERRAFORM, "aws_bedrockagentcore_policy_engine", ("encryption_key_arn",)),
    IacResource(POLICY_ENGINE, TERRAFORM, "awscc_bedrockagentcore_policy_engine", ("encryption_key_arn",)),
    IacResource(EVALUATOR, CLOUDFORMATION, "AWS::BedrockAgentCore::Evaluator", ("KmsKeyArn",)),
    IacResource(EVALUATOR, TERRAFORM, "aws_bedrockagentcore_evaluator", ("kms_key_arn",)),
    IacResource(EVALUATOR, TERRAFORM, "awscc_bedrockagentcore_evaluator", ("kms_key_arn",)),
    IacResource(DATASET, CLOUDFORMATION, "AWS::BedrockAgentCore::Dataset", ("KmsKeyArn",)),
    IacResource(DATASET, TERRAFORM, "aws_bedrockagentcore_dataset", ("kms_key_arn",)),
    IacResource(CONFIGURATION_BUNDLE, CLOUDFORMATION, "AWS::BedrockAgentCore::ConfigurationBundle", ("KmsKeyArn",)),
    IacResource(CONFIGURATION_BUNDLE, TERRAFORM, "aws_bedrockagentcore_configuration_bundle", ("kms_key_arn",)),
    IacResource(CONFIGURATION_BUNDLE, TERRAFORM, "awscc_bedrockagentcore_configuration_bundle", ("kms_key_arn",)),
    _capacity_provider(CLOUDFORMATION, "AWS::BedrockAgentCore::CapacityProvider",
                       ("ComputeConfiguration", "Ec2Configuration"), _CFN_VOLUME_NAMES),
    _capacity_provider(TERRAFORM, "aws_bedrockagentcore_capacity_provider",
                       ("compute_configuration", "ec2_configuration"), _AWS_VOLUME_NAMES),
    # awscc spells the EC2 block ec_2_configuration.
    _capacity_provider(TERRAFORM, "awscc_bedrockagentcore_capacity_provider",
                       ("compute_configuration", "ec_2_configuration"), _AWSCC_VOLUME_NAMES),
)


def iac_resources(finding: Finding, framework: str) -> tuple[IacResource, ...]:
    return tuple(row for row in IAC_RESOURCES if row.finding == finding and row.framework == framework)
