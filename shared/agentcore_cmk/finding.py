"""The findings, each defined once: one per AgentCore resource kind whose data at rest is under a KMS key the
customer may choose. Both scanners read every string they show from here."""

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
    #: What the finding is about, as a reason names it ("memory", "gateway", "token vault", ...).
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
        "memory cannot be changed. A harness that manages its own memory takes the key when it is created: "
        "Memory.ManagedMemoryConfiguration.EncryptionKeyArn (Terraform: "
        "memory.managed_memory_configuration.encryption_key_arn); without a memory block it gets an AWS owned key."
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

_CONSOLE_ENCRYPTION_STEP = "Customize encryption settings (advanced)"

POLICY_ENGINE = Finding(
    id="bedrockagentcore_policy_engine_encrypted_with_customer_managed_key",
    title="Bedrock AgentCore policy engine is encrypted with a customer-managed KMS key",
    severity="medium",
    description=(
        "Amazon Bedrock AgentCore policy engines hold the Cedar policies that decide which tool calls agents may "
        "make through a gateway. This check verifies that each policy engine is encrypted at rest with a "
        "customer-managed AWS KMS key (encryptionKeyArn) rather than an AWS owned or AWS managed key."
    ),
    risk=(
        "A policy engine's policies describe what every agent is allowed to do, on which resources and under "
        "which conditions. With an AWS owned or AWS managed key the customer cannot define who may decrypt "
        "them, audit each use of the key in CloudTrail, rotate it on their own schedule or revoke access by "
        "disabling the key."
    ),
    remediation=(
        "Create a new AgentCore policy engine with EncryptionKeyArn (Terraform: encryption_key_arn, AWS CLI: "
        "--encryption-key-arn) set to a customer-managed KMS key whose key policy lets "
        f"bedrock-agentcore.amazonaws.com use it ({_KEY_POLICY_ACTIONS}), re-create its policies, associate "
        "the gateways with the new engine and delete the old one. The key of an existing policy engine cannot "
        "be changed: UpdatePolicyEngine does not take a key, and CloudFormation and Terraform replace the engine."
    ),
    remediation_cli=(
        "aws bedrock-agentcore-control create-policy-engine --name <policy_engine_name> "
        "--encryption-key-arn arn:aws:kms:<region>:<account_id>:key/<key_id>"
    ),
    remediation_cloudformation=(
        "Resources:\n"
        "  PolicyEngineKey:\n"
        "    Type: AWS::KMS::Key\n"
        "    Properties:\n"
        "      EnableKeyRotation: true\n"
        "      KeyPolicy: <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "  PolicyEngine:\n"
        "    Type: AWS::BedrockAgentCore::PolicyEngine\n"
        "    Properties:\n"
        "      Name: <policy_engine_name>\n"
        "      EncryptionKeyArn: !GetAtt PolicyEngineKey.Arn\n"
    ),
    remediation_terraform=(
        'resource "aws_kms_key" "policy_engine" {\n'
        "  enable_key_rotation = true\n"
        "  policy              = <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "}\n"
        "\n"
        'resource "aws_bedrockagentcore_policy_engine" "example" {\n'
        '  name               = "<policy_engine_name>"\n'
        "  encryption_key_arn = aws_kms_key.policy_engine.arn\n"
        "}\n"
    ),
    remediation_console=(
        "1. Open the Amazon Bedrock AgentCore console and choose Policy\n"
        "2. Choose Create policy engine and enter a name\n"
        f"3. Under encryption, choose {_CONSOLE_ENCRYPTION_STEP} and your customer-managed KMS key\n"
        "4. Create the engine, re-create the policies, associate the gateways with it and delete the old engine"
    ),
    references=(
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/policy-encryption.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_CreatePolicyEngine.html",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-bedrockagentcore-policyengine.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-mgn-key",
    ),
    resource="policy engine",
    sub_service="policy-engine",
    resource_id_template="arn:partition:bedrock-agentcore:region:account-id:policy-engine/policy-engine-id",
    severity_reason=(
        "medium: a policy engine holds authorization policies (configuration that reveals what agents may do), "
        "not end-user data, but its key cannot be changed without re-creating the engine and its policies"
    ),
    notes="The key of an existing policy engine cannot be changed: the engine must be re-created.",
)

