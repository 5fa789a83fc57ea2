import json
import re

import pytest

from agentcore_cmk import FINDING, FINDINGS
from agentcore_cmk import prowler_metadata
from agentcore_cmk.finding import (
    AGENT_INSIGHT_STORE, CAPACITY_PROVIDER, CONFIGURATION_BUNDLE, DATASET, EVALUATOR, GATEWAY, MEMORY,
    PAYMENT_MANAGER, POLICY_ENGINE, TOKEN_VAULT, finding_by_id,
)

#: The kinds whose key cannot be changed after creation (the resource must be re-created) and those changed in place.
RE_CREATED = (MEMORY, POLICY_ENGINE, DATASET, CAPACITY_PROVIDER)
IN_PLACE = (GATEWAY, TOKEN_VAULT, EVALUATOR, CONFIGURATION_BUNDLE, PAYMENT_MANAGER, AGENT_INSIGHT_STORE)
#: Kinds neither CloudFormation nor Terraform can declare with a key: the live check alone sees them.
LIVE_ONLY = (PAYMENT_MANAGER, AGENT_INSIGHT_STORE)

each_finding = pytest.mark.parametrize("finding", FINDINGS, ids=lambda finding: finding.resource)


def test_identity():
    assert FINDING.id == "bedrockagentcore_memory_encrypted_with_customer_managed_key"
    assert FINDING.severity == "high"


def test_every_kind_has_its_finding_in_order_once():
    kinds = ("memory", "gateway", "token_vault", "policy_engine", "evaluator", "dataset", "configuration_bundle",
             "payment_manager", "agent_insight_store", "capacity_provider")
    assert [finding.id for finding in FINDINGS] == [
        f"bedrockagentcore_{kind}_encrypted_with_customer_managed_key" for kind in kinds]
    assert set(RE_CREATED) | set(IN_PLACE) == set(FINDINGS) and not set(RE_CREATED) & set(IN_PLACE)
    for finding in FINDINGS:
        assert finding_by_id(finding.id) is finding


@each_finding
def test_lengths_and_wording(finding):
    assert len(finding.title) <= 150
    assert not finding.title.startswith("Ensure")
    assert finding.title.startswith("Bedrock AgentCore ") and "customer-managed KMS key" in finding.title
    assert len(finding.description) <= 400
    assert len(finding.risk) <= 400
    assert finding.severity in ("critical", "high", "medium", "low")
    assert finding.severity_reason.startswith(f"{finding.severity}: ")
    assert finding.resource and finding.sub_service and finding.notes
    assert finding.resource_id_template.startswith("arn:partition:bedrock-agentcore:region:account-id:")
    assert "\n" not in finding.remediation


@each_finding
def test_remediation_says_whether_the_key_changes_in_place(finding):
    text = finding.remediation
    assert "bedrock-agentcore.amazonaws.com" in text or finding is CAPACITY_PROVIDER
    if finding in RE_CREATED:
        assert "cannot be changed" in text and "in place" not in text.split("cannot be changed")[0]
        assert "re-create" in finding.notes or "must be re-created" in finding.notes
    else:
        assert "changed in place" in text and "changed in place" in finding.notes


def test_remediation_says_how_to_fix_a_memory():
    text = MEMORY.remediation
    for needed in ("EncryptionKeyArn", "encryption_key_arn", "--encryption-key-arn",
                   "bedrock-agentcore.amazonaws.com", "migrate", "delete the old", "cannot be changed",
                   "Memory.ManagedMemoryConfiguration.EncryptionKeyArn"):
        assert needed in text


#: (finding, CloudFormation type, Terraform type, the key as the CLI takes it)
SNIPPETS = (
    (MEMORY, "AWS::BedrockAgentCore::Memory", "aws_bedrockagentcore_memory", "create-memory ", "--encryption-key-arn"),
    (GATEWAY, "AWS::BedrockAgentCore::Gateway", "aws_bedrockagentcore_gateway", "update-gateway ", "--kms-key-arn"),
    (TOKEN_VAULT, "AWS::BedrockAgentCore::TokenVault", "aws_bedrockagentcore_token_vault_cmk",
     "set-token-vault-cmk ", "--kms-configuration"),
    (POLICY_ENGINE, "AWS::BedrockAgentCore::PolicyEngine", "aws_bedrockagentcore_policy_engine",
     "create-policy-engine ", "--encryption-key-arn"),
    (EVALUATOR, "AWS::BedrockAgentCore::Evaluator", "aws_bedrockagentcore_evaluator", "update-evaluator ",
     "--kms-key-arn"),
    (DATASET, "AWS::BedrockAgentCore::Dataset", "aws_bedrockagentcore_dataset", "create-dataset ", "--kms-key-arn"),
    (CONFIGURATION_BUNDLE, "AWS::BedrockAgentCore::ConfigurationBundle", "aws_bedrockagentcore_configuration_bundle",
     "update-configuration-bundle ", "--kms-key-arn"),
    (PAYMENT_MANAGER, None, None, "update-payment-manager ", "--kms-key-arn"),
    (AGENT_INSIGHT_STORE, None, None, "update-agent-insight-store ", "mode=CUSTOMER_MANAGED_KMS,kmsKeyArn="),
    (CAPACITY_PROVIDER, "AWS::BedrockAgentCore::CapacityProvider", "aws_bedrockagentcore_capacity_provider",
     "create-capacity-provider ", '"kmsKeyId"'),
)


def test_every_finding_has_its_snippets():
    assert [row[0] for row in SNIPPETS] == list(FINDINGS)


@pytest.mark.parametrize("finding, cfn_type, tf_type, cli_command, cli_key", SNIPPETS,
                         ids=[row[0].resource for row in SNIPPETS])
def test_snippets_use_real_resource_types(finding, cfn_type, tf_type, cli_command, cli_key):
    assert finding.remediation_cli.startswith(f"aws bedrock-agentcore-control {cli_command}")
    assert cli_key in finding.remediation_cli
    if cfn_type is None:
        assert finding in LIVE_ONLY
        assert (finding.remediation_cloudformation, finding.remediation_terraform) == ("", "")
        assert "CloudFormation" in finding.remediation and "Terraform" in finding.remediation
        assert "only the live check" in finding.notes
        return
    assert f"Type: {cfn_type}\n" in finding.remediation_cloudformation
    assert f'resource "{tf_type}" "example"' in finding.remediation_terraform
    assert "aws_bedrock_agentcore_" not in finding.remediation_terraform
    assert "!GetAtt" in finding.remediation_cloudformation
    assert re.search(r"(kms_key_arn|encryption_key_arn|kms_key_id)\s+= aws_kms_key\.", finding.remediation_terraform)


@each_finding
def test_references_are_aws_documentation(finding):
    assert finding.references
    assert len(set(finding.references)) == len(finding.references)
    assert all(url.startswith("https://docs.aws.amazon.com/") for url in finding.references)


@each_finding
def test_prowler_metadata_carries_the_finding(finding):
    data = json.loads(prowler_metadata.render(finding))
    assert data["CheckID"] == finding.id
    assert data["ServiceName"] == "bedrockagentcore"
    assert data["SubServiceName"] == finding.sub_service
    assert data["CheckTitle"] == finding.title
    assert data["Severity"] == finding.severity
    assert data["Remediation"]["Recommendation"]["Text"] == finding.remediation
    assert data["Remediation"]["Code"]["Terraform"] == finding.remediation_terraform
    assert data["Remediation"]["Code"]["NativeIaC"] == finding.remediation_cloudformation
    assert not re.match(r"^https?://", data["Remediation"]["Code"]["CLI"])
    assert data["Notes"] == finding.notes
