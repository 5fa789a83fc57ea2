"""Each fixture memory's expected result and a part of its details, for tests/checkov/fixtures."""

from agentcore_cmk.verdicts import FALLBACK
from checkov_expected_terraform import TERRAFORM_EVALUATOR, TERRAFORM_FRAMEWORKS

CFN = "/cloudformation/memories.yaml"
CFN_JSON = "/cloudformation/memories.json"
SAM = "/sam/template.yaml"
CDK = "/cdk/cdk.out/AgentMemoryStack.template.json"
TF = "/terraform/main.tf"
TF_MODULE = "/terraform/modules/memory/main.tf"
PLAN = "/terraform_plan/tfplan.json"
ARTICLE_JSON = "/article/article-cloudformation.json"
ARTICLE_YAML = "/article/article-cloudformation-corrected.yaml"
ARTICLE_TF = "/article/terraform/main.tf"


def cfn(name):
    return f"AWS::BedrockAgentCore::Memory.{name}"


def tf(name, resource_type="aws_bedrockagentcore_memory"):
    return f"{resource_type}.{name}"


ABSENT_CFN = f"EncryptionKeyArn is absent: {FALLBACK}"
ABSENT_TF = f"encryption_key_arn is absent: {FALLBACK}"
NOT_A_KEY = "which is not a KMS key ARN or alias"
OUTSIDE = "outside the scanned files; it must be a customer-managed key"

# (file, resource) -> (result, a part of its details)
EXPECTED = {
    # CloudFormation, FAILED
    (CFN, cfn("Absent")): ("FAILED", ABSENT_CFN),
    (CFN, cfn("NullValue")): ("FAILED", ABSENT_CFN),
    (CFN, cfn("EmptyString")): ("FAILED", ABSENT_CFN),
    (CFN, cfn("BlankString")): ("FAILED", ABSENT_CFN),
    (CFN, cfn("NoValue")): ("FAILED", f"EncryptionKeyArn is AWS::NoValue: {FALLBACK}"),
    (CFN, cfn("ManagedAlias")): ("FAILED", "names the AWS managed key alias/aws/bedrock"),
    (CFN, cfn("ManagedAliasArn")): ("FAILED", "names the AWS managed key alias/aws/bedrock-agentcore"),
    (CFN, cfn("ManagedAliasDefault")): ("FAILED", "AWS managed key alias/aws/bedrock, which the customer cannot control (the default of parameter ManagedDefault)"),
    (CFN, cfn("ManagedSub")): ("FAILED", "names the AWS managed key alias/aws/bedrock"),
    (CFN, cfn("Number")): ("FAILED", f"EncryptionKeyArn is 42, {NOT_A_KEY}"),
    (CFN, cfn("List")): ("FAILED", f"EncryptionKeyArn is ['arn:aws:kms:us-east-1:123456789012:key/abc'], {NOT_A_KEY}"),
    (CFN, cfn("FreeText")): ("FAILED", f"EncryptionKeyArn is 'our memory key', {NOT_A_KEY}"),
    (CFN, cfn("NotAKeyResource")): ("FAILED", f"{{'Fn::GetAtt': ['Bucket', 'Arn']}}, {NOT_A_KEY}"),
    (CFN, cfn("ParameterEmptyDefault")): ("FAILED", "EncryptionKeyArn can be left empty (parameter EmptyDefault defaults to '')"),
    (CFN, cfn("IfCreateCmkElseNothing")): ("FAILED", f"EncryptionKeyArn is AWS::NoValue: {FALLBACK} (when condition UseCmk is false)"),
    (CFN, cfn("IfKeyElseEmpty")): ("FAILED", f"{ABSENT_CFN} (when condition UseCmk is false)"),
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
    (CFN, cfn("ParameterWithoutDefault")): ("PASSED", f"comes from template parameter NoDefault, which has no default, {OUTSIDE}"),
    (CFN, cfn("SsmParameter")): ("PASSED", f"the SSM parameter named by template parameter KeyFromSsm, {OUTSIDE}"),
    (CFN, cfn("ImportValue")): ("PASSED", f"comes from Fn::ImportValue, another stack's export, {OUTSIDE}"),
    (CFN, cfn("Sub")): ("PASSED", f"comes from Fn::Sub with values filled in at deploy time, {OUTSIDE}"),
    (CFN, cfn("FindInMap")): ("PASSED", f"comes from Fn::FindInMap, {OUTSIDE}"),
    (CFN, cfn("CallerKeyElseNewKey")): ("PASSED", "whichever way Fn::If HasKey goes"),
    (CFN, cfn("NewKeyUnlessCallerKey")): ("PASSED", "whichever way Fn::If NoKeyGiven goes"),
    (CFN, cfn("Suppressed")): ("SKIPPED", None),
    # CloudFormation JSON, SAM, CDK output
    (CFN_JSON, cfn("JsonAbsent")): ("FAILED", ABSENT_CFN),
    (CFN_JSON, cfn("JsonNull")): ("FAILED", ABSENT_CFN),
    (CFN_JSON, cfn("JsonManagedAlias")): ("FAILED", "names the AWS managed key alias/aws/bedrock"),
    (CFN_JSON, cfn("JsonGetAtt")): ("PASSED", "references the customer-managed KMS key MemoryKey.Arn"),
    (CFN_JSON, cfn("JsonCallerKeyElseNewKey")): ("PASSED", "whichever way Fn::If HasMemoryKey goes"),
    (SAM, cfn("SamEncryptedMemory")): ("PASSED", "references the customer-managed KMS key SamMemoryKey.Arn"),
    (SAM, cfn("SamPlainMemory")): ("FAILED", ABSENT_CFN),
    (CDK, cfn("EncryptedMemoryA1B2C3D4")): ("PASSED", "references the customer-managed KMS key MemoryKey3B1D5A1E.Arn"),
    (CDK, cfn("PlainMemoryE5F6A7B8")): ("FAILED", ABSENT_CFN),
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
    (TF, tf('per_team["team_b"]')): ("FAILED", "is absent (terraform/main.tf:36)"),
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
}


def framework(file_path: str) -> str:
    """The Checkov framework that reports a fixture file."""
    if file_path == PLAN or file_path in TERRAFORM_FRAMEWORKS:
        return TERRAFORM_FRAMEWORKS.get(file_path, "terraform_plan")
    return "terraform" if file_path.endswith(".tf") else "cloudformation"