EVALUATOR = Finding(
    id="bedrockagentcore_evaluator_encrypted_with_customer_managed_key",
    title="Bedrock AgentCore evaluator is encrypted with a customer-managed KMS key",
    severity="medium",
    description=(
        "Amazon Bedrock AgentCore evaluators score agent quality with LLM-as-a-Judge instructions, rating scales "
        "and model settings, or a Lambda function. This check verifies that each custom evaluator is encrypted "
        "at rest with a customer-managed AWS KMS key (kmsKeyArn) rather than an AWS owned or AWS managed key."
    ),
    risk=(
        "An evaluator's instructions encode the business rules and expected behaviour agents are judged "
        "against. With an AWS owned or AWS managed key the customer cannot define who may decrypt them, audit "
        "each use of the key in CloudTrail, rotate it on their own schedule or revoke access by disabling the key."
    ),
    remediation=(
        "Set KmsKeyArn (Terraform: kms_key_arn, AWS CLI: --kms-key-arn) on the AgentCore evaluator to a "
        "customer-managed symmetric KMS key whose key policy lets bedrock-agentcore.amazonaws.com use it "
        f"({_KEY_POLICY_ACTIONS}). The key can be changed in place: UpdateEvaluator takes the new key and the "
        "service re-encrypts the evaluator's data, and CloudFormation updates it without replacement; the "
        "Terraform aws provider re-creates the evaluator when kms_key_arn changes."
    ),
    remediation_cli=(
        "aws bedrock-agentcore-control update-evaluator --evaluator-id <evaluator_id> "
        "--kms-key-arn arn:aws:kms:<region>:<account_id>:key/<key_id>"
    ),
    remediation_cloudformation=(
        "Resources:\n"
        "  EvaluatorKey:\n"
        "    Type: AWS::KMS::Key\n"
        "    Properties:\n"
        "      EnableKeyRotation: true\n"
        "      KeyPolicy: <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "  Evaluator:\n"
        "    Type: AWS::BedrockAgentCore::Evaluator\n"
        "    Properties:\n"
        "      EvaluatorName: <evaluator_name>\n"
        "      Level: TRACE\n"
        "      EvaluatorConfig: <evaluator configuration>\n"
        "      KmsKeyArn: !GetAtt EvaluatorKey.Arn\n"
    ),
    remediation_terraform=(
        'resource "aws_kms_key" "evaluator" {\n'
        "  enable_key_rotation = true\n"
        "  policy              = <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "}\n"
        "\n"
        'resource "aws_bedrockagentcore_evaluator" "example" {\n'
        '  evaluator_name = "<evaluator_name>"\n'
        '  level          = "TRACE"\n'
        "  kms_key_arn    = aws_kms_key.evaluator.arn\n"
        "\n"
        "  evaluator_config {\n"
        "    <evaluator configuration>\n"
        "  }\n"
        "}\n"
    ),
    remediation_console=(
        "1. Open the Amazon Bedrock AgentCore console and choose Evaluation\n"
        "2. Choose the custom evaluator and choose Edit\n"
        f"3. Under encryption, choose {_CONSOLE_ENCRYPTION_STEP} and your customer-managed KMS key, then save"
    ),
    references=(
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/data-encryption.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_UpdateEvaluator.html",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-bedrockagentcore-evaluator.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-mgn-key",
    ),
    resource="evaluator",
    sub_service="evaluator",
    resource_id_template="arn:partition:bedrock-agentcore:region:account-id:evaluator/evaluator-id",
    severity_reason=(
        "medium: an evaluator holds judging instructions and model settings rather than end-user data, and its "
        "key can be changed in place at any time"
    ),
    notes="An evaluator's key can be changed in place with UpdateEvaluator; the service re-encrypts its data.",
)

