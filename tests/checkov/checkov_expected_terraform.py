"""Expected results for the Terraform evaluator's fixtures (tests/checkov/fixtures/terraform_*): one resource per
class of expression of issue 10, in both verdict directions, and the defects of issue 15 (items 1-4)."""

import re

from agentcore_cmk.finding import MEMORY, TOKEN_VAULT
from agentcore_cmk.resources import IAC_RESOURCES

CREDENTIAL_PROVIDERS = ("aws_bedrockagentcore_oauth2_credential_provider", "aws_bedrockagentcore_api_key_credential_provider")

EVALUATOR = "/terraform_evaluator/main.tf"
GATEWAYS = "/terraform_evaluator/gateways.tf"
EVALUATOR_MODULE = "/terraform_evaluator/modules/memory/main.tf"
VAULT_CUSTOMER = "/terraform_token_vault/customer_key/main.tf"
VAULT_SERVICE = "/terraform_token_vault/service_key/main.tf"
NO_VAULT = "/terraform_token_vault/no_vault/main.tf"
BOM = "/terraform_bom/with_bom/main.tf"
NO_BOM = "/terraform_bom/without_bom/main.tf"
CDKTF = "/terraform_json/cdk.tf.json"
PLAN_MODULES = "/terraform_plan_modules/tfplan.json"
PLAN_MODULES_TF = "/terraform_plan_modules/main.tf"
PLAN_MODULES_CHILD = "/terraform_plan_modules/modules/memory/main.tf"

#: The Checkov framework that reports each of these files when it is not "terraform".
TERRAFORM_FRAMEWORKS = {CDKTF: "terraform_json", PLAN_MODULES: "terraform_plan"}

OUTSIDE = "outside the scanned files; it must be a customer-managed key"
NOT_A_KEY = "which is not a KMS key ARN or alias"
UNVERIFIED = "a key nobody could verify is not reported as customer-managed"
VAULT_NOT_SET = ("keeps its secret in the token vault, and the scanned configuration sets no customer-managed key for "
                 "the vault (no aws_bedrockagentcore_token_vault_cmk in this module, the modules that call it or the modules they call)")


def memory(name):
    return f"aws_bedrockagentcore_memory.{name}"


PASSED_MEMORIES = {
    # conditionals the defaults decide, comparison and boolean operators
    "flag_true_picks_key": "aws_kms_key.memory.arn (terraform_evaluator/main.tf:7, as var.use_cmk is true)",
    "counted_key_flag_true": "aws_kms_key.optional[0].arn (terraform_evaluator/main.tf:17, as var.use_cmk is true)",
    "comparison_and_boolean": 'as var.environment == "prod" && !var.no_cmk is true',
    # undecided (an outside input): every branch is a customer-managed key
    "undecided_both_keys": "is a customer-managed key in each of the 2 values it can take",
    "first_instance_only[0]": "(terraform_evaluator/main.tf:45, as count.index == 0 is true)",
    'per_name["first"]': '(terraform_evaluator/main.tf:51, as each.key == "first" is true)',
    "coalesce_key": "references the customer-managed KMS key aws_kms_key.memory.arn (terraform_evaluator/main.tf:57)",
    "one_key": "references the customer-managed KMS key aws_kms_key.memory.arn (terraform_evaluator/main.tf:67)",
    "try_falls_back_to_key": "references the customer-managed KMS key aws_kms_key.memory.arn (terraform_evaluator/main.tf:77, as try() falls back: ",
    "can_guard": "key/1111bbbb-12ab-34cd-56ef-1234567890ab (the default of variable given_settings",
    "lookup_key": "key/2222cccc-12ab-34cd-56ef-1234567890ab (the default of variable keys",
    "element_key": "key/3333dddd-12ab-34cd-56ef-1234567890ab (the default of variable key_list",
    "index_key": "key/3333dddd-12ab-34cd-56ef-1234567890ab (the default of variable key_list",
    "splat_key": "key/4444eeee-12ab-34cd-56ef-1234567890ab (the default of variable key_objects",
    "tostring_key": "key/2222cccc-12ab-34cd-56ef-1234567890ab (the default of variable keys",
    "format_key": "is the KMS key arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "join_key": "is the KMS key arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "built_key_arn": "is the KMS key arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "built_outside_key_id": "builds the KMS key ARN arn:aws:kms:us-east-1:123456789012:key/\u27e8the required variable required_key_id\u27e9",
    # issue 15.1: the attribute of an object variable and the element of a map variable
    "object_attribute": "key/1111bbbb-12ab-34cd-56ef-1234567890ab (the default of variable given_settings",
    "map_element": "key/2222cccc-12ab-34cd-56ef-1234567890ab (the default of variable keys",
    "optional_default": "key/0000aaaa-12ab-34cd-56ef-1234567890ab (the default of variable settings",
    "auto_tfvars_wins": "key/6666aaaa-12ab-34cd-56ef-1234567890ab (terraform_evaluator/a.auto.tfvars:1)",
    "module_output_key": "references the customer-managed KMS key aws_kms_key.this.arn (terraform_evaluator/modules/kms/main.tf:6)",
    "remote_state": "comes from the remote state data.terraform_remote_state.platform.outputs.memory_key_arn",
    "customer_alias_lookup": "comes from the key data.aws_kms_key.by_customer_alias looks up (alias/agent-memory)",
}

