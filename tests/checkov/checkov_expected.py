"""Each fixture memory's expected result and a part of its details, for tests/checkov/fixtures."""

from agentcore_cmk.verdicts import FALLBACK
from checkov_expected_cloudformation import CLOUDFORMATION_PARAMETERS_AND_CONDITIONS
from checkov_expected_terraform import TERRAFORM_EVALUATOR, TERRAFORM_FRAMEWORKS

CFN = "/cloudformation/memories.yaml"
CFN_JSON = "/cloudformation/memories.json"
CFN_EVAL = "/cloudformation/evaluator.yaml"
CFN_EVAL_JSON = "/cloudformation/evaluator.json"
CFN_GATEWAYS = "/cloudformation/gateways.yaml"
CFN_VAULTS = "/cloudformation/token_vaults.yaml"
SAM = "/sam/template.yaml"
SAM_GATEWAY = "/sam/gateway.yaml"
CDK = "/cdk/cdk.out/AgentMemoryStack.template.json"
CDK_GATEWAY = "/cdk/cdk.out/AgentGatewayStack.template.json"
TF = "/terraform/main.tf"
TF_MODULE = "/terraform/modules/memory/main.tf"
PLAN = "/terraform_plan/tfplan.json"
ARTICLE_JSON = "/article/article-cloudformation.json"
ARTICLE_YAML = "/article/article-cloudformation-corrected.yaml"
ARTICLE_TF = "/article/terraform/main.tf"


def cfn(name):
    return f"AWS::BedrockAgentCore::Memory.{name}"


def cfn_gateway(name):
    return f"AWS::BedrockAgentCore::Gateway.{name}"


def cfn_vault(name):
    return f"AWS::BedrockAgentCore::TokenVault.{name}"


def tf(name, resource_type="aws_bedrockagentcore_memory"):
    return f"{resource_type}.{name}"


ABSENT_CFN = f"EncryptionKeyArn is absent: {FALLBACK}"
ABSENT_TF = f"encryption_key_arn is absent: {FALLBACK}"
ABSENT_CFN_GATEWAY = f"KmsKeyArn is absent: {FALLBACK}"
NOT_A_KEY = "which is not a KMS key ARN or alias"
NOT_BUILT_KEY = f"which is not a KMS key ARN: {FALLBACK}"
OUTSIDE = "outside the scanned files; it must be a customer-managed key"
BY_DEFAULTS = "with the parameter defaults"
NEW_KEY = "references the customer-managed KMS key NewKey.Arn (the AWS::KMS::Key NewKey at evaluator.yaml:65"
BUILT_PREFIX = "arn:⟨AWS::Partition⟩:kms:⟨AWS::Region⟩:⟨AWS::AccountId⟩"

