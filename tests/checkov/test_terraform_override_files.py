"""Terraform merges override files (``override.tf``, ``*_override.tf``, and their .tf.json forms) over the base
blocks: each resource is judged once, as merged, on the base block's record, and the reason names the override file
when the deciding value comes from it; the override fragment gets no result of its own. Through real Checkov."""

import pytest

from checkov_runs import FIXTURES, CheckovRun, json_resource, memory, outcome, run_checkov, vault

OVERRIDE = FIXTURES / "issue18" / "override"


@pytest.fixture(scope="module")
def override_run() -> CheckovRun:
    return run_checkov(OVERRIDE, "--framework", "terraform", "terraform_json")


@pytest.mark.parametrize("resource, file_path, result, detail", [
    (memory("key_nulled_by_override"), "/hcl/main.tf", "FAILED",
     "encryption_key_arn is absent (null) (hcl/local_override.tf:2)"),
    (memory("key_given_by_override"), "/hcl/main.tf", "PASSED",
     "references the customer-managed KMS key aws_kms_key.memory.arn (hcl/local_override.tf:6)"),
    (vault("vault_block_replaced"), "/hcl/main.tf", "PASSED",
     "kms_configuration.kms_key_arn references the customer-managed KMS key aws_kms_key.memory.arn (hcl/local_override.tf:12)"),
    (memory("not_overridden"), "/hcl/main.tf", "PASSED",
     "references the customer-managed KMS key aws_kms_key.memory.arn (hcl/main.tf:20)"),
    (memory("key_from_overridden_variable"), "/hcl/main.tf", "FAILED",
     "encryption_key_arn is absent (null) (the default of variable memory_key, hcl/local_override.tf:17)"),
    (memory("key_from_overridden_local"), "/hcl/main.tf", "FAILED",
     "encryption_key_arn is absent (null) (hcl/local_override.tf:25)"),
    # override files apply in lexical order of their names: z_override.tf after local_override.tf
    (memory("later_override_file_wins"), "/hcl/main.tf", "PASSED",
     "references the customer-managed KMS key aws_kms_key.memory.arn (hcl/z_override.tf:3)"),
    (f"module.child.{memory('in_module')}", "/hcl/modules/memory/main.tf", "FAILED",
     "names the AWS managed key alias/aws/bedrock, which the customer cannot control (hcl/modules/memory/memory_override.tf:2)"),
    (json_resource("json_key_nulled_by_override"), "/json/main.tf.json", "FAILED",
     "encryption_key_arn is absent (null) (json/override.tf.json)"),
    (json_resource("json_key_given_by_override"), "/json/main.tf.json", "PASSED",
     "references the customer-managed KMS key aws_kms_key.json_memory.arn (json/override.tf.json)"),
    (json_resource("json_vault_block_replaced"), "/json/main.tf.json", "FAILED",
     'kms_configuration.kms_key_arn is absent (kms_configuration.key_type is "ServiceManagedKey", json/override.tf.json)'),
])
def test_a_resource_with_an_override_is_judged_once_as_merged(override_run, resource, file_path, result, detail):
    found, details = outcome(override_run, resource)
    assert found == result and detail in details, details
    [record] = [r for r in override_run.results() if r["resource"] == resource]
    assert record["file_path"] == file_path


def test_override_fragments_get_no_result_of_their_own(override_run):
    fragments = [r for r in override_run.results() if "override" in r["file_path"]]
    assert fragments == []
    assert len(override_run.results()) == 11
