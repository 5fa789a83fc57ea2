"""The findings, each defined once: memories, gateways and token vaults. Both scanners read every string
they show from here."""

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
    #: What the finding is about, as a reason names it ("memory", "gateway", "token vault").
    resource: str = ""
    #: Prowler's SubServiceName and ResourceIdTemplate.
    sub_service: str = ""
    resource_id_template: str = ""
    #: Why this severity: a reviewer should not have to guess.
    severity_reason: str = ""
    #: Prowler's Notes.
    notes: str = ""
    #: The page a scanner links to as the finding's documentation; the first reference when not set.
    docs_url: str = ""

    @property
    def guideline_url(self) -> str:
        """The finding's documentation URL: ``docs_url``, else its first reference ("" when it has neither)."""
        return self.docs_url or next(iter(self.references), "")


_KEY_POLICY_ACTIONS = (
    "kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:GenerateDataKey, "
    "kms:GenerateDataKeyWithoutPlaintext and kms:ReEncrypt*"
)

MEMORY = Finding(
    id="bedrockagentcore_memory_encrypted_with_customer_managed_key",
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
    resource="memory",
    sub_service="memory",
    resource_id_template="arn:partition:bedrock-agentcore:region:account-id:memory/memory-id",
    severity_reason=(
        "high: memories hold conversation history, extracted facts and user preferences, often personal data, "
        "and the key cannot be changed without re-creating the memory"
    ),
    notes="The key of an existing memory cannot be changed: the memory must be re-created.",
)


GATEWAY = Finding(
    id="bedrockagentcore_gateway_encrypted_with_customer_managed_key",
    title="Bedrock AgentCore gateway is encrypted with a customer-managed KMS key",
    severity="medium",
    description=(
        "Amazon Bedrock AgentCore gateways expose APIs, Lambda functions and MCP servers to agents as tools and "
        "store their configuration, target definitions and authorizer settings. This check verifies that each "
        "gateway is encrypted at rest with a customer-managed AWS KMS key (kmsKeyArn) rather than an AWS owned "
        "or AWS managed key."
    ),
    risk=(
        "A gateway's configuration describes which tools agents can reach and how they authenticate. With an "
        "AWS owned or AWS managed key the customer cannot define who may decrypt it, audit each use of the key "
        "in CloudTrail, rotate it on their own schedule or revoke access by disabling the key."
    ),
    remediation=(
        "Set KmsKeyArn (Terraform: kms_key_arn, AWS CLI: --kms-key-arn) on the AgentCore gateway to a "
        "customer-managed KMS key whose key policy lets bedrock-agentcore.amazonaws.com use it "
        f"({_KEY_POLICY_ACTIONS}). Unlike a memory, a gateway's key can be changed in place: UpdateGateway "
        "takes the new key, and CloudFormation and Terraform update the gateway without replacing it."
    ),
    remediation_cli=(
        "aws bedrock-agentcore-control update-gateway --gateway-identifier <gateway_id> --name <gateway_name> "
        "--role-arn <gateway_role_arn> --protocol-type MCP --authorizer-type <current_authorizer_type> "
        "--kms-key-arn arn:aws:kms:<region>:<account_id>:key/<key_id>"
    ),
    remediation_cloudformation=(
        "Resources:\n"
        "  GatewayKey:\n"
        "    Type: AWS::KMS::Key\n"
        "    Properties:\n"
        "      EnableKeyRotation: true\n"
        "      KeyPolicy: <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "  Gateway:\n"
        "    Type: AWS::BedrockAgentCore::Gateway\n"
        "    Properties:\n"
        "      Name: <gateway_name>\n"
        "      RoleArn: <gateway_role_arn>\n"
        "      ProtocolType: MCP\n"
        "      AuthorizerType: AWS_IAM\n"
        "      KmsKeyArn: !GetAtt GatewayKey.Arn\n"
    ),
    remediation_terraform=(
        'resource "aws_kms_key" "gateway" {\n'
        "  enable_key_rotation = true\n"
        "  policy              = <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "}\n"
        "\n"
        'resource "aws_bedrockagentcore_gateway" "example" {\n'
        '  name            = "<gateway_name>"\n'
        "  role_arn        = <gateway_role_arn>\n"
        '  protocol_type   = "MCP"\n'
        '  authorizer_type = "AWS_IAM"\n'
        "  kms_key_arn     = aws_kms_key.gateway.arn\n"
        "}\n"
    ),
    remediation_console=(
        "1. Open the Amazon Bedrock AgentCore console and choose Gateways\n"
        "2. Choose the gateway and choose Edit\n"
        "3. Under encryption, choose Customize encryption settings (advanced)\n"
        "4. Choose your customer-managed KMS key and save the gateway"
    ),
    references=(
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/data-encryption.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_UpdateGateway.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/bedrock-agentcore-gateway-encryption-enabled.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-mgn-key",
    ),
    resource="gateway",
    sub_service="gateway",
    resource_id_template="arn:partition:bedrock-agentcore:region:account-id:gateway/gateway-id",
    severity_reason=(
        "medium: a gateway holds configuration and tool definitions rather than end-user data, and its key can "
        "be changed in place at any time"
    ),
    notes="A gateway's key can be changed in place with UpdateGateway; the gateway is not replaced.",
)