FAILED_MEMORIES = {
    "flag_false_picks_null": "is absent (null) (terraform_evaluator/main.tf:12, as var.no_cmk is false)",
    "comparison_picks_null": 'as var.environment != "prod" || var.no_cmk is false',
    "undecided_null_branch": "is absent (null) (terraform_evaluator/main.tf:38, when var.required_flag is false)",
    "first_instance_only[1]": "is absent (null) (terraform_evaluator/main.tf:45, as count.index == 0 is false)",
    'per_name["second"]': 'is absent (terraform_evaluator/main.tf:51, as each.key == "first" is false)',
    "coalesce_empty": "is absent (null) (terraform_evaluator/main.tf:62)",
    "one_of_nothing": "is absent (null) (terraform_evaluator/main.tf:72)",
    "try_falls_back_to_null": "is absent (null) (terraform_evaluator/main.tf:82, as try() falls back: ",
    "can_guard_missing": "as can(var.given_settings.missing_attribute) is false",
    "lookup_default_null": "is absent (null) (terraform_evaluator/main.tf:102)",
    "element_empty": "is absent (the default of variable key_list",
    "splat_list": "'[\"arn:aws:kms:us-east-1:123456789012:key/4444eeee-",
    "format_empty_id": f"is 'arn:aws:kms:us-east-1:123456789012:key/', {NOT_A_KEY} (the default of variable empty_key_id",
    "join_empty_id": f"is 'arn:aws:kms:us-east-1:123456789012:key/', {NOT_A_KEY}",
    "unknown_function": "the scanned files do not show what the function trimspace() evaluates to (terraform_evaluator/main.tf:",
    "built_empty_key_id": f"is 'arn:aws:kms:us-east-1:123456789012:key/', {NOT_A_KEY} (the default of variable empty_key_id",
    "built_managed_alias": "names the AWS managed key alias/aws/bedrock",
    "map_element_empty": "is absent (the default of variable keys",
    "optional_without_default": "is absent (null) (the default of variable settings_without_key",
    "later_auto_tfvars_clears": "is absent (null) (terraform_evaluator/b.auto.tfvars:1)",
    "module_output_null": "is absent (null) (terraform_evaluator/modules/kms/main.tf:10)",
    # a module whose code the scan cannot read is no evidence of a customer key
    "registry_module_output": "the output module.registry_kms.key_arn of a module whose source is not in the scanned files",
    "alias_declared_as_managed": "names the AWS managed key alias/aws/bedrock, which the customer cannot control (the name of aws_kms_alias.looks_managed",
}

