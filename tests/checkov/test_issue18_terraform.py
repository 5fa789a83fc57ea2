"""Issue 18, Terraform: each class of wrong verdict through real Checkov, over tests/checkov/fixtures/issue18/."""

import pytest

from agentcore_cmk.verdicts import FALLBACK
from checkov_runs import FIXTURES, run_checkov

ISSUE18 = FIXTURES / "issue18"
UNVERIFIED = "a key nobody could verify is not reported as customer-managed"


def memory(name):
    return f"aws_bedrockagentcore_memory.{name}"


def vault(name):
    return f"aws_bedrockagentcore_token_vault_cmk.{name}"


def outcome(run, resource):
    found = [result for result in run.results() if result["resource"] == resource]
    assert len(found) == 1, f"{resource}: {len(found)} results"
    return found[0]["check_result"]["result"], found[0]["details"][0]


@pytest.fixture(scope="module")
def var_file_run():
    return run_checkov(ISSUE18 / "var_file", "--framework", "terraform", "--var-file", "prod.tfvars",
                       "--var-file", "later.tfvars")


@pytest.fixture(scope="module")
def terraform_run():
    # terraform_json: Checkov scans .tf.json files with its CDK for Terraform runner, which names them resource.<name>
    return run_checkov(ISSUE18 / "terraform", "--framework", "terraform", "terraform_json")


@pytest.mark.parametrize("resource, result, detail", [
    (memory("emptied_by_var_file"), "FAILED", f"encryption_key_arn is absent (prod.tfvars:1): {FALLBACK}"),
    (memory("managed_by_var_file"), "FAILED", "names the AWS managed key alias/aws/bedrock, which the customer cannot control (prod.tfvars:2)"),
    # default < terraform.tfvars < a.auto.tfvars < prod.tfvars < later.tfvars
    (memory("layered_last_var_file_wins"), "PASSED", "key/5555aaaa-12ab-34cd-56ef-1234567890ab (later.tfvars:1)"),
    (memory("untouched_default"), "PASSED", "(the default of variable untouched, main.tf:15)"),
])
def test_item1_var_file_overrides_the_default_and_the_automatic_files(var_file_run, resource, result, detail):
    found, details = outcome(var_file_run, resource)
    assert found == result and detail in details, details


def test_item1_var_file_in_checkov_yaml():
    run = run_checkov(ISSUE18 / "var_file_config", "--framework", "terraform")
    found, details = outcome(run, memory("managed_by_config_var_file"))
    assert found == "FAILED" and "alias/aws/bedrock" in details and "(prod.tfvars:1)" in details, details


@pytest.mark.parametrize("resource, result, detail", [
    (memory("try_key_with_count_zero"), "FAILED",
     "is absent (null) (count/main.tf:24, as try() falls back: aws_kms_key.this (count is 0, count/main.tf:11, as var.create is false) has no element 0)"),
    (memory("one_splat_key_with_count_zero"), "FAILED", "is absent (null) (count/main.tf:30)"),
    (memory("length_of_key_with_count_zero"), "FAILED", "is absent (null) (count/main.tf:36, as length(aws_kms_key.this) > 0 is false)"),
    (memory("module_key_not_created"), "FAILED", "aws_kms_key.this (count is 0, count/modules/kms/main.tf:8, as var.create is false) has no element 0"),
    (memory("one_splat_key_created_by_default"), "PASSED", "references the customer-managed KMS key aws_kms_key.k[0].arn (count/main.tf:42)"),
    (memory("try_key_created_by_default"), "PASSED", "aws_kms_key.k[0].arn (count/main.tf:48)"),
    (memory("one_splat_key_without_count"), "PASSED", "aws_kms_key.plain.arn (count/main.tf:54)"),
    (memory("module_key_created"), "PASSED", "aws_kms_key.this[0].arn (count/modules/kms/main.tf:12)"),
])
def test_item2_a_resource_with_count_zero_exists_in_no_instance(terraform_run, resource, result, detail):
    found, details = outcome(terraform_run, resource)
    assert found == result and detail in details, details


def test_item11a_binary_pairs_past_the_cap_are_not_evaluated(terraform_run):
    found, details = outcome(terraform_run, memory("binary_pairs_past_the_cap"))
    assert found == "FAILED", details
    assert details.startswith("encryption_key_arn was not evaluated: local.a == local.b combines more than 64 pairs"), details


def test_item11b_can_of_a_failing_conversion_is_false(terraform_run):
    found, details = outcome(terraform_run, memory("can_of_a_failing_conversion"))
    assert found == "FAILED" and "is absent (null) (caps/main.tf:40, as can(tonumber(var.size)) is false)" in details, details