DATASET = Finding(
    id="bedrockagentcore_dataset_encrypted_with_customer_managed_key",
    title="Bedrock AgentCore dataset is encrypted with a customer-managed KMS key",
    severity="high",
    description=(
        "Amazon Bedrock AgentCore datasets hold the evaluation examples (conversation turns, inputs, expected "
        "responses and scenarios) that evaluations run agents against. This check verifies that each dataset "
        "is encrypted at rest with a customer-managed AWS KMS key (kmsKeyArn) rather than an AWS owned or AWS "
        "managed key."
    ),
    risk=(
        "Evaluation examples are often taken from real conversations and can hold personal and confidential "
        "data. With an AWS owned or AWS managed key the customer cannot define who may decrypt it, audit each "
        "use of the key in CloudTrail, rotate it on their own schedule or revoke access by disabling the key."
    ),
    remediation=(
        "Create a new AgentCore dataset with KmsKeyArn (Terraform: kms_key_arn, AWS CLI: --kms-key-arn) set to "
        "a customer-managed KMS key whose key policy lets bedrock-agentcore.amazonaws.com use it "
        f"({_KEY_POLICY_ACTIONS}), load its examples again, point your evaluations at the new dataset and delete "
        "the old one. The key of an existing dataset cannot be changed: UpdateDataset does not take a key, and "
        "CloudFormation and Terraform replace the dataset."
    ),
    remediation_cli=(
        "aws bedrock-agentcore-control create-dataset --dataset-name <dataset_name> "
        "--schema-type AGENTCORE_EVALUATION_PREDEFINED_V1 --source <examples source> "
        "--kms-key-arn arn:aws:kms:<region>:<account_id>:key/<key_id>"
    ),
    remediation_cloudformation=(
        "Resources:\n"
        "  DatasetKey:\n"
        "    Type: AWS::KMS::Key\n"
        "    Properties:\n"
        "      EnableKeyRotation: true\n"
        "      KeyPolicy: <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "  Dataset:\n"
        "    Type: AWS::BedrockAgentCore::Dataset\n"
        "    Properties:\n"
        "      DatasetName: <dataset_name>\n"
        "      SchemaType: AGENTCORE_EVALUATION_PREDEFINED_V1\n"
        "      Source: <examples source>\n"
        "      KmsKeyArn: !GetAtt DatasetKey.Arn\n"
    ),
    remediation_terraform=(
        'resource "aws_kms_key" "dataset" {\n'
        "  enable_key_rotation = true\n"
        "  policy              = <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "}\n"
        "\n"
        'resource "aws_bedrockagentcore_dataset" "example" {\n'
        '  name        = "<dataset_name>"\n'
        '  schema_type = "AGENTCORE_EVALUATION_PREDEFINED_V1"\n'
        "  kms_key_arn = aws_kms_key.dataset.arn\n"
        "\n"
        "  source {\n"
        "    <examples source>\n"
        "  }\n"
        "}\n"
    ),
    remediation_console=(
        "1. Open the Amazon Bedrock AgentCore console and choose Evaluation, then Datasets\n"
        "2. Choose Create dataset, enter a name and the examples\n"
        f"3. Under encryption, choose {_CONSOLE_ENCRYPTION_STEP} and your customer-managed KMS key\n"
        "4. Create the dataset, point your evaluations at it and delete the old one"
    ),
    references=(
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/data-encryption.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_CreateDataset.html",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-bedrockagentcore-dataset.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-mgn-key",
    ),
    resource="dataset",
    sub_service="dataset",
    resource_id_template="arn:partition:bedrock-agentcore:region:account-id:dataset/dataset-id",
    severity_reason=(
        "high: datasets hold evaluation examples, often real conversations with personal data, and the key "
        "cannot be changed without re-creating the dataset"
    ),
    notes="The key of an existing dataset cannot be changed: the dataset must be re-created.",
)

