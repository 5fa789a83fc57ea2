"""Which instances a Terraform resource has, through real Checkov: count and for_each (of the resource and of the
module calls around it) that Checkov expanded, did not expand, or that the files decide to be empty."""

import pytest

from checkov_runs import capacity_provider, harness, memory, outcome

UNVERIFIED = "a key nobody could verify is not reported as customer-managed"


def in_module(call, name="this"):
    return f"{call}.aws_bedrockagentcore_memory.{name}"


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
def test_a_resource_with_count_zero_exists_in_no_instance(terraform_run, resource, result, detail):
    found, details = outcome(terraform_run, resource)
    assert found == result and detail in details, details


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


PARTS = ("aws_bedrockagentcore_harness.this", "aws_bedrockagentcore_capacity_provider.this")


@pytest.mark.parametrize("resource", [
    in_module("module.memory_not_deployed"), in_module("module.memory_for_each_empty"),
    *(f"{call}.{resource}" for call in ("module.parts_not_deployed", "module.parts_for_each_empty") for resource in PARTS),
])
def test_a_resource_in_a_module_call_with_no_instance_gets_no_result(terraform_run, resource):
    found = [result for result in terraform_run.results() if result["resource"] == resource]
    assert found == [], found


@pytest.mark.parametrize("resource, result, detail", [
    *((in_module(call), "FAILED", "encryption_key_arn is absent (null) (the default of variable key")
      for call in ('module.memory_deployed[0]', 'module.memory_for_each["a"]', "module.memory_outside_count")),
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
def test_a_resource_in_a_module_call_that_may_exist_is_judged(terraform_run, resource, result, detail):
    found, details = outcome(terraform_run, resource)
    assert found == result and detail in details, details


@pytest.mark.parametrize("resource, detail", [
    (memory("every_instance_customer_key"), "encryption_key_arn is a customer-managed key in each of the 120 instances"),
    (harness("every_instance_customer_key"),
     "memory.managed_memory_configuration.encryption_key_arn is a customer-managed key in each of the 120 instances; "
     "the instance k000: "),
    # a module call: Checkov keeps one unindexed call
    ("module.every_instance_customer_key.aws_bedrockagentcore_memory.this",
     'encryption_key_arn is a customer-managed key in each of the 130 instances; the instance '
     'module.every_instance_customer_key["c000"]: encryption_key_arn is the KMS key '
     "arn:aws:kms:us-east-1:123456789012:key/00000000-12ab-34cd-56ef-1234567890ab (the default of variable customer_keys"),
    ("module.parts_every_instance_customer_key.aws_bedrockagentcore_harness.this",
     "memory.managed_memory_configuration.encryption_key_arn is a customer-managed key in each of the 130 instances"),
    ("module.parts_every_instance_customer_key.aws_bedrockagentcore_capacity_provider.this",
     "its EBS volumes are encrypted with a customer-managed key in each of the 130 instances"),
])
def test_a_for_each_past_checkov_expansion_passes_when_every_instance_does(terraform_run, resource, detail):
    found, details = outcome(terraform_run, resource)
    assert found == "PASSED" and details.startswith(detail), details


@pytest.mark.parametrize("resource, detail", [
    (memory("one_instance_managed_key"), "encryption_key_arn fails in 1 of the 121 instances (k120); the instance k120: "),
    (capacity_provider("one_instance_managed_key"),
     "its EBS volumes are not all encrypted with a customer-managed key in 1 of the 121 instances (k120); the instance "
     "k120: the root volume: "),
    ("module.one_instance_managed_key.aws_bedrockagentcore_memory.this",
     'encryption_key_arn fails in 1 of the 130 instances (module.one_instance_managed_key["c129"]); the instance '
     'module.one_instance_managed_key["c129"]: encryption_key_arn names the AWS managed key alias/aws/bedrock'),
    ("module.parts_one_instance_managed_key.aws_bedrockagentcore_harness.this",
     'memory.managed_memory_configuration.encryption_key_arn fails in 1 of the 130 instances '
     '(module.parts_one_instance_managed_key["c129"])'),
    ("module.parts_one_instance_managed_key.aws_bedrockagentcore_capacity_provider.this",
     'its EBS volumes are not all encrypted with a customer-managed key in 1 of the 130 instances '
     '(module.parts_one_instance_managed_key["c129"])'),
    # a call inside the unexpanded one: each outer instance is followed down
    ("module.nested_one_instance_managed_key.module.memory.aws_bedrockagentcore_memory.this",
     'encryption_key_arn fails in 1 of the 130 instances (module.nested_one_instance_managed_key["c129"]); the instance '
     'module.nested_one_instance_managed_key["c129"]: encryption_key_arn names the AWS managed key alias/aws/bedrock'),
])
def test_a_for_each_past_checkov_expansion_names_the_failing_instance(terraform_run, resource, detail):
    found, details = outcome(terraform_run, resource)
    assert found == "FAILED" and details.startswith(detail), details
    assert "alias/aws/bedrock" in details, details


@pytest.mark.parametrize("resource, written", [
    (memory("for_each_over_a_resource"), "for_each is aws_kms_key.single"),
    (memory("count_of_a_resource"), "count is aws_kms_key.single"),
    (memory("for_each_over_a_data_source"), "for_each is data.aws_kms_key.shared"),
    (memory("for_each_over_a_module_call"), "for_each is module.keys"),
])
def test_instances_the_files_do_not_decide_fail_naming_the_expression(terraform_run, resource, written):
    found, details = outcome(terraform_run, resource)
    assert found == "FAILED" and "the instances of instances_of_a_reference/main.tf:" in details, details
    assert f"({written})" in details and UNVERIFIED in details, details


@pytest.mark.parametrize("resource, found_expected, detail", [
    (memory("open_for_each_one_customer_key"), "PASSED",
     "encryption_key_arn references the customer-managed KMS key aws_kms_key.tenants.arn"),
    (memory("open_for_each_one_aws_managed_key"), "FAILED", "alias/aws/bedrock"),
    (memory("open_for_each_key_per_tenant"), "PASSED", "comes from the required variable tenant_keys["),
    (memory("open_for_each_key_is_the_tenant"), "FAILED",
     "the instances of instances_of_a_reference/main.tf:68 (for_each is the required variable tenants)"),
])
def test_instances_left_open_decide_only_a_key_that_names_each(terraform_run, resource, found_expected, detail):
    """for_each = toset(var.tenants) with a required variable: a key that is the same in every instance is judged
    as written; only a key that names each.* waits for the instances."""
    found, details = outcome(terraform_run, resource)
    assert found == found_expected and detail in details, details
