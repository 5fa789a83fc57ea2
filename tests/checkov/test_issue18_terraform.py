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
    return run_checkov(ISSUE18 / "terraform", "--framework", "terraform")


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