CONFIGURATION_BUNDLE = Finding(
    id="bedrockagentcore_configuration_bundle_encrypted_with_customer_managed_key",
    title="Bedrock AgentCore configuration bundle is encrypted with a customer-managed KMS key",
    severity="medium",
    description=(
        "Amazon Bedrock AgentCore configuration bundles store versioned component configurations (JSON "
        "documents) for agent evaluation workflows. This check verifies that each bundle's components are "
        "encrypted at rest with a customer-managed AWS KMS key (kmsKeyArn) rather than an AWS owned or AWS "
        "managed key."
    ),
    risk=(
        "Component configurations describe how agents are evaluated and can embed prompts, thresholds and "
        "resource ARNs. With an AWS owned or AWS managed key the customer cannot define who may decrypt them, "
        "audit each use of the key in CloudTrail, rotate it on their own schedule or revoke access by disabling "
        "the key."
    ),
    remediation=(
        "Set KmsKeyArn (Terraform: kms_key_arn, AWS CLI: --kms-key-arn) on the AgentCore configuration bundle "
        "to a customer-managed KMS key whose key policy lets bedrock-agentcore.amazonaws.com use it "
        f"({_KEY_POLICY_ACTIONS}). The key can be changed in place: UpdateConfigurationBundle takes the new key "
        "and rotates the bundle to it, and CloudFormation updates the bundle without replacement; the Terraform "
        "aws provider re-creates the bundle when kms_key_arn changes."
    ),
    remediation_cli=(
        "aws bedrock-agentcore-control update-configuration-bundle --bundle-id <bundle_id> "
        "--parent-version-ids <current_version_id> --commit-message \"Encrypt with a customer-managed key\" "
        "--kms-key-arn arn:aws:kms:<region>:<account_id>:key/<key_id>"
    ),
    remediation_cloudformation=(
        "Resources:\n"
        "  BundleKey:\n"
        "    Type: AWS::KMS::Key\n"
        "    Properties:\n"
        "      EnableKeyRotation: true\n"
        "      KeyPolicy: <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "  ConfigurationBundle:\n"
        "    Type: AWS::BedrockAgentCore::ConfigurationBundle\n"
        "    Properties:\n"
        "      BundleName: <bundle_name>\n"
        "      Components: <component configurations>\n"
        "      KmsKeyArn: !GetAtt BundleKey.Arn\n"
    ),
    remediation_terraform=(
        'resource "aws_kms_key" "configuration_bundle" {\n'
        "  enable_key_rotation = true\n"
        "  policy              = <policy allowing bedrock-agentcore.amazonaws.com>\n"
        "}\n"
        "\n"
        'resource "aws_bedrockagentcore_configuration_bundle" "example" {\n'
        '  bundle_name = "<bundle_name>"\n'
        "  kms_key_arn = aws_kms_key.configuration_bundle.arn\n"
        "\n"
        "  component {\n"
        '    component_identifier = "<component ARN>"\n'
        "    configuration        = jsonencode(<component configuration>)\n"
        "  }\n"
        "}\n"
    ),
    remediation_console=(
        "1. Open the Amazon Bedrock AgentCore console and choose Evaluation, then Configuration bundles\n"
        "2. Choose the bundle and choose Edit\n"
        f"3. Under encryption, choose {_CONSOLE_ENCRYPTION_STEP} and your customer-managed KMS key, then save"
    ),
    references=(
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/data-encryption.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_UpdateConfigurationBundle.html",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-bedrockagentcore-configurationbundle.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-mgn-key",
    ),
    resource="configuration bundle",
    sub_service="configuration-bundle",
    resource_id_template="arn:partition:bedrock-agentcore:region:account-id:configuration-bundle/bundle-id",
    severity_reason=(
        "medium: a configuration bundle holds evaluation configuration rather than end-user data, and its key "
        "can be changed in place at any time"
    ),
    notes="A configuration bundle's key can be changed in place with UpdateConfigurationBundle.",
)

