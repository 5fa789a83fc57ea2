import json

from agentcore_cmk import FINDING
from agentcore_cmk import prowler_metadata


def test_identity():
    assert FINDING.id == "bedrockagentcore_memory_encrypted_with_customer_managed_key"
    assert FINDING.severity == "high"


def test_lengths_and_wording():
    assert len(FINDING.title) <= 150
    assert not FINDING.title.startswith("Ensure")
    assert len(FINDING.description) <= 400
    assert len(FINDING.risk) <= 400


def test_remediation_says_how_to_fix_it():
    text = FINDING.remediation
    for needed in ("EncryptionKeyArn", "encryption_key_arn", "--encryption-key-arn",
                   "bedrock-agentcore.amazonaws.com", "migrate", "delete the old", "cannot be changed"):
        assert needed in text
    assert "\n" not in text


def test_snippets_use_real_resource_types():
    assert 'resource "aws_bedrockagentcore_memory"' in FINDING.remediation_terraform
    assert "aws_bedrock_agentcore_memory" not in FINDING.remediation_terraform
    assert "Type: AWS::BedrockAgentCore::Memory" in FINDING.remediation_cloudformation
    assert FINDING.remediation_cli.startswith("aws bedrock-agentcore-control create-memory ")
    assert "--encryption-key-arn" in FINDING.remediation_cli


def test_references_are_aws_documentation():
    assert FINDING.references
    assert all(url.startswith("https://docs.aws.amazon.com/") for url in FINDING.references)


def test_prowler_metadata_carries_the_finding():
    data = json.loads(prowler_metadata.render())
    assert data["CheckID"] == FINDING.id
    assert data["ServiceName"] == "bedrockagentcore"
    assert data["CheckTitle"] == FINDING.title
    assert data["Severity"] == FINDING.severity
    assert data["Remediation"]["Recommendation"]["Text"] == FINDING.remediation
    assert data["Remediation"]["Code"]["Terraform"] == FINDING.remediation_terraform
