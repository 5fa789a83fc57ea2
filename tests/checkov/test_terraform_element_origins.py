"""A reason names where the deciding value was written, down to the element of a map or list, through real Checkov."""

import pytest

from checkov_runs import memory, outcome


@pytest.mark.parametrize("resource, result, detail", [
    (memory("second_entry_of_a_local_map"), "PASSED",
     "references the customer-managed KMS key aws_kms_key.element_origins.arn (element_origins/main.tf:22)"),
    (memory("second_entry_of_a_variable_default"), "FAILED",
     "alias/aws/bedrock, which the customer cannot control (the default of variable keys_by_team, element_origins/main.tf:11)"),
    (memory("second_element_of_a_local_list"), "FAILED",
     "alias/aws/bedrock, which the customer cannot control (element_origins/main.tf:24)"),
])
def test_an_element_of_a_map_or_list_names_where_it_was_written(terraform_run, resource, result, detail):
    found, details = outcome(terraform_run, resource)
    assert found == result and detail in details, details
    assert "team_key" not in details, details  # the first element's origin is not the element's
