"""Every AgentCore control-plane kind the service reads, as one row each: list pages, then one Get for each
resource whose summary does not carry its encryption field. Field names are those of botocore's
bedrock-agentcore-control model (the package's trimmed one, ``bedrockagentcore_api``).

A row also says what makes a listed item not the account's (a built-in of the service) and which IAM actions its
reads need: ``iam_actions()`` is what ``docs/iam-policy.json`` must allow, no more (a test keeps them equal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from agentcore_cmk_prowler.services.bedrockagentcore_models import (
    AGENT_INSIGHT_STORE, CAPACITY_PROVIDER, CONFIGURATION_BUNDLE, DATASET, EVALUATOR, GATEWAY, MEMORY,
    PAYMENT_MANAGER, POLICY_ENGINE,
)

#: The largest page each of the newer List operations accepts (maxResults 1-100).
PAGE_SIZE = 100
#: The largest ListMemories page the API reference documents (the default is 10): fewest calls per region.
MEMORY_PAGE_SIZE = 50
GATEWAY_PAGE_SIZE = 1000
#: GetMemory's view that leaves CMK-encrypted strategy data and prompts out: no kms:Decrypt needed.
MEMORY_VIEW = "without_decryption"
IAM_PREFIX = "bedrock-agentcore"


def _builtin_evaluator(summary: dict) -> bool:
    """ListEvaluators lists the service's own evaluators too (evaluatorType Builtin, an ARN without an account)."""
    return summary.get("evaluatorType") in ("Builtin", "ThirdParty")


@dataclass(frozen=True)
class Kind:
    name: str
    list_operation: str
    list_key: str
    id_key: str
    #: The summary's ARN field; "" when the summary has none (the ARN is then built from the id).
    arn_key: str
    name_key: str
    get_operation: str
    get_parameter: str
    #: The field that says how the resource is encrypted, in the summary (when the list carries it) and the Get.
    encryption_field: str
    #: The field of the Get response that holds the resource, when it is not the response itself.
    get_key: str = ""
    #: The ARN's resource type, for a summary without an ARN and to tell a listed item's ARN is of this kind.
    arn_type: str = ""
    page_size: int = PAGE_SIZE
    #: Parameters every Get of the kind is sent with.
    get_parameters: dict = field(default_factory=dict)
    #: Whether the resource's tags are read with ListTagsForResource (else from the Get response, where it has them).
    list_tags: bool = False
    #: A listed item that is not the account's own resource (a built-in of the service): no finding.
    not_owned: Optional[Callable[[dict], bool]] = None
    #: Whether the Get decrypts with the caller's kms:Decrypt, so that a refusal naming the key tells the key.
    get_decrypts: bool = False
    #: The model field that also shows the key ARN in the output's resource metadata (memories, gateways).
    shown_as: str = ""

    def actions(self) -> set:
        """The IAM actions the kind's reads need."""
        operations = [self.list_operation, self.get_operation] + (["list_tags_for_resource"] if self.list_tags else [])
        return {iam_action(operation) for operation in operations}


KINDS = (
    Kind(MEMORY, "list_memories", "memories", "id", "arn", "name", "get_memory", "memoryId", "encryptionKeyArn",
         get_key="memory", arn_type="memory", page_size=MEMORY_PAGE_SIZE, get_parameters={"view": MEMORY_VIEW},
         list_tags=True, shown_as="encryption_key_arn"),
    Kind(GATEWAY, "list_gateways", "items", "gatewayId", "", "name", "get_gateway", "gatewayIdentifier",
         "kmsKeyArn", arn_type="gateway", page_size=GATEWAY_PAGE_SIZE, list_tags=True, shown_as="kms_key_arn"),
    # The summary operations return encryptionKeyArn without decrypting customer content and need no KMS access;
    # ListPolicyEngines/GetPolicyEngine decrypt the description and status reasons with the caller's kms:Decrypt.
    Kind(POLICY_ENGINE, "list_policy_engine_summaries", "policyEngines", "policyEngineId", "policyEngineArn", "name",
         "get_policy_engine_summary", "policyEngineId", "encryptionKeyArn", arn_type="policy-engine"),
    Kind(EVALUATOR, "list_evaluators", "evaluators", "evaluatorId", "evaluatorArn", "evaluatorName",
         "get_evaluator", "evaluatorId", "kmsKeyArn", arn_type="evaluator", not_owned=_builtin_evaluator),
    Kind(DATASET, "list_datasets", "datasets", "datasetId", "datasetArn", "datasetName",
         "get_dataset", "datasetId", "kmsKeyArn", arn_type="dataset"),
    # No other operation returns a bundle's key, and GetConfigurationBundle decrypts its components with the
    # caller's kms:Decrypt: the scan is not granted it, so a bundle under a customer key is refused, and the refusal
    # names the key.
    Kind(CONFIGURATION_BUNDLE, "list_configuration_bundles", "bundles", "bundleId", "bundleArn", "bundleName",
         "get_configuration_bundle", "bundleId", "kmsKeyArn", arn_type="configuration-bundle", get_decrypts=True),
    Kind(PAYMENT_MANAGER, "list_payment_managers", "paymentManagers", "paymentManagerId", "paymentManagerArn",
         "name", "get_payment_manager", "paymentManagerId", "kmsKeyArn", arn_type="payment-manager"),
    Kind(AGENT_INSIGHT_STORE, "list_agent_insight_stores", "agentInsightStores", "agentInsightStoreId",
         "agentInsightStoreArn", "agentInsightStoreId", "get_agent_insight_store", "agentInsightStoreId",
         "encryptionConfiguration", arn_type="agent-insight-store"),
    Kind(CAPACITY_PROVIDER, "list_capacity_providers", "capacityProviders", "capacityProviderId",
         "capacityProviderArn", "name", "get_capacity_provider", "capacityProviderId", "computeConfiguration",
         arn_type="capacity-provider"),
)

KIND_BY_NAME = {kind.name: kind for kind in KINDS}

#: Harnesses are read for the memories they manage; they get no finding themselves.
HARNESS = Kind("harness", "list_harnesses", "harnesses", "harnessId", "arn", "harnessName", "get_harness",
               "harnessId", "memory", get_key="harness", arn_type="harness")

#: Whether a region's token vault holds credentials: one provider of any of these tells it.
CREDENTIAL_PROVIDER_LISTS = ("list_oauth2_credential_providers", "list_api_key_credential_providers",
                             "list_payment_credential_providers")
TOKEN_VAULT_GET = "get_token_vault"
#: The reads outside the control plane: each distinct key, and each region's default EBS key (for a capacity
#: provider's volume encrypted without a kmsKeyId).
OTHER_ACTIONS = ("kms:DescribeKey", "ec2:GetEbsDefaultKmsKeyId")

#: Error codes with which a region answers an operation it does not offer (yet).
NOT_OFFERED_CODES = {"UnknownOperationException", "UnknownOperation", "InvalidAction", "NotImplemented"}


def iam_action(operation: str) -> str:
    """``list_memories`` -> ``bedrock-agentcore:ListMemories``."""
    camel = "".join(part.capitalize() for part in operation.split("_"))
    return f"{IAM_PREFIX}:{camel}"


def iam_actions() -> set:
    """Every action a scan can call: what ``docs/iam-policy.json`` allows."""
    actions = {action for kind in (*KINDS, HARNESS) for action in kind.actions()}
    actions |= {iam_action(operation) for operation in (*CREDENTIAL_PROVIDER_LISTS, TOKEN_VAULT_GET)}
    return actions | set(OTHER_ACTIONS)