TOKEN_VAULT = Finding(
    id="bedrockagentcore_token_vault_encrypted_with_customer_managed_key",
    title="Bedrock AgentCore token vault is encrypted with a customer-managed KMS key",
    severity="high",
    description=(
        "The Amazon Bedrock AgentCore Identity token vault holds the OAuth2 tokens, client secrets and API keys "
        "that agents use to call other services. This check verifies that each region's token vault is "
        "encrypted with a customer-managed AWS KMS key (kmsConfiguration keyType CustomerManagedKey) rather "
        "than a service-managed key."
    ),
    risk=(
        "Credentials in the token vault give access to third-party services and customer data outside AWS. "
        "With a service-managed key the customer cannot define who may decrypt them, audit each use of the key "
        "in CloudTrail, rotate it on their own schedule or revoke access by disabling the key."
    ),
    remediation=(
        "Set the token vault's KMS configuration to keyType CustomerManagedKey with kmsKeyArn set to a "
        "customer-managed KMS key whose key policy lets bedrock-agentcore.amazonaws.com use it "
        f"({_KEY_POLICY_ACTIONS}): AWS CLI set-token-vault-cmk, CloudFormation AWS::BedrockAgentCore::TokenVault "
        "KmsConfiguration, Terraform aws_bedrockagentcore_token_vault_cmk. "
        "The vault's key is changed in place."
    ),
    remediation_cli=(
        "aws bedrock-agentcore-control set-token-vault-cmk --token-vault-id default "
        "--kms-configuration keyType=CustomerManagedKey,kmsKeyArn=arn:aws:kms:<region>:<account_id>:key/<key_id>"
    ),
    remediation_cloudformation=(
        "Resources:\n"
        "  TokenVaultKey:\n"
        "    Type: AWS::KMS::Key\n"
        "    Properties:\n"
        "      EnableKeyRotation: true\n"
        "      KeyPolicy: <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "  TokenVault:\n"
        "    Type: AWS::BedrockAgentCore::TokenVault\n"
        "    Properties:\n"
        "      KmsConfiguration:\n"
        "        KeyType: CustomerManagedKey\n"
        "        KmsKeyArn: !GetAtt TokenVaultKey.Arn\n"
    ),
    remediation_terraform=(
        'resource "aws_kms_key" "token_vault" {\n'
        "  enable_key_rotation = true\n"
        "  policy              = <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "}\n"
        "\n"
        'resource "aws_bedrockagentcore_token_vault_cmk" "example" {\n'
        "  kms_configuration {\n"
        '    key_type    = "CustomerManagedKey"\n'
        "    kms_key_arn = aws_kms_key.token_vault.arn\n"
        "  }\n"
        "}\n"
    ),
    remediation_console=(
        "1. Open the Amazon Bedrock AgentCore console and choose Identity\n"
        "2. Under the token vault's encryption settings, choose Edit\n"
        "3. Choose Customer managed key and your customer-managed KMS key, then save"
    ),
    references=(
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/data-encryption.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_SetTokenVaultCMK.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_GetTokenVault.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-mgn-key",
    ),
    resource="token vault",
    sub_service="token-vault",
    resource_id_template="arn:partition:bedrock-agentcore:region:account-id:token-vault/token-vault-id",
    severity_reason=(
        "high: the vault holds live credentials (OAuth2 tokens, client secrets, API keys) that reach systems "
        "beyond AWS"
    ),
    notes="The token vault's key can be changed in place with SetTokenVaultCMK.",
)

#: Every finding this package ships, in the order reports list them.
FINDINGS = (MEMORY, GATEWAY, TOKEN_VAULT)
#: The memory finding, under the name the 0.1 API used.
FINDING = MEMORY


def finding_by_id(check_id: str) -> Finding:
    for finding in FINDINGS:
        if finding.id == check_id:
            return finding
    raise KeyError(check_id)
