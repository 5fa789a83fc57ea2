"""The floor for the CloudFormation benchmarks: a check under the plug-in's memory ID that only asks whether
EncryptionKeyArn is set, written the way Checkov's own CloudFormation CMK checks are."""

from checkov.cloudformation.checks.resource.base_resource_value_check import BaseResourceValueCheck
from checkov.common.models.consts import ANY_VALUE
from checkov.common.models.enums import CheckCategories

from agentcore_cmk import MEMORY


class MemoryKeyPresentCloudFormation(BaseResourceValueCheck):
    def __init__(self):
        super().__init__(
            name=MEMORY.title,
            id=MEMORY.id,
            categories=[CheckCategories.ENCRYPTION],
            supported_resources=["AWS::BedrockAgentCore::Memory"],
        )

    def get_inspected_key(self):
        return "Properties/EncryptionKeyArn"

    def get_expected_value(self):
        return ANY_VALUE


check = MemoryKeyPresentCloudFormation()
