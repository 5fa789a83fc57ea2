"""The control-plane resource kinds read the same way: list pages, then one Get for each resource whose summary
does not carry its encryption field. Field names are those of botocore's bedrock-agentcore-control model."""

from __future__ import annotations

from dataclasses import dataclass

from agentcore_cmk_prowler.services.bedrockagentcore_models import (
    AGENT_INSIGHT_STORE, CAPACITY_PROVIDER, CONFIGURATION_BUNDLE, DATASET, EVALUATOR, PAYMENT_MANAGER,
    POLICY_ENGINE,
)

#: The largest page each of these List operations accepts (maxResults 1-100).
PAGE_SIZE = 100


@dataclass(frozen=True)
class Kind:
    name: str
    list_operation: str
    list_key: str
    id_key: str
    arn_key: str
    name_key: str
    get_operation: str
    get_parameter: str
    #: The field that says how the resource is encrypted, in the summary (when the list carries it) and the Get.
    encryption_field: str
    #: The field of the Get response that holds the resource, when it is not the response itself.
    get_key: str = ""
    #: The ARN's resource type, for a summary without an ARN.
    arn_type: str = ""


KINDS = (
    Kind(POLICY_ENGINE, "list_policy_engines", "policyEngines", "policyEngineId", "policyEngineArn", "name",
         "get_policy_engine", "policyEngineId", "encryptionKeyArn", arn_type="policy-engine"),
    Kind(EVALUATOR, "list_evaluators", "evaluators", "evaluatorId", "evaluatorArn", "evaluatorName",
         "get_evaluator", "evaluatorId", "kmsKeyArn", arn_type="evaluator"),
    Kind(DATASET, "list_datasets", "datasets", "datasetId", "datasetArn", "datasetName",
         "get_dataset", "datasetId", "kmsKeyArn", arn_type="dataset"),
    Kind(CONFIGURATION_BUNDLE, "list_configuration_bundles", "bundles", "bundleId", "bundleArn", "bundleName",
         "get_configuration_bundle", "bundleId", "kmsKeyArn", arn_type="configuration-bundle"),
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

HARNESS = Kind("harness", "list_harnesses", "harnesses", "harnessId", "arn", "harnessName", "get_harness",
               "harnessId", "memory", get_key="harness", arn_type="harness")

#: Error codes with which a region answers an operation it does not offer (yet).
NOT_OFFERED_CODES = {"UnknownOperationException", "UnknownOperation", "InvalidAction", "NotImplemented"}