def test_item11b_can_of_a_cycle_is_not_evaluated(terraform_run):
    found, details = outcome(terraform_run, memory("can_of_a_cycle"))
    assert found == "FAILED" and details.startswith("encryption_key_arn was not evaluated: local cycle refers to itself"), details


@pytest.mark.parametrize("resource, result, detail", [
    (vault("dynamic_customer_key"), "PASSED", "references the customer-managed KMS key aws_kms_key.vault.arn (dynamic/main.tf:13)"),
    (vault("dynamic_empty_when_key_null"), "FAILED",
     "is absent (no kms_configuration block: the dynamic block's for_each is empty, dynamic/main.tf:24, as var.key != null is false)"),
    (vault("dynamic_iterator_service_key"), "FAILED", 'kms_configuration.key_type is "ServiceManagedKey", dynamic/main.tf:35'),
])
def test_item3_dynamic_blocks_expand_to_their_for_each_elements(terraform_run, resource, result, detail):
    found, details = outcome(terraform_run, resource)
    assert found == result and detail in details, details


def harness(name):
    return f"aws_bedrockagentcore_harness.{name}"


def capacity_provider(name):
    return f"aws_bedrockagentcore_capacity_provider.{name}"


@pytest.mark.parametrize("resource, result, detail", [
    (harness("dynamic_managed_memory"), "PASSED",
     "memory.managed_memory_configuration.encryption_key_arn references the customer-managed KMS key aws_kms_key.vault.arn (dynamic/main.tf:59)"),
    (harness("dynamic_no_managed_memory"), "FAILED",
     "memory.managed_memory_configuration.encryption_key_arn is absent (no managed_memory_configuration block: the dynamic "
     "block's for_each is empty, dynamic/main.tf:79, as var.key != null is false)"),
    (capacity_provider("dynamic_volumes"), "FAILED",
     'the persistent volume "logs" (compute_configuration.ec2_configuration.volume[1]): compute_configuration.ec2_configuration.volume[1]'
     ".ebs_configuration.kms_key_id names the AWS managed key alias/aws/ebs, which the customer cannot control (dynamic/main.tf:115, as volume.key == 0 is false)"),
])
def test_item3_dynamic_blocks_expand_in_rows_judged_on_parts(terraform_run, resource, result, detail):
    found, details = outcome(terraform_run, resource)
    assert found == result and detail in details, details


def json_resource(name):
    """Checkov's CDK for Terraform runner names a .tf.json resource resource.<name>."""
    return f"resource.{name}"


@pytest.mark.parametrize("resource, result, detail", [
    (json_resource("json_dynamic_customer_key"), "PASSED",
     "kms_configuration.kms_key_arn references the customer-managed KMS key aws_kms_key.json_vault.arn (dynamic_json/main.tf.json)"),
    (json_resource("json_dynamic_empty_when_key_null"), "FAILED",
     "kms_configuration.kms_key_arn is absent (no kms_configuration block: the dynamic block's for_each is empty, dynamic_json/main.tf.json, "
     "as var.key != null is false)"),
    # "dynamic": [{"kms_configuration": [{..., "iterator": "config", "content": [{...}]}]}]: arrays stand for objects
    (json_resource("json_dynamic_list_iterator_service_key"), "FAILED", 'kms_configuration.key_type is "ServiceManagedKey"'),
    (json_resource("json_dynamic_managed_memory"), "PASSED",
     "memory.managed_memory_configuration.encryption_key_arn references the customer-managed KMS key aws_kms_key.json_vault.arn"),
    (json_resource("json_dynamic_no_managed_memory"), "FAILED",
     "memory.managed_memory_configuration.encryption_key_arn is absent (no managed_memory_configuration block: the dynamic "
     "block's for_each is empty, dynamic_json/main.tf.json, as var.key != null is false)"),
    (json_resource("json_dynamic_volumes"), "FAILED",
     'the persistent volume "logs" (compute_configuration.ec2_configuration.volume[1]): compute_configuration.ec2_configuration.volume[1]'
     ".ebs_configuration.kms_key_id names the AWS managed key alias/aws/ebs, which the customer cannot control (dynamic_json/main.tf.json, "
     "as volume.key == 0 is false)"),
])
def test_item3_tf_json_dynamic_blocks_expand_as_hcl_ones(terraform_run, resource, result, detail):
    found, details = outcome(terraform_run, resource)
    assert found == result and detail in details, details


def test_item4_for_each_past_checkov_expansion_passes_when_every_instance_does(terraform_run):
    found, details = outcome(terraform_run, memory("every_instance_customer_key"))
    assert found == "PASSED" and details.startswith("encryption_key_arn is a customer-managed key in each of the 120 instances"), details


