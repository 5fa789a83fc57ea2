"""The floor for the Checkov benchmark: a check under the plug-in's ID that only asks whether encryption_key_arn
is set, written the way Checkov's own CMK checks are (e.g. CKV_AWS_158): a value check that passes on any value.
Any check must emit one result per memory, so this is the least a check can cost."""

from checkov.common.models.consts import ANY_VALUE
from checkov.common.models.enums import CheckCategories
from checkov.terraform.checks.resource.base_resource_value_check import BaseResourceValueCheck

from agentcore_cmk import FINDING


class MemoryKeyPresent(BaseResourceValueCheck):
    def __init__(self):
        super().__init__(
            name=FINDING.title,
            id=FINDING.id,
            categories=[CheckCategories.ENCRYPTION],
            supported_resources=["aws_bedrockagentcore_memory"],
        )

    def get_inspected_key(self):
        return "encryption_key_arn"

    def get_expected_value(self):
        return ANY_VALUE


check = MemoryKeyPresent()