PAYMENT_MANAGER = Finding(
    id="bedrockagentcore_payment_manager_encrypted_with_customer_managed_key",
    title="Bedrock AgentCore payment manager is encrypted with a customer-managed KMS key",
    severity="high",
    description=(
        "Amazon Bedrock AgentCore payment managers let agents process payments through connectors to payment "
        "providers, and keep the manager's sensitive payment data. This check verifies that each payment "
        "manager is encrypted at rest with a customer-managed AWS KMS key (kmsKeyArn) rather than an AWS owned "
        "or AWS managed key."
    ),
    risk=(
        "Payment data and provider settings let agents move money on the customer's behalf. With an AWS owned "
        "or AWS managed key the customer cannot define who may decrypt them, audit each use of the key in "
        "CloudTrail, rotate it on their own schedule or revoke access by disabling the key."
    ),
    remediation=(
        "Set the payment manager's kmsKeyArn (AWS CLI: update-payment-manager --kms-key-arn) to a "
        "customer-managed KMS key whose key policy lets bedrock-agentcore.amazonaws.com use it "
        f"({_KEY_POLICY_ACTIONS}). The key can be changed in place with UpdatePaymentManager. CloudFormation "
        "(AWS::BedrockAgentCore::PaymentManager has no key property) and Terraform do not set a payment "
        "manager's key: use the AWS CLI, an SDK or the console."
    ),
    remediation_cli=(
        "aws bedrock-agentcore-control update-payment-manager --payment-manager-id <payment_manager_id> "
        "--kms-key-arn arn:aws:kms:<region>:<account_id>:key/<key_id>"
    ),
    remediation_cloudformation="",
    remediation_terraform="",
    remediation_console=(
        "1. Open the Amazon Bedrock AgentCore console and choose Payments\n"
        "2. Choose the payment manager and choose Edit\n"
        f"3. Under encryption, choose {_CONSOLE_ENCRYPTION_STEP} and your customer-managed KMS key, then save"
    ),
    references=(
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/data-encryption.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_UpdatePaymentManager.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_GetPaymentManager.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-mgn-key",
    ),
    resource="payment manager",
    sub_service="payment-manager",
    resource_id_template="arn:partition:bedrock-agentcore:region:account-id:payment-manager/payment-manager-id",
    severity_reason=(
        "high: a payment manager holds payment data and provider settings through which agents move money"
    ),
    notes=(
        "A payment manager's key can be changed in place with UpdatePaymentManager. CloudFormation and "
        "Terraform cannot set it, so only the live check sees it."
    ),
)

AGENT_INSIGHT_STORE = Finding(
    id="bedrockagentcore_agent_insight_store_encrypted_with_customer_managed_key",
    title="Bedrock AgentCore agent insight store is encrypted with a customer-managed KMS key",
    severity="high",
    description=(
        "The Amazon Bedrock AgentCore agent insight store (one per account and region) keeps the insights "
        "AgentCore derives from agents' sessions and traces. This check verifies that the store's "
        "encryptionConfiguration uses mode CUSTOMER_MANAGED_KMS with a customer-managed AWS KMS key rather "
        "than an AWS owned key."
    ),
    risk=(
        "Insights are derived from what users and agents said and did, and can hold personal and confidential "
        "data. With an AWS owned key the customer cannot define who may decrypt them, audit each use of the key "
        "in CloudTrail, rotate it on their own schedule or revoke access by disabling the key."
    ),
    remediation=(
        "Set the agent insight store's encryption configuration to mode CUSTOMER_MANAGED_KMS with kmsKeyArn "
        "set to a customer-managed KMS key whose key policy lets bedrock-agentcore.amazonaws.com use it "
        f"({_KEY_POLICY_ACTIONS}): AWS CLI update-agent-insight-store --encryption-configuration. The key is "
        "changed in place and protects the insights written after the change. CloudFormation and Terraform do "
        "not declare the insight store: use the AWS CLI, an SDK or the console."
    ),
    remediation_cli=(
        "aws bedrock-agentcore-control update-agent-insight-store --agent-insight-store-id <agent_insight_store_id> "
        "--encryption-configuration mode=CUSTOMER_MANAGED_KMS,kmsKeyArn=arn:aws:kms:<region>:<account_id>:key/<key_id>"
    ),
    remediation_cloudformation="",
    remediation_terraform="",
    remediation_console=(
        "1. Open the Amazon Bedrock AgentCore console and choose Agent insights\n"
        "2. Under the insight store's encryption settings, choose Edit\n"
        "3. Choose Customer managed key and your customer-managed KMS key, then save"
    ),
    references=(
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/data-encryption.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_UpdateAgentInsightStore.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_GetAgentInsightStore.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-mgn-key",
    ),
    resource="agent insight store",
    sub_service="agent-insight-store",
    resource_id_template="arn:partition:bedrock-agentcore:region:account-id:agent-insight-store/agent-insight-store-id",
    severity_reason=(
        "high: insights are derived from agents' sessions and traces, often with personal data, for every agent "
        "in the account and region"
    ),
    notes=(
        "The insight store's key can be changed in place with UpdateAgentInsightStore; it protects insights "
        "written after the change. CloudFormation and Terraform cannot set it, so only the live check sees it."
    ),
)