def test_item4_for_each_past_checkov_expansion_names_the_failing_instance(terraform_run):
    found, details = outcome(terraform_run, memory("one_instance_managed_key"))
    assert found == "FAILED", details
    assert details.startswith("encryption_key_arn fails in 1 of the 121 instances (k120); the instance k120: "), details
    assert "alias/aws/bedrock" in details


def test_item4_rows_judged_on_parts_past_checkov_expansion_are_judged_per_instance(terraform_run):
    found, details = outcome(terraform_run, harness("every_instance_customer_key"))
    assert found == "PASSED", details
    assert details.startswith("memory.managed_memory_configuration.encryption_key_arn is a customer-managed key in each "
                              "of the 120 instances; the instance k000: "), details
    found, details = outcome(terraform_run, capacity_provider("one_instance_managed_key"))
    assert found == "FAILED", details
    assert details.startswith("its EBS volumes are not all encrypted with a customer-managed key in 1 of the 121 "
                              "instances (k120); the instance k120: the root volume: "), details
    assert "alias/aws/bedrock" in details


def test_item7_a_vault_declared_in_a_child_module_covers_the_credential_provider(terraform_run):
    providers = [result for result in terraform_run.results() if result["resource"].endswith(".vault_in_child_module")]
    assert providers == []  # the vault's own result covers it
    found, details = outcome(terraform_run, "module.vault." + vault("this"))
    assert found == "PASSED", details


@pytest.fixture(scope="module")
def plan_run():
    return run_checkov(ISSUE18 / "plan", "--framework", "terraform_plan")


@pytest.mark.parametrize("resource, result, detail", [
    (memory("via_managed_alias_data"), "FAILED",
     "names the AWS managed key alias/aws/bedrock, which the customer cannot control (planned in tfplan.json, the key "
     "data.aws_kms_alias.managed read at plan time, whose target is arn:aws:kms:us-east-1:123456789012:key/aaaa0000"),
    (memory("via_aws_managed_key_data"), "FAILED", "(planned in tfplan.json, the key data.aws_kms_key.aws_key read at plan time: key_manager AWS), which the customer cannot control"),
    (memory("via_customer_key_data"), "PASSED", "references the customer-managed KMS key arn:aws:kms:us-east-1:123456789012:key/cccc0000-12ab-34cd-56ef-1234567890ab (planned in tfplan.json, the key data.aws_kms_key.customer read at plan time: key_manager CUSTOMER)"),
    (memory("literal_key"), "PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/dddd0000-12ab-34cd-56ef-1234567890ab (planned in tfplan.json)"),
])
def test_item6_plan_data_sources_read_at_plan_time_are_facts(plan_run, resource, result, detail):
    found, details = outcome(plan_run, resource)
    assert found == result and detail in details, details


def in_module(call, name="this"):
    return f"{call}.aws_bedrockagentcore_memory.{name}"


@pytest.mark.parametrize("resource, result, detail", [
    (memory("try_module_key_of_no_instance"), "FAILED",
     "is absent (null) (module_existence/main.tf:22, as try() falls back: module.kms (count is 0, "
     "module_existence/main.tf:11, as var.create is false) has no element 0)"),
    (memory("one_module_key_of_no_instance"), "FAILED", "is absent (null) (module_existence/main.tf:28)"),
    (memory("length_of_module_of_no_instance"), "FAILED",
     "is absent (null) (module_existence/main.tf:34, as length(module.kms) > 0 is false)"),
    (memory("try_module_key_created"), "PASSED", "references the customer-managed KMS key aws_kms_key.this.arn"),
    (memory("one_module_key_created"), "PASSED", "references the customer-managed KMS key aws_kms_key.this.arn"),
])
def test_references_to_a_module_call_with_no_instance_yield_no_value(terraform_run, resource, result, detail):
    found, details = outcome(terraform_run, resource)
    assert found == result and detail in details, details


@pytest.mark.parametrize("call", ["module.memory_not_deployed", "module.memory_for_each_empty"])
def test_a_resource_in_a_module_call_with_no_instance_gets_no_result(terraform_run, call):
    found = [result for result in terraform_run.results() if result["resource"] == in_module(call)]
    assert found == [], found


@pytest.mark.parametrize("call", ['module.memory_deployed[0]', 'module.memory_for_each["a"]',
                                  "module.memory_outside_count"])
def test_a_resource_in_a_module_call_that_may_exist_is_judged(terraform_run, call):
    found, details = outcome(terraform_run, in_module(call))
    assert found == "FAILED" and "encryption_key_arn is absent (null) (the default of variable key" in details, details