# (file, resource) -> (result, a part of its details)
EXPECTED = {
    # CloudFormation, FAILED
    (CFN, cfn("Absent")): ("FAILED", ABSENT_CFN),
    (CFN, cfn("NullValue")): ("FAILED", ABSENT_CFN),
    (CFN, cfn("EmptyString")): ("FAILED", ABSENT_CFN),
    (CFN, cfn("BlankString")): ("FAILED", ABSENT_CFN),
    (CFN, cfn("NoValue")): ("FAILED", f"EncryptionKeyArn is absent (AWS::NoValue): {FALLBACK}"),
    (CFN, cfn("ManagedAlias")): ("FAILED", "names the AWS managed key alias/aws/bedrock"),
    (CFN, cfn("ManagedAliasArn")): ("FAILED", "names the AWS managed key alias/aws/bedrock-agentcore"),
    (CFN, cfn("ManagedAliasDefault")): ("FAILED", "AWS managed key alias/aws/bedrock, which the customer cannot control (the default of parameter ManagedDefault at memories.yaml:12)"),
    (CFN, cfn("ManagedSub")): ("FAILED", f"builds {BUILT_PREFIX}:alias/aws/bedrock, the AWS managed key alias/aws/bedrock"),
    (CFN, cfn("Number")): ("FAILED", f"EncryptionKeyArn is '42', {NOT_A_KEY}"),
    (CFN, cfn("List")): ("FAILED", f"EncryptionKeyArn is \"['arn:aws:kms:us-east-1:123456789012:key/abc']\", {NOT_A_KEY}"),
    (CFN, cfn("FreeText")): ("FAILED", f"EncryptionKeyArn is 'our memory key', {NOT_A_KEY}"),
    (CFN, cfn("NotAKeyResource")): ("FAILED", f"EncryptionKeyArn is 'Bucket.Arn', {NOT_A_KEY} (the AWS::S3::Bucket Bucket at memories.yaml:50)"),
    (CFN, cfn("ParameterEmptyDefault")): ("FAILED", "EncryptionKeyArn is absent (the default of parameter EmptyDefault at memories.yaml:9)"),
    # CreateCmk defaults to "false" and allows "true": each is what a deployer may pass
    # issue 27 item 15: the default of CreateCmk decides UseCmk (its AllowedValues narrow only a value left to the deployer)
    (CFN, cfn("IfCreateCmkElseNothing")): ("FAILED", f"EncryptionKeyArn is absent (AWS::NoValue) (condition UseCmk is false {BY_DEFAULTS}): {FALLBACK}"),
    (CFN, cfn("IfKeyElseEmpty")): ("FAILED", f"EncryptionKeyArn is absent (condition UseCmk is false {BY_DEFAULTS}): {FALLBACK}"),
    # CloudFormation, PASSED
    (CFN, cfn("KeyArn")): ("PASSED", "EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/"),
    (CFN, cfn("KeyArnChina")): ("PASSED", "is the KMS key arn:aws-cn:kms:cn-north-1:"),
    (CFN, cfn("KeyArnGovCloud")): ("PASSED", "is the KMS key arn:aws-us-gov:kms:us-gov-west-1:"),
    (CFN, cfn("MultiRegionKeyArn")): ("PASSED", "is the KMS key arn:aws:kms:eu-west-1:123456789012:key/mrk-"),
    (CFN, cfn("GetAttKey")): ("PASSED", "references the customer-managed KMS key NewKey.Arn"),
    (CFN, cfn("GetAttReplicaKey")): ("PASSED", "references the customer-managed KMS key ReplicaKey.Arn"),
    (CFN, cfn("CustomerAliasName")): ("PASSED", "names the customer-managed key alias alias/agent-memory"),
    (CFN, cfn("CustomerAliasArn")): ("PASSED", "names the customer-managed key alias arn:aws:kms:us-east-1:123456789012:alias/agent-memory"),
    (CFN, cfn("CustomerAliasRef")): ("PASSED", "names the customer-managed key alias alias/agent-memory"),
    (CFN, cfn("ParameterWithoutDefault")): ("PASSED", f"comes from template parameter NoDefault, which has no default (declared at memories.yaml:15), {OUTSIDE}"),
    (CFN, cfn("SsmParameter")): ("PASSED", f"comes from the SSM parameter /agents/memory/key-arn (template parameter KeyFromSsm at memories.yaml:17), {OUTSIDE}"),
    (CFN, cfn("ImportValue")): ("PASSED", f"comes from Fn::ImportValue shared-kms-MemoryKeyArn, another stack's export, {OUTSIDE}"),
    (CFN, cfn("Sub")): ("PASSED", f"builds the KMS key ARN {BUILT_PREFIX}:key/1234abcd-12ab-34cd-56ef-1234567890ab from outside inputs"),
    (CFN, cfn("FindInMap")): ("PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (Mappings Keys.us-east-1.Memory at memories.yaml:32)"),
    (CFN, cfn("CallerKeyElseNewKey")): ("PASSED", f"NewKey.Arn (the AWS::KMS::Key NewKey at memories.yaml:36, condition HasKey is false {BY_DEFAULTS})"),
    (CFN, cfn("NewKeyUnlessCallerKey")): ("PASSED", f"NewKey.Arn (the AWS::KMS::Key NewKey at memories.yaml:36, condition NoKeyGiven is true {BY_DEFAULTS})"),
    (CFN, cfn("Suppressed")): ("SKIPPED", None),
    # CloudFormation JSON, SAM, CDK output
    (CFN_JSON, cfn("JsonAbsent")): ("FAILED", ABSENT_CFN),
    (CFN_JSON, cfn("JsonNull")): ("FAILED", ABSENT_CFN),
    (CFN_JSON, cfn("JsonManagedAlias")): ("FAILED", "names the AWS managed key alias/aws/bedrock"),
    (CFN_JSON, cfn("JsonGetAtt")): ("PASSED", "references the customer-managed KMS key MemoryKey.Arn"),
    (CFN_JSON, cfn("JsonCallerKeyElseNewKey")): ("PASSED", f"MemoryKey.Arn (the AWS::KMS::Key MemoryKey at memories.json:10, condition HasMemoryKey is false {BY_DEFAULTS})"),
    (SAM, cfn("SamEncryptedMemory")): ("PASSED", "references the customer-managed KMS key SamMemoryKey.Arn"),
    (SAM, cfn("SamPlainMemory")): ("FAILED", ABSENT_CFN),
    (CDK, cfn("EncryptedMemoryA1B2C3D4")): ("PASSED", "references the customer-managed KMS key MemoryKey3B1D5A1E.Arn"),
    (CDK, cfn("PlainMemoryE5F6A7B8")): ("FAILED", ABSENT_CFN),
    # CloudFormation: the evaluator's classes (issue 10) and defect 15.5, PASSED
    (CFN_EVAL, cfn("DynamicSsm")): ("PASSED", f"comes from the dynamic reference {{{{resolve:ssm:/agents/memory/key-arn}}}}, {OUTSIDE}"),
    (CFN_EVAL, cfn("DynamicSecretsManager")): ("PASSED", f"comes from the dynamic reference {{{{resolve:secretsmanager:agents/memory:SecretString:keyArn}}}}, {OUTSIDE}"),
    (CFN_EVAL, cfn("DynamicKeyIdInArn")): ("PASSED", f"builds the KMS key ARN {BUILT_PREFIX}:key/⟨{{{{resolve:ssm:/agents/memory/key-id}}}}⟩ from outside inputs"),
    (CFN_EVAL, cfn("DefaultsPickKey")): ("PASSED", f"{NEW_KEY}, condition UseCmk is true {BY_DEFAULTS})"),
    (CFN_EVAL, cfn("NestedIfPicksKey")): ("PASSED", f"{NEW_KEY}, condition UseCmk is true {BY_DEFAULTS}, condition IsProd is true {BY_DEFAULTS})"),
    (CFN_EVAL, cfn("AndConditionPicksKey")): ("PASSED", f"{NEW_KEY}, condition ProdAndCmk is true {BY_DEFAULTS})"),
    (CFN_EVAL, cfn("CallerKeyElseNewKey")): ("PASSED", "in each of the 2 values it can take: EncryptionKeyArn comes from template parameter CallerKey, which has no default (declared at evaluator.yaml:19, when condition HasCallerKey is true)"),
    (CFN_EVAL, cfn("RegionDecidesBetweenKeys")): ("PASSED", "OtherKey.Arn (the AWS::KMS::Key OtherKey at evaluator.yaml:69, when condition InUsEast1 is false)"),
    (CFN_EVAL, cfn("SelectFromListDefault")): ("PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000 (the default of parameter KeyArnList at evaluator.yaml:29)"),
    (CFN_EVAL, cfn("SelectFromSplitCsv")): ("PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000 (the default of parameter KeyArnCsv at evaluator.yaml:35)"),
    (CFN_EVAL, cfn("SubKeyIdGivenDefault")): ("PASSED", f"builds the KMS key ARN {BUILT_PREFIX}:key/1234abcd-12ab-34cd-56ef-1234567890ab (the default of parameter KeyIdGiven at evaluator.yaml:24) from outside inputs"),
    (CFN_EVAL, cfn("SubKeyIdRequired")): ("PASSED", "builds the KMS key ARN arn:aws:kms:⟨AWS::Region⟩:⟨AWS::AccountId⟩:key/⟨KeyIdRequired⟩ from outside inputs"),
    (CFN_EVAL, cfn("JoinKeyResource")): ("PASSED", NEW_KEY),
    (CFN_EVAL, cfn("SubKeyResourceId")): ("PASSED", f"builds the KMS key ARN {BUILT_PREFIX}:key/⟨NewKey⟩ from outside inputs"),
    (CFN_EVAL, cfn("MapByDefault")): ("PASSED", "(Mappings EnvironmentKeys.prod.Memory at evaluator.yaml:54, the default of parameter Environment at evaluator.yaml:16)"),
    (CFN_EVAL, cfn("NestedStackOutput")): ("PASSED", f"comes from the output KeyArn of the nested stack KeyStack (the AWS::CloudFormation::Stack KeyStack at evaluator.yaml:73), {OUTSIDE}"),
    (CFN_EVAL, cfn("CustomResourceAttribute")): ("PASSED", f"comes from the attribute KeyArn of the custom resource KeyLookup (the Custom::KeyLookup KeyLookup at evaluator.yaml:77), {OUTSIDE}"),
    (CFN_EVAL, cfn("ImportValueBuiltName")): ("PASSED", f"comes from Fn::ImportValue prod-MemoryKeyArn, another stack's export, {OUTSIDE}"),
    (CFN_EVAL, cfn("RefKeyGivesKeyId")): ("PASSED", "references the customer-managed KMS key Ref NewKey (the AWS::KMS::Key NewKey at evaluator.yaml:65); the property expects a key ARN and the deployment may reject the key id that Ref gives (use !GetAtt NewKey.Arn)"),
    # ... FAILED
    (CFN_EVAL, cfn("DefaultsPickNothing")): ("FAILED", f"EncryptionKeyArn is absent (AWS::NoValue) (condition UseNoCmk is false {BY_DEFAULTS}): {FALLBACK}"),
    (CFN_EVAL, cfn("NestedIfPicksNothing")): ("FAILED", f"EncryptionKeyArn is absent (condition UseNoCmk is false {BY_DEFAULTS}, condition IsProd is true {BY_DEFAULTS}): {FALLBACK}"),
    (CFN_EVAL, cfn("OrConditionPicksNothing")): ("FAILED", f"EncryptionKeyArn is absent (AWS::NoValue) (condition DevOrNoCmk is false {BY_DEFAULTS}): {FALLBACK}"),
    (CFN_EVAL, cfn("CallerKeyElseNothing")): ("FAILED", f"EncryptionKeyArn is absent (AWS::NoValue) (when condition HasCallerKey is false): {FALLBACK} (one of 2 values it can take)"),
    (CFN_EVAL, cfn("CallerKeyWhenEmpty")): ("FAILED", f"EncryptionKeyArn is absent (parameter CallerKey is '' in this branch, when condition NoCallerKey is true): {FALLBACK} (one of 2 values it can take)"),
    (CFN_EVAL, cfn("RegionDecidesKeyOrNothing")): ("FAILED", f"EncryptionKeyArn is absent (AWS::NoValue) (when condition InUsEast1 is false): {FALLBACK} (one of 2 values it can take)"),
    (CFN_EVAL, cfn("SelectBlankFromList")): ("FAILED", f"EncryptionKeyArn is absent (the default of parameter KeyArnListWithBlank at evaluator.yaml:32): {FALLBACK}"),
    (CFN_EVAL, cfn("SelectManagedFromSplitCsv")): ("FAILED", "names the AWS managed key alias/aws/bedrock, which the customer cannot control (the default of parameter KeyArnCsv at evaluator.yaml:35)"),
    (CFN_EVAL, cfn("SubKeyIdEmptyDefault")): ("FAILED", f"EncryptionKeyArn builds {BUILT_PREFIX}:key/ (the default of parameter KeyIdEmpty at evaluator.yaml:21), {NOT_BUILT_KEY}"),
    (CFN_EVAL, cfn("JoinKeyIdEmptyDefault")): ("FAILED", f"EncryptionKeyArn builds arn:aws:kms:⟨AWS::Region⟩:⟨AWS::AccountId⟩:key/ (the default of parameter KeyIdEmpty at evaluator.yaml:21), {NOT_BUILT_KEY}"),
    (CFN_EVAL, cfn("SubManagedAliasFromDefault")): ("FAILED", "names the AWS managed key alias/aws/bedrock, which the customer cannot control (the default of parameter ManagedService at evaluator.yaml:38)"),
    (CFN_EVAL, cfn("JoinManagedAliasArn")): ("FAILED", f"builds {BUILT_PREFIX}:alias/aws/bedrock, the AWS managed key alias/aws/bedrock"),
    (CFN_EVAL, cfn("MapEmptyEntry")): ("FAILED", f"EncryptionKeyArn is absent (Mappings EnvironmentKeys.dev.Memory at evaluator.yaml:56): {FALLBACK}"),
    (CFN_EVAL, cfn("MapByRegion")): ("FAILED", "names the AWS managed key alias/aws/bedrock, which the customer cannot control (Mappings RegionKeys.eu-west-1.Memory at evaluator.yaml:61) (one of 2 values it can take)"),
    (CFN_EVAL, cfn("UnknownFunction")): ("FAILED", "EncryptionKeyArn: the scanned files do not show what the function Fn::Base64 evaluates to"),
    (CFN_EVAL_JSON, cfn("JsonSubEmptyKeyId")): ("FAILED", f"EncryptionKeyArn builds {BUILT_PREFIX}:key/ (the default of parameter KeyId at evaluator.json:5), {NOT_BUILT_KEY}"),
    (CFN_EVAL_JSON, cfn("JsonDynamicReference")): ("PASSED", f"comes from the dynamic reference {{{{resolve:ssm:/agents/memory/key-arn}}}}, {OUTSIDE}"),
    (CFN_EVAL_JSON, cfn("JsonSelectFromList")): ("PASSED", "(the default of parameter KeyArns at evaluator.json:7)"),
    (CFN_EVAL_JSON, cfn("JsonNestedIfDecided")): ("PASSED", f"in each of the 2 values it can take: EncryptionKeyArn references the customer-managed KMS key JsonKey.Arn (the AWS::KMS::Key JsonKey at evaluator.json:14, when condition InProd is true, condition CreateKey is true {BY_DEFAULTS})"),
    (CFN_EVAL_JSON, cfn("JsonNestedIfUndecided")): ("FAILED", f"EncryptionKeyArn is absent (AWS::NoValue) (when condition InProd is false, condition CreateKey is true {BY_DEFAULTS}): {FALLBACK} (one of 2 values it can take)"),
    # CloudFormation gateways: KmsKeyArn
    (CFN_GATEWAYS, cfn_gateway("GatewayWithKey")): ("PASSED", "KmsKeyArn references the customer-managed KMS key GatewayKey.Arn (the AWS::KMS::Key GatewayKey at gateways.yaml:18)"),
    (CFN_GATEWAYS, cfn_gateway("GatewayCallerKeyElseNewKey")): ("PASSED", f"GatewayKey.Arn (the AWS::KMS::Key GatewayKey at gateways.yaml:18, condition HasGatewayKey is false {BY_DEFAULTS})"),
    (CFN_GATEWAYS, cfn_gateway("GatewayKeyWhenCreated")): ("PASSED", f"GatewayKey.Arn (the AWS::KMS::Key GatewayKey at gateways.yaml:18, condition CreateKey is true {BY_DEFAULTS})"),
    (CFN_GATEWAYS, cfn_gateway("GatewayNestedStackKey")): ("PASSED", f"KmsKeyArn comes from the output KeyArn of the nested stack KeyStack (the AWS::CloudFormation::Stack KeyStack at gateways.yaml:26), {OUTSIDE}"),
    (CFN_GATEWAYS, cfn_gateway("GatewayWithoutKey")): ("FAILED", ABSENT_CFN_GATEWAY),
    (CFN_GATEWAYS, cfn_gateway("GatewayManagedAlias")): ("FAILED", f"KmsKeyArn builds {BUILT_PREFIX}:alias/aws/bedrock-agentcore, the AWS managed key alias/aws/bedrock-agentcore"),
    (CFN_GATEWAYS, cfn_gateway("GatewayEmptyKeyParameter")): ("FAILED", f"KmsKeyArn is absent (the default of parameter GatewayKeyArn at gateways.yaml:6): {FALLBACK}"),
    (CFN_EVAL_JSON, cfn_gateway("JsonGateway")): ("PASSED", "KmsKeyArn references the customer-managed KMS key JsonKey.Arn (the AWS::KMS::Key JsonKey at evaluator.json:14)"),
    (CFN_EVAL_JSON, cfn_gateway("JsonGatewayPlain")): ("FAILED", ABSENT_CFN_GATEWAY),
    (SAM_GATEWAY, cfn_gateway("SamGatewayEncrypted")): ("PASSED", f"SamGatewayKey.Arn (the AWS::KMS::Key SamGatewayKey at gateway.yaml:25, condition IsProd is true {BY_DEFAULTS})"),
    (SAM_GATEWAY, cfn_gateway("SamGatewayFromApplication")): ("PASSED", f"KmsKeyArn comes from the output KeyArn of the nested stack KeyApp (the AWS::Serverless::Application KeyApp at gateway.yaml:21), {OUTSIDE}"),
    (SAM_GATEWAY, cfn_gateway("SamGatewayPlain")): ("FAILED", ABSENT_CFN_GATEWAY),
    # CloudFormation token vaults: the key counts only under KeyType CustomerManagedKey
    (CFN_VAULTS, cfn_vault("VaultWithKey")): ("PASSED", "KmsConfiguration.KmsKeyArn references the customer-managed KMS key VaultKey.Arn (the AWS::KMS::Key VaultKey at token_vaults.yaml:20)"),
    # issue 18 item 5: the caller may choose ServiceManagedKey, one of the AllowedValues
    (CFN_VAULTS, cfn_vault("VaultCallerChoosesEverything")): ("FAILED", f'KmsConfiguration.KmsKeyArn is absent (KmsConfiguration.KeyType is "ServiceManagedKey", one of the AllowedValues of parameter CallerVaultKeyType at token_vaults.yaml:10): {FALLBACK} (one of 2 values it can take)'),
    (CFN_VAULTS, cfn_vault("VaultServiceManaged")): ("FAILED", f'KmsConfiguration.KmsKeyArn is absent (KmsConfiguration.KeyType is "ServiceManagedKey"): {FALLBACK}'),
    (CFN_VAULTS, cfn_vault("VaultServiceManagedKeySetButUnused")): ("FAILED", f'KmsConfiguration.KmsKeyArn is set but not used (KmsConfiguration.KeyType is "ServiceManagedKey"): {FALLBACK}'),
    (CFN_VAULTS, cfn_vault("VaultCustomerTypeWithoutKey")): ("FAILED", f"KmsConfiguration.KmsKeyArn is absent: {FALLBACK}"),
    (CFN_VAULTS, cfn_vault("VaultWithoutConfiguration")): ("FAILED", f"KmsConfiguration.KmsKeyArn is absent (KmsConfiguration.KeyType is not set): {FALLBACK}"),
    (CFN_VAULTS, cfn_vault("VaultKeyTypeDefaultsToService")): ("FAILED", f'KmsConfiguration.KmsKeyArn is set but not used (KmsConfiguration.KeyType is "ServiceManagedKey", the default of parameter VaultKeyType at token_vaults.yaml:6): {FALLBACK}'),
    # A KmsConfiguration chosen by Fn::If as a whole is not followed: a FAIL that says so, never a PASS.
    (CFN_VAULTS, cfn_vault("VaultCustomerKeyOnlyWhenChosen")): ("FAILED", f'KmsConfiguration.KmsKeyArn is absent (KmsConfiguration.KeyType is "ServiceManagedKey", when condition UseCustomerKey is false): {FALLBACK}'),  # issue 27 item 8: Fn::If on the block is followed
    (CDK_GATEWAY, cfn_gateway("EncryptedGateway0F1E2D3C")): ("PASSED", "KmsKeyArn references the customer-managed KMS key GatewayKeyA1B2C3D4.Arn"),
    (CDK_GATEWAY, cfn_gateway("ManagedKeyGateway4B5A6978")): ("FAILED", f"KmsKeyArn builds {BUILT_PREFIX}:alias/aws/bedrock-agentcore, the AWS managed key alias/aws/bedrock-agentcore"),
    # the article's templates
    (ARTICLE_JSON, cfn("CCAgentCoreMemory")): ("PASSED", "references the customer-managed KMS key AgentCoreMemoryCMK.Arn"),
    (ARTICLE_YAML, cfn("CCAgentCoreMemory")): ("PASSED", "references the customer-managed KMS key AgentCoreMemoryCMK.Arn"),
    (ARTICLE_TF, tf("cc_agentcore_memory")): ("PASSED", "references the customer-managed KMS key aws_kms_key.agentcore_memory_cmk.arn"),
    # Terraform, FAILED
    (TF, tf("absent")): ("FAILED", "encryption_key_arn is absent (terraform/main.tf:76)"),
    (TF, tf("null_literal")): ("FAILED", "encryption_key_arn is absent (null) (terraform/main.tf:83)"),
    (TF, tf("empty_string")): ("FAILED", "encryption_key_arn is absent (terraform/main.tf:88)"),
    (TF, tf("blank_string")): ("FAILED", "encryption_key_arn is absent (terraform/main.tf:93)"),
    (TF, tf("managed_alias")): ("FAILED", "names the AWS managed key alias/aws/bedrock"),
    (TF, tf("managed_alias_arn")): ("FAILED", "names the AWS managed key alias/aws/bedrock"),
    (TF, tf("managed_key_data_source")): ("FAILED", "names the AWS managed key alias/aws/bedrock, which the customer cannot control (looked up by data.aws_kms_key.aws_managed"),
    (TF, tf("managed_alias_data_source")): ("FAILED", "names the AWS managed key alias/aws/bedrock, which the customer cannot control (looked up by data.aws_kms_alias.aws_managed"),
    (TF, tf("number", "awscc_bedrockagentcore_memory")): ("FAILED", f"encryption_key_arn is '42', {NOT_A_KEY}"),
    (TF, tf("list")): ("FAILED", "encryption_key_arn is '[\"arn:aws:kms:us-east-1:123456789012:key/1234abcd-"),
    (TF, tf("free_text")): ("FAILED", f"encryption_key_arn is 'our memory key', {NOT_A_KEY}"),
    (TF, tf("not_a_key_resource")): ("FAILED", f"encryption_key_arn is 'aws_s3_bucket.not_a_key.arn', {NOT_A_KEY}"),
    (TF, tf("variable_null_default")): ("FAILED", "is absent (null) (the default of variable null_key, terraform/main.tf:5)"),
    (TF, tf("variable_empty_default")): ("FAILED", "is absent (the default of variable empty_key, terraform/main.tf:10)"),
    (TF, tf("create_cmk_flag")): ("FAILED", "is absent (null) (terraform/main.tf:148, as var.create_cmk is false)"),
    (TF, tf("conditional_empty_branch")): ("FAILED", "is absent (terraform/main.tf:153, as var.create_cmk is false)"),
    (TF, tf("local_conditional")): ("FAILED", "is absent (null) (terraform/main.tf:34, as var.create_cmk is false)"),
    (TF, tf('per_team["team_b"]')): ("FAILED", "is absent (terraform/main.tf:37)"),
    # Terraform, PASSED
    (TF, tf("key_arn")): ("PASSED", "encryption_key_arn is the KMS key arn:aws:kms:us-east-1:123456789012:key/"),
    (TF, tf("key_arn_china")): ("PASSED", "is the KMS key arn:aws-cn:kms:cn-north-1:"),
    (TF, tf("multi_region_key_arn")): ("PASSED", "is the KMS key arn:aws:kms:eu-west-1:123456789012:key/mrk-"),
    (TF, tf("key_resource")): ("PASSED", "references the customer-managed KMS key aws_kms_key.memory.arn (terraform/main.tf:180)"),
    (TF, tf("replica_key_resource")): ("PASSED", "references the customer-managed KMS key aws_kms_replica_key.memory.arn"),
    (TF, tf("awscc_key_resource", "awscc_bedrockagentcore_memory")): ("PASSED", "references the customer-managed KMS key awscc_kms_key.memory.arn"),
    (TF, tf("customer_alias")): ("PASSED", "names the customer-managed key alias alias/agent-memory"),
    (TF, tf("customer_alias_resource")): ("PASSED", "aws_kms_alias.memory.arn (terraform/main.tf:200); it is an alias where the attribute expects a key ARN"),
    (TF, tf("customer_key_data_source")): ("PASSED", f"comes from the key data.aws_kms_key.customer looks up (alias/agent-memory) (terraform/main.tf:70), {OUTSIDE}"),
    (TF, tf("required_variable")): ("PASSED", f"comes from the required variable required_key (terraform/main.tf:13), {OUTSIDE}"),
    (TF, tf("variable_set_by_tfvars")): ("PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/bbbbbbbb-12ab-34cd-56ef-1234567890ab (terraform/terraform.tfvars:1)"),
    (TF, tf("local_value")): ("PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (terraform/main.tf:33)"),
    (TF, tf("caller_key_else_new_key")): ("PASSED", "aws_kms_key.memory.arn (terraform/main.tf:225, as var.caller_key != null is false)"),
    (TF, tf("new_key_unless_caller_key")): ("PASSED", "aws_kms_key.memory.arn (terraform/main.tf:230, as var.caller_key == null is true)"),
    (TF, tf("counted[0]")): ("PASSED", "references the customer-managed KMS key aws_kms_key.memory.arn"),
    (TF, tf("counted[1]")): ("PASSED", "references the customer-managed KMS key aws_kms_key.memory.arn"),
    (TF, tf('per_team["team_a"]')): ("PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-"),
    (TF, tf("suppressed")): ("SKIPPED", None),
    # Terraform modules: one result per module call and instance
    (TF_MODULE, "module.memory_with_key." + tf("given_key")): ("PASSED", "references the customer-managed KMS key aws_kms_key.memory.arn (terraform/main.tf:257)"),
    (TF_MODULE, "module.memory_without_key." + tf("given_key")): ("FAILED", "is absent (null) (the default of variable key, terraform/modules/memory/main.tf:4)"),
    (TF_MODULE, "module.memory_with_null_variable." + tf("given_key")): ("FAILED", "is absent (null) (the default of variable null_key, terraform/main.tf:5)"),
    (TF_MODULE, "module.memory_counted[0]." + tf("given_key")): ("PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (terraform/main.tf:272)"),
    (TF_MODULE, "module.memory_counted[1]." + tf("given_key")): ("PASSED", "is the KMS key arn:aws:kms:us-east-1:"),
    (TF_MODULE, 'module.memory_per_env["dev"].' + tf("given_key")): ("PASSED", "aws_kms_key.memory.arn (terraform/main.tf:278)"),
    (TF_MODULE, 'module.memory_per_env["prod"].' + tf("given_key")): ("PASSED", "aws_kms_key.memory.arn"),
    **{
        (TF_MODULE, f"module.{call}.{tf('own_key_fallback')}"): ("PASSED", f"(terraform/{where}, as var.key != null is {taken})")
        for call, where, taken in (
            ("memory_with_key", "main.tf:257", "true"), ("memory_without_key", "modules/memory/main.tf:20", "false"),
            ("memory_with_null_variable", "modules/memory/main.tf:20", "false"), ("memory_counted[0]", "main.tf:272", "true"),
            ("memory_counted[1]", "main.tf:272", "true"), ('memory_per_env["dev"]', "main.tf:278", "true"),
            ('memory_per_env["prod"]', "main.tf:278", "true"),
        )
    },
    # Terraform plan JSON
    (PLAN, tf("encrypted")): ("PASSED", "references the customer-managed KMS key aws_kms_key.memory.arn (the configuration in terraform_plan/tfplan.json)"),
    (PLAN, tf("counted[0]")): ("PASSED", "references the customer-managed KMS key aws_kms_key.memory.arn"),
    (PLAN, tf("counted[1]")): ("PASSED", "references the customer-managed KMS key aws_kms_key.memory.arn"),
    (PLAN, tf("awscc", "awscc_bedrockagentcore_memory")): ("PASSED", "references the customer-managed KMS key aws_kms_key.memory.arn"),
    (PLAN, tf("literal")): ("PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (planned in terraform_plan/tfplan.json)"),
    (PLAN, "module.team." + tf("this")): ("PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/"),
    (PLAN, tf("plain")): ("FAILED", "encryption_key_arn is absent (planned in terraform_plan/tfplan.json)"),
    (PLAN, tf("managed")): ("FAILED", "names the AWS managed key alias/aws/bedrock"),
    # a local, and no .tf files next to the plan to read it from
    (PLAN, tf("from_local")): ("FAILED", "local.memory_key, which the plan does not record (scan the plan next to its .tf files)"),
    **TERRAFORM_EVALUATOR,
    **CLOUDFORMATION_PARAMETERS_AND_CONDITIONS,
}


def framework(file_path: str) -> str:
    """The Checkov framework that reports a fixture file."""
    if file_path == PLAN or file_path in TERRAFORM_FRAMEWORKS:
        return TERRAFORM_FRAMEWORKS.get(file_path, "terraform_plan")
    return "terraform" if file_path.endswith(".tf") else "cloudformation"
