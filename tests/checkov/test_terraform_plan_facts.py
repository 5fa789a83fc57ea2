"""A Terraform plan's KMS data sources read at plan time are facts about the key, through real Checkov."""

import pytest

from checkov_runs import memory, outcome


@pytest.mark.parametrize("resource, result, detail", [
    (memory("via_managed_alias_data"), "FAILED",
     "names the AWS managed key alias/aws/bedrock, which the customer cannot control (planned in tfplan.json, the key "
     "data.aws_kms_alias.managed read at plan time, whose target is arn:aws:kms:us-east-1:123456789012:key/aaaa0000"),
    (memory("via_aws_managed_key_data"), "FAILED", "(planned in tfplan.json, the key data.aws_kms_key.aws_key read at plan time: key_manager AWS), which the customer cannot control"),
    (memory("via_customer_key_data"), "PASSED", "references the customer-managed KMS key arn:aws:kms:us-east-1:123456789012:key/cccc0000-12ab-34cd-56ef-1234567890ab (planned in tfplan.json, the key data.aws_kms_key.customer read at plan time: key_manager CUSTOMER)"),
    (memory("literal_key"), "PASSED", "is the KMS key arn:aws:kms:us-east-1:123456789012:key/dddd0000-12ab-34cd-56ef-1234567890ab (planned in tfplan.json)"),
])
def test_plan_data_sources_read_at_plan_time_are_facts(plan_run, resource, result, detail):
    found, details = outcome(plan_run, resource)
    assert found == result and detail in details, details