PARTS = ("aws_bedrockagentcore_harness.this", "aws_bedrockagentcore_capacity_provider.this")


@pytest.mark.parametrize("call", ["module.parts_not_deployed", "module.parts_for_each_empty"])
@pytest.mark.parametrize("resource", PARTS)
def test_a_row_judged_on_parts_in_a_module_call_with_no_instance_gets_no_result(terraform_run, call, resource):
    found = [result for result in terraform_run.results() if result["resource"] == f"{call}.{resource}"]
    assert found == [], found


@pytest.mark.parametrize("resource, result, detail", [
    ("module.parts_deployed[0].aws_bedrockagentcore_harness.this", "PASSED",
     "memory.managed_memory_configuration.encryption_key_arn is the KMS key arn:aws:kms:us-east-1:123456789012:key/1234abcd"),
    ("module.parts_deployed[0].aws_bedrockagentcore_capacity_provider.this", "PASSED",
     "each of its 1 EBS volumes is encrypted with a customer-managed key"),
    # count = var.outside_count: the call may deploy, so its resources are judged
    ("module.parts_outside_count.aws_bedrockagentcore_harness.this", "FAILED",
     "memory.managed_memory_configuration.encryption_key_arn is absent (null) (the default of variable key, module_existence/modules/parts/main.tf:3)"),
    ("module.parts_outside_count.aws_bedrockagentcore_capacity_provider.this", "FAILED",
     "the root volume has no customer-managed key: compute_configuration.ec2_configuration.root_volume.kms_key_id is absent"),
])
def test_a_row_judged_on_parts_in_a_module_call_that_may_exist_is_judged(terraform_run, resource, result, detail):
    found, details = outcome(terraform_run, resource)
    assert found == result and detail in details, details


@pytest.mark.parametrize("call, resource, detail", [
    ("module.every_instance_customer_key", "aws_bedrockagentcore_memory.this",
     'encryption_key_arn is a customer-managed key in each of the 130 instances; the instance '
     'module.every_instance_customer_key["c000"]: encryption_key_arn is the KMS key '
     "arn:aws:kms:us-east-1:123456789012:key/00000000-12ab-34cd-56ef-1234567890ab (the default of variable customer_keys"),
    ("module.parts_every_instance_customer_key", "aws_bedrockagentcore_harness.this",
     "memory.managed_memory_configuration.encryption_key_arn is a customer-managed key in each of the 130 instances"),
    ("module.parts_every_instance_customer_key", "aws_bedrockagentcore_capacity_provider.this",
     "its EBS volumes are encrypted with a customer-managed key in each of the 130 instances"),
])
def test_item4_module_for_each_past_checkov_expansion_passes_when_every_instance_does(terraform_run, call, resource, detail):
    found, details = outcome(terraform_run, f"{call}.{resource}")  # Checkov keeps one unindexed call
    assert found == "PASSED" and details.startswith(detail), details


@pytest.mark.parametrize("call, resource, detail", [
    ("module.one_instance_managed_key", "aws_bedrockagentcore_memory.this",
     'encryption_key_arn fails in 1 of the 130 instances (module.one_instance_managed_key["c129"]); the instance '
     'module.one_instance_managed_key["c129"]: encryption_key_arn names the AWS managed key alias/aws/bedrock'),
    ("module.parts_one_instance_managed_key", "aws_bedrockagentcore_harness.this",
     'memory.managed_memory_configuration.encryption_key_arn fails in 1 of the 130 instances '
     '(module.parts_one_instance_managed_key["c129"])'),
    ("module.parts_one_instance_managed_key", "aws_bedrockagentcore_capacity_provider.this",
     'its EBS volumes are not all encrypted with a customer-managed key in 1 of the 130 instances '
     '(module.parts_one_instance_managed_key["c129"])'),
    # a call inside the unexpanded one: each outer instance is followed down
    ("module.nested_one_instance_managed_key.module.memory", "aws_bedrockagentcore_memory.this",
     'encryption_key_arn fails in 1 of the 130 instances (module.nested_one_instance_managed_key["c129"]); the instance '
     'module.nested_one_instance_managed_key["c129"]: encryption_key_arn names the AWS managed key alias/aws/bedrock'),
])
def test_item4_module_for_each_past_checkov_expansion_names_the_failing_instance(terraform_run, call, resource, detail):
    found, details = outcome(terraform_run, f"{call}.{resource}")
    assert found == "FAILED" and details.startswith(detail), details
    assert "alias/aws/bedrock" in details, details