CAPACITY_PROVIDER = Finding(
    id="bedrockagentcore_capacity_provider_encrypted_with_customer_managed_key",
    title="Bedrock AgentCore capacity provider volumes are encrypted with a customer-managed KMS key",
    severity="high",
    description=(
        "Amazon Bedrock AgentCore capacity providers define the EC2 instances that run AgentCore Runtime "
        "sessions, with a root volume, persistent volumes and ephemeral EBS volumes. This check verifies that "
        "each EBS volume is encrypted (encrypted) with a customer-managed AWS KMS key (kmsKeyId) rather than "
        "the AWS managed EBS key or none."
    ),
    risk=(
        "The volumes hold agents' code, session files and persistent storage, which can include personal and "
        "confidential data. Unencrypted, or under the AWS managed key aws/ebs, the customer cannot define who "
        "may decrypt them, audit each use of the key in CloudTrail, rotate it on their own schedule or revoke "
        "access by disabling the key."
    ),
    remediation=(
        "Create a new AgentCore capacity provider whose root volume (RootVolume), persistent volumes "
        "(Volumes[].EbsConfiguration) and ephemeral EBS volumes (LaunchParameters.EphemeralVolumes[].Ebs) each "
        "set Encrypted to true and KmsKeyId (Terraform: encrypted, kms_key_id) to a customer-managed KMS key "
        "whose key policy lets the capacity provider's operator role and EC2 use it, move the runtimes to it "
        "and delete the old one. Encrypted without KmsKeyId uses the AWS managed key aws/ebs. A capacity "
        "provider's volumes cannot be changed: UpdateCapacityProvider takes only a description, and "
        "CloudFormation and Terraform replace the capacity provider."
    ),
    remediation_cli=(
        "aws bedrock-agentcore-control create-capacity-provider --name <capacity_provider_name> "
        "--permissions-configuration capacityProviderOperatorRoleArn=<operator_role_arn> "
        "--compute-configuration '{\"ec2Configuration\": {\"launchTemplateSource\": {\"launchParameters\": "
        "{\"operatingSystem\": \"LINUX_ARM64\", \"instanceRequirements\": {\"allowedInstanceTypes\": "
        "[\"<instance_type>\"]}}}, \"vpcConfiguration\": {\"subnets\": [\"<subnet_id>\"], \"securityGroups\": "
        "[\"<security_group_id>\"]}, \"rootVolume\": {\"encrypted\": true, \"kmsKeyId\": "
        "\"arn:aws:kms:<region>:<account_id>:key/<key_id>\"}, \"volumes\": [{\"ebsConfiguration\": {\"name\": "
        "\"<volume_name>\", \"sizeGiB\": 20, \"encrypted\": true, \"kmsKeyId\": "
        "\"arn:aws:kms:<region>:<account_id>:key/<key_id>\"}}]}}'"
    ),
    remediation_cloudformation=(
        "Resources:\n"
        "  VolumeKey:\n"
        "    Type: AWS::KMS::Key\n"
        "    Properties:\n"
        "      EnableKeyRotation: true\n"
        "      KeyPolicy: <policy allowing the operator role and EC2>\n"
        "  CapacityProvider:\n"
        "    Type: AWS::BedrockAgentCore::CapacityProvider\n"
        "    Properties:\n"
        "      Name: <capacity_provider_name>\n"
        "      PermissionsConfiguration:\n"
        "        CapacityProviderOperatorRoleArn: <operator_role_arn>\n"
        "      ComputeConfiguration:\n"
        "        Ec2Configuration:\n"
        "          LaunchTemplateSource:\n"
        "            LaunchParameters:\n"
        "              OperatingSystem: LINUX_ARM64\n"
        "              InstanceRequirements:\n"
        "                AllowedInstanceTypes: [<instance_type>]\n"
        "          VpcConfiguration:\n"
        "            Subnets: [<subnet_id>]\n"
        "            SecurityGroups: [<security_group_id>]\n"
        "          RootVolume:\n"
        "            Encrypted: true\n"
        "            KmsKeyId: !GetAtt VolumeKey.Arn\n"
        "          Volumes:\n"
        "            - EbsConfiguration:\n"
        "                Name: <volume_name>\n"
        "                SizeGiB: 20\n"
        "                Encrypted: true\n"
        "                KmsKeyId: !GetAtt VolumeKey.Arn\n"
    ),
    remediation_terraform=(
        'resource "aws_kms_key" "capacity_provider" {\n'
        "  enable_key_rotation = true\n"
        "  policy              = <policy allowing the operator role and EC2>\n"
        "}\n"
        "\n"
        'resource "aws_bedrockagentcore_capacity_provider" "example" {\n'
        '  name = "<capacity_provider_name>"\n'
        "\n"
        "  compute_configuration {\n"
        "    ec2_configuration {\n"
        "      launch_template_source {\n"
        "        launch_parameters {\n"
        '          operating_system = "LINUX_ARM64"\n'
        "          instance_requirements {\n"
        '            allowed_instance_types = ["<instance_type>"]\n'
        "          }\n"
        "        }\n"
        "      }\n"
        "      vpc_configuration {\n"
        '        subnets         = ["<subnet_id>"]\n'
        '        security_groups = ["<security_group_id>"]\n'
        "      }\n"
        "      root_volume = [{\n"
        "        encrypted  = true\n"
        "        kms_key_id = aws_kms_key.capacity_provider.arn\n"
        "      }]\n"
        "      volume {\n"
        "        ebs_configuration {\n"
        '          name       = "<volume_name>"\n'
        "          size_gib   = 20\n"
        "          encrypted  = true\n"
        "          kms_key_id = aws_kms_key.capacity_provider.arn\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  }\n"
        "\n"
        "  permissions_configuration {\n"
        "    capacity_provider_operator_role_arn = <operator_role_arn>\n"
        "  }\n"
        "}\n"
    ),
    remediation_console=(
        "1. Open the Amazon Bedrock AgentCore console and choose Runtime, then Capacity providers\n"
        "2. Choose Create capacity provider and enter its compute and network settings\n"
        "3. For the root volume and each EBS volume, turn on encryption and choose your customer-managed KMS key\n"
        "4. Create the capacity provider, move the runtimes to it and delete the old one"
    ),
    references=(
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-instances-how-it-works.html",
        "https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_CreateCapacityProvider.html",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-bedrockagentcore-capacityprovider.html",
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-mgn-key",
    ),
    resource="capacity provider",
    sub_service="capacity-provider",
    resource_id_template="arn:partition:bedrock-agentcore:region:account-id:capacity-provider/capacity-provider-id",
    severity_reason=(
        "high: the volumes hold agents' code, session files and persistent storage, and their keys cannot be "
        "changed without re-creating the capacity provider"
    ),
    notes=(
        "A capacity provider's volumes cannot be changed: it must be re-created. Instance-store (ephemeral) "
        "mappings take no key and are not judged."
    ),
)

#: Every finding this package ships, in the order reports list them.
FINDINGS = (
    MEMORY, GATEWAY, TOKEN_VAULT, POLICY_ENGINE, EVALUATOR, DATASET, CONFIGURATION_BUNDLE, PAYMENT_MANAGER,
    AGENT_INSIGHT_STORE, CAPACITY_PROVIDER,
)
#: The memory finding, under the name the 0.1 API used.
FINDING = MEMORY


def finding_by_id(check_id: str) -> Finding:
    for finding in FINDINGS:
        if finding.id == check_id:
            return finding
    raise KeyError(check_id)
