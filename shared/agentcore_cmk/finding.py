"""The finding, defined once. Both scanners read every string they show from here."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    id: str
    title: str
    severity: str
    description: str
    risk: str
    remediation: str
    remediation_cli: str
    remediation_cloudformation: str
    remediation_terraform: str
    remediation_console: str
    references: tuple[str, ...] = field(default_factory=tuple)


_KEY_POLICY_ACTIONS = (
    "kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:GenerateDataKey, "
    "kms:GenerateDataKeyWithoutPlaintext and kms:ReEncrypt*"
)

FINDING = Finding(
    id="bedrockagentcore_memory_encrypted_with_cmk",
    title="Bedrock AgentCore memory is encrypted with a customer-managed KMS key",
    severity="high",
    description=(
        "Amazon Bedrock AgentCore memories store agents' conversation history, extracted facts "
        "and user preferences. This check verifies that each memory is encrypted at rest with a "
        "customer-managed AWS KMS key (encryptionKeyArn) rather than an AWS owned or AWS managed key."
    ),
    risk=(
        "Memories often hold personal and confidential data. With an AWS owned or AWS managed key "
        "the customer cannot define who may decrypt it, audit each use of the key in CloudTrail, "
        "rotate it on their own schedule or revoke access by disabling the key, which weakens "
        "GDPR/CCPA erasure and incident response."
    ),
    remediation=(
        "Create a new AgentCore memory with EncryptionKeyArn (Terraform: encryption_key_arn, "
        "AWS CLI: --encryption-key-arn) set to a customer-managed KMS key whose key policy lets "
        f"bedrock-agentcore.amazonaws.com use it ({_KEY_POLICY_ACTIONS}), migrate the data, "
        "point your agents at the new memory and delete the old one. The key of an existing "
        "memory cannot be changed."
    ),
    remediation_cli=(
        "aws bedrock-agentcore-control create-memory --name <memory_name> "
        "--event-expiry-duration 30 "
        "--encryption-key-arn arn:aws:kms:<region>:<account_id>:key/<key_id>"
    ),
    remediation_cloudformation=(
        "Resources:\n"
        "  MemoryKey:\n"
        "    Type: AWS::KMS::Key\n"
        "    Properties:\n"
        "      EnableKeyRotation: true\n"
        "      KeyPolicy: <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "  Memory:\n"
        "    Type: AWS::BedrockAgentCore::Memory\n"
        "    Properties:\n"
        "      Name: <memory_name>\n"
        "      EventExpiryDuration: 30\n"
        "      EncryptionKeyArn: !GetAtt MemoryKey.Arn\n"
    ),
    remediation_terraform=(
        'resource "aws_kms_key" "memory" {\n'
        "  enable_key_rotation = true\n"
        "  policy              = <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "}\n"
        "\n"
        'resource "aws_bedrockagentcore_memory" "example" {\n'
        '  name                  = "<memory_name>"\n'
        "  event_expiry_duration = 30\n"
        "  encryption_key_arn    = aws_kms_key.memory.arn\n"
        "}\n"
    ),
    remediation_console=(
        "1. Open the Amazon Bedrock AgentCore console and choose Memory\n"
        "2. Choose Create memory and enter a name\n"
        "3. Expand Additional configurations and choose Customize encryption settings (advanced)\n"
        "4. Choose your customer-managed KMS key and create the memory\n"
        "5. Migrate the data, point your agents at the new memory and delete the old one"
    ),
    references=(
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/data-encryption.html",
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-create-a-memory-store.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/bedrock-agentcore-memory-encryption-enabled.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_CreateMemory.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-mgn-key",
    ),
)