TERRAFORM_EVALUATOR = {
    **{(EVALUATOR, memory(name)): ("PASSED", details) for name, details in PASSED_MEMORIES.items()},
    **{(EVALUATOR, memory(name)): ("FAILED", details) for name, details in FAILED_MEMORIES.items()},
    # module arguments: an explicit null replaces a nullable variable's default, not a non-nullable one's
    (EVALUATOR_MODULE, "module.memory_explicit_null." + memory("nullable")): ("FAILED", "is absent (null) (terraform_evaluator/main.tf:"),
    (EVALUATOR_MODULE, "module.memory_explicit_null." + memory("not_nullable")): ("PASSED", "key/8888cccc-12ab-34cd-56ef-1234567890ab (the default of variable strict_key"),
    # gateways
    (GATEWAYS, "aws_bedrockagentcore_gateway.with_cmk"): ("PASSED", "kms_key_arn references the customer-managed KMS key aws_kms_key.memory.arn"),
    (GATEWAYS, "awscc_bedrockagentcore_gateway.flag_picks_key"): ("PASSED", "kms_key_arn references the customer-managed KMS key aws_kms_key.this.arn"),
    (GATEWAYS, "aws_bedrockagentcore_gateway.without_cmk"): ("FAILED", "kms_key_arn is absent (terraform_evaluator/gateways.tf:10)"),
    (GATEWAYS, "awscc_bedrockagentcore_gateway.managed_alias"): ("FAILED", "kms_key_arn names the AWS managed key alias/aws/bedrock-agentcore"),
    # token vaults and the credential providers whose secrets they hold
    (VAULT_CUSTOMER, "aws_bedrockagentcore_token_vault_cmk.this"): ("PASSED", "kms_configuration.kms_key_arn references the customer-managed KMS key aws_kms_key.vault.arn"),
    (VAULT_SERVICE, "aws_bedrockagentcore_token_vault_cmk.service"): ("FAILED", 'kms_configuration.kms_key_arn is absent (kms_configuration.key_type is "ServiceManagedKey", the default of variable vault_key_type'),
    (VAULT_SERVICE, "aws_bedrockagentcore_token_vault_cmk.service_key_set_but_unused"): ("FAILED", 'kms_configuration.kms_key_arn is set but not used (kms_configuration.key_type is "ServiceManagedKey", terraform_token_vault/service_key/main.tf:'),
    (VAULT_SERVICE, "aws_bedrockagentcore_token_vault_cmk.managed_key"): ("FAILED", "kms_configuration.kms_key_arn names the AWS managed key alias/aws/bedrock-agentcore"),
    (VAULT_SERVICE, "aws_bedrockagentcore_token_vault_cmk.no_key"): ("FAILED", "kms_configuration.kms_key_arn is absent (terraform_token_vault/service_key/main.tf:22)"),
    (NO_VAULT, "aws_bedrockagentcore_oauth2_credential_provider.github"): ("FAILED", f"aws_bedrockagentcore_oauth2_credential_provider.github {VAULT_NOT_SET}"),
    (NO_VAULT, "aws_bedrockagentcore_api_key_credential_provider.weather"): ("FAILED", f"aws_bedrockagentcore_api_key_credential_provider.weather {VAULT_NOT_SET}"),
    # issue 15.3: a byte-order mark changes nothing
    (BOM, memory("flagged")): ("FAILED", "is absent (null) (terraform_bom/with_bom/main.tf:12, as var.create_cmk is false)"),
    (NO_BOM, memory("flagged")): ("FAILED", "is absent (null) (terraform_bom/without_bom/main.tf:12, as var.create_cmk is false)"),
    # issue 15.4: CDK for Terraform's .tf.json, interpolations evaluated like HCL (Checkov's CDKTF runner names them resource.<name>)
    (CDKTF, "resource.key_reference"): ("PASSED", "references the customer-managed KMS key aws_kms_key.memory.arn (terraform_json/cdk.tf.json)"),
    (CDKTF, "resource.caller_key_else_new_key"): ("PASSED", "aws_kms_key.memory.arn (terraform_json/cdk.tf.json, as var.caller_key != null is false)"),
    (CDKTF, "resource.built_from_key_id"): ("PASSED", "builds the KMS key ARN arn:aws:kms:us-east-1:123456789012:key/\u27e8aws_kms_key.memory.key_id\u27e9"),
    (CDKTF, "resource.null_variable"): ("FAILED", "is absent (null) (the default of variable caller_key, terraform_json/cdk.tf.json)"),
    # issue 15.2: a key created in the same plan, through a local, a module argument, into a gateway and the vault
    (PLAN_MODULES, memory("via_local")): ("PASSED", "references the customer-managed KMS key aws_kms_key.agentcore.arn (terraform_plan_modules/main.tf:6)"),
    (PLAN_MODULES, "module.keyed." + memory("this")): ("PASSED", "references the customer-managed KMS key aws_kms_key.agentcore.arn (the configuration in terraform_plan_modules/tfplan.json)"),
    (PLAN_MODULES, memory("bucket_arn")): ("FAILED", f"is 'aws_s3_bucket.data.arn', {NOT_A_KEY}"),
    (PLAN_MODULES, "aws_bedrockagentcore_gateway.with_cmk"): ("PASSED", "kms_key_arn references the customer-managed KMS key aws_kms_key.agentcore.arn"),
    (PLAN_MODULES, "aws_bedrockagentcore_gateway.without_cmk"): ("FAILED", "kms_key_arn is absent (planned in terraform_plan_modules/tfplan.json)"),
    (PLAN_MODULES, "aws_bedrockagentcore_token_vault_cmk.vault"): ("PASSED", "kms_configuration.kms_key_arn references the customer-managed KMS key aws_kms_key.agentcore.arn"),
    # the same configuration as HCL: the same verdicts
    (PLAN_MODULES_TF, memory("via_local")): ("PASSED", "references the customer-managed KMS key aws_kms_key.agentcore.arn"),
    (PLAN_MODULES_TF, memory("bucket_arn")): ("FAILED", f"is 'aws_s3_bucket.data.arn', {NOT_A_KEY}"),
    (PLAN_MODULES_CHILD, "module.keyed." + memory("this")): ("PASSED", "aws_kms_key.agentcore.arn (terraform_plan_modules/main.tf:32)"),
    (PLAN_MODULES_TF, "aws_bedrockagentcore_gateway.with_cmk"): ("PASSED", "kms_key_arn references the customer-managed KMS key aws_kms_key.agentcore.arn"),
    (PLAN_MODULES_TF, "aws_bedrockagentcore_gateway.without_cmk"): ("FAILED", "kms_key_arn is absent (terraform_plan_modules/main.tf:43)"),
    (PLAN_MODULES_TF, "aws_bedrockagentcore_token_vault_cmk.vault"): ("PASSED", "kms_configuration.kms_key_arn references the customer-managed KMS key aws_kms_key.agentcore.arn"),
}


def finding_of(resource: str):
    """The finding a fixture resource is reported under, from its type ("module.a[0].aws_x.y" or "AWS::X::Y.Name")."""
    if resource.startswith("AWS::"):
        resource_type = resource.rsplit(".", 1)[0]
    elif resource.startswith("resource."):  # CDK for Terraform's runner: these fixtures are memories
        return MEMORY
    else:
        resource_type = re.sub(r"^(module\.[^.]+\.)*", "", resource).split(".")[0]
    if resource_type in CREDENTIAL_PROVIDERS:
        return TOKEN_VAULT
    return next(row.finding for row in IAC_RESOURCES if row.resource_type == resource_type)
