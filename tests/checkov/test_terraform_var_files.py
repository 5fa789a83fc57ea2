"""The run's var files (``--var-file``, ``var-file`` in .checkov.yaml) give the root module's variables their values,
over the defaults and Terraform's automatic files, the later over the earlier, through real Checkov."""

import pytest

from agentcore_cmk.verdicts import FALLBACK
from checkov_runs import memory, outcome


@pytest.mark.parametrize("resource, result, detail", [
    (memory("emptied_by_var_file"), "FAILED", f"encryption_key_arn is absent (prod.tfvars:1): {FALLBACK}"),
    (memory("managed_by_var_file"), "FAILED", "names the AWS managed key alias/aws/bedrock, which the customer cannot control (prod.tfvars:2)"),
    # default < terraform.tfvars < a.auto.tfvars < prod.tfvars < later.tfvars
    (memory("layered_last_var_file_wins"), "PASSED", "key/5555aaaa-12ab-34cd-56ef-1234567890ab (later.tfvars:1)"),
    (memory("untouched_default"), "PASSED", "(the default of variable untouched, main.tf:15)"),
])
def test_a_var_file_overrides_the_default_and_the_automatic_files(var_file_run, resource, result, detail):
    found, details = outcome(var_file_run, resource)
    assert found == result and detail in details, details


def test_a_var_file_named_in_checkov_yaml_is_read(var_file_config_run):
    found, details = outcome(var_file_config_run, memory("managed_by_config_var_file"))
    assert found == "FAILED" and "alias/aws/bedrock" in details and "(prod.tfvars:1)" in details, details
