"""``dynamic`` blocks (HCL and .tf.json) expand to their for_each elements, whichever row reads them (a key and its
key type, a harness's memory, a capacity provider's volumes), through real Checkov."""

import pytest

from checkov_runs import capacity_provider, harness, json_resource, outcome, vault


@pytest.mark.parametrize("resource, result, detail", [
    (vault("dynamic_customer_key"), "PASSED", "references the customer-managed KMS key aws_kms_key.vault.arn (dynamic/main.tf:13)"),
    (vault("dynamic_empty_when_key_null"), "FAILED",
     "is absent (no kms_configuration block: the dynamic block's for_each is empty, dynamic/main.tf:24, as var.key != null is false)"),
    (vault("dynamic_iterator_service_key"), "FAILED", 'kms_configuration.key_type is "ServiceManagedKey", dynamic/main.tf:35'),
    (harness("dynamic_managed_memory"), "PASSED",
     "memory.managed_memory_configuration.encryption_key_arn references the customer-managed KMS key aws_kms_key.vault.arn (dynamic/main.tf:59)"),
    (harness("dynamic_no_managed_memory"), "FAILED",
     "memory.managed_memory_configuration.encryption_key_arn is absent (no managed_memory_configuration block: the dynamic "
     "block's for_each is empty, dynamic/main.tf:79, as var.key != null is false)"),
    (capacity_provider("dynamic_volumes"), "FAILED",
     'the persistent volume "logs" (compute_configuration.ec2_configuration.volume[1]): compute_configuration.ec2_configuration.volume[1]'
     ".ebs_configuration.kms_key_id names the AWS managed key alias/aws/ebs, which the customer cannot control (dynamic/main.tf:115, as volume.key == 0 is false)"),
    # .tf.json: "dynamic": {"name": {"for_each": ..., "iterator": ..., "content": {...}}}, arrays standing for objects
    (json_resource("json_dynamic_customer_key"), "PASSED",
     "kms_configuration.kms_key_arn references the customer-managed KMS key aws_kms_key.json_vault.arn (dynamic_json/main.tf.json)"),
    (json_resource("json_dynamic_empty_when_key_null"), "FAILED",
     "kms_configuration.kms_key_arn is absent (no kms_configuration block: the dynamic block's for_each is empty, dynamic_json/main.tf.json, "
     "as var.key != null is false)"),
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
def test_dynamic_blocks_expand_to_their_for_each_elements(terraform_run, resource, result, detail):
    found, details = outcome(terraform_run, resource)
    assert found == result and detail in details, details
