"""A PASS needs evidence (Terraform): each class of value through real Checkov over tests/checkov/fixtures/evidence/,
in HCL, CDK for Terraform's .tf.json and a plan. Only a customer key the files create or name, or a value the deployer
supplies through an input that exists for it, passes; an attribute that is not a key, or a lookup nobody could finish,
does not."""

import subprocess

import pytest

from agentcore_cmk.cli import plugin_folder
from checkov_runs import CHECKOV, FIXTURES, _json_documents, CheckovRun, run_checkov

EVIDENCE = FIXTURES / "evidence"
UNVERIFIED = "a key nobody could verify is not reported as customer-managed"
OUTSIDE = "outside the scanned files; it must be a customer-managed key"
MANAGED = "names the AWS managed key alias/aws/bedrock, which the customer cannot control"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def memory(name):
    return f"aws_bedrockagentcore_memory.{name}"


def outcome(run, resource):
    found = [result for result in run.results() if result["resource"] == resource]
    assert len(found) == 1, f"{resource}: {len(found)} results"
    return found[0]["check_result"]["result"], found[0]["details"][0]


@pytest.fixture(scope="module")
def hcl_run():
    return run_checkov(EVIDENCE / "terraform", "--framework", "terraform")


@pytest.fixture(scope="module")
def json_run():
    return run_checkov(EVIDENCE / "terraform_json", "--framework", "terraform_json")


@pytest.fixture(scope="module")
def plan_run():
    return run_checkov(EVIDENCE / "plan", "--framework", "terraform_plan")


def _assert(run, resource, result, details):
    found, reason = outcome(run, resource)
    assert found == result, reason
    for detail in details:
        assert detail in reason, reason
    assert " object at 0x" not in reason, reason


@pytest.mark.parametrize("resource, result, details", [
    # attributes of data sources that are not keys: never an outside input
    (memory("ssm_parameter_arn_is_not_a_key"), "FAILED",
     ["builds ⟨data.aws_ssm_parameter.key.arn⟩ (data_sources/main.tf:27), which is not a KMS key ARN"]),
    (memory("iam_role_arn_is_not_a_key"), "FAILED", ["⟨data.aws_iam_role.r.arn⟩", "which is not a KMS key ARN"]),
    (memory("account_id_is_not_a_key"), "FAILED", ["⟨data.aws_caller_identity.c.account_id⟩", "which is not a KMS key ARN"]),
    (memory("another_resources_key_is_not_verified"), "FAILED",
     ["the scanned files do not show what data.aws_secretsmanager_secret.s.kms_key_id, the key of an existing resource "
      "that the data source reads evaluates to", UNVERIFIED]),
    # what the deployer supplies through an input that exists for it
    (memory("ssm_parameter_value_is_an_outside_input"), "PASSED",
     [f"comes from the SSM parameter value data.aws_ssm_parameter.key.value (data_sources/main.tf:66), {OUTSIDE}"]),
    (memory("remote_state_output_is_an_outside_input"), "PASSED",
     ["comes from the remote state data.terraform_remote_state.platform.outputs.memory_key_arn", OUTSIDE]),
    (memory("key_arn_built_from_account_id_and_required_variable"), "PASSED",
     ["builds the KMS key ARN arn:aws:kms:us-east-1:⟨data.aws_caller_identity.c.account_id⟩:key/⟨the required "
      "variable key_id⟩"]),
])
def test_a_data_source_attribute_that_is_not_a_key_is_never_an_outside_input(hcl_run, resource, result, details):
    _assert(hcl_run, resource, result, details)


@pytest.mark.parametrize("resource, result, details", [
    (memory("alias_built_with_trimprefix_is_aws_managed"), "FAILED",
     [MANAGED, "(looked up by data.aws_kms_alias.trimmed, the default of variable alias, data_sources/main.tf:85)"]),
    (memory("lookup_nobody_could_finish_is_not_evaluated"), "FAILED",
     ["the scanned files do not show what the key data.aws_kms_alias.hashed, whose name depends on the function md5(), "
      "evaluates to (data_sources/main.tf:99)", UNVERIFIED]),
    (memory('for_each_lookup_instance["dev"]'), "FAILED", [MANAGED, "looked up by data.aws_kms_alias.per_environment"]),
    (memory('for_each_lookup_instance["prod"]'), "PASSED",
     [f"comes from the key data.aws_kms_alias.per_environment looks up (alias/app)", OUTSIDE]),
    (memory("for_each_lookup_prod"), "PASSED", ["data.aws_kms_alias.per_environment looks up (alias/app)"]),
    (memory("awscc_alias_lookup_is_aws_managed"), "FAILED", [MANAGED, "looked up by data.awscc_kms_alias.managed"]),
    ("aws_bedrockagentcore_capacity_provider.default_ebs_key_is_not_a_customer_key", "FAILED",
     ["root_volume.kms_key_id: the scanned files do not show what data.aws_ebs_default_kms_key.current.key_arn, the "
      "account's default EBS key (the AWS managed key aws/ebs unless the account chose another)", UNVERIFIED]),
])
def test_a_kms_lookup_is_judged_on_what_it_looks_up_never_trusted_unseen(hcl_run, resource, result, details):
    _assert(hcl_run, resource, result, details)


@pytest.mark.parametrize("resource, detail", [
    (memory("interpolation_only_string_is_the_key"),
     "references the customer-managed KMS key aws_kms_key.k.arn (data_sources/main.tf:177)"),
    (memory("interpolation_only_module_output_is_the_key"),
     "references the customer-managed KMS key aws_kms_key.this.arn (data_sources/modules/keys/main.tf:6)"),
])
def test_an_interpolation_only_string_is_the_value_itself(hcl_run, resource, detail):
    _assert(hcl_run, resource, "PASSED", [detail])


@pytest.mark.parametrize("resource, result, details", [
    (memory("merge_overrides_the_default"), "PASSED", [f"is the KMS key {KEY} (functions/main.tf:24)"]),
    (memory("jsondecode_of_a_file"), "PASSED", [f"is the KMS key {KEY} (functions/keys.json, functions/main.tf:26)"]),
    (memory("setproduct_of_values"), "PASSED", [f"is the KMS key {KEY} (functions/main.tf:27)"]),
    (memory("flatten_of_lists"), "PASSED", [f"is the KMS key {KEY}"]),
    (memory("startswith_an_aws_alias_is_replaced"), "PASSED",
     [f"is the KMS key {KEY}", 'as startswith(local.defaults.memory, "alias/aws/") is true']),
    (memory("map_indexed_by_a_required_variable"), "PASSED",
     ["is a customer-managed key in each of the 2 values it can take", "when the required variable env is dev",
      "when the required variable env is prod"]),
    (memory("lookup_by_a_validated_variable"), "PASSED", ["is a customer-managed key in each of the 2 values"]),
    (memory("lookup_without_default_by_a_required_variable"), "PASSED",
     ["is a customer-managed key in each of the 2 values it can take"]),
    # a key the deployer may give that names none of the map's keys takes lookup()'s default: null, no customer key
    (memory("lookup_with_null_default_by_a_required_variable"), "FAILED",
     ["is absent (null) (functions/main.tf:82, lookup()'s default, when the required variable env is none of dev, prod)"]),
])
def test_everyday_functions_and_maps_indexed_by_a_deployer_input_are_evaluated(hcl_run, resource, result, details):
    _assert(hcl_run, resource, result, details)


@pytest.mark.parametrize("resource, result, details", [
    (memory("for_over_counted_keys"), "PASSED", ["references the customer-managed KMS key aws_kms_key.counted[1].arn"]),
    (memory("for_over_for_each_keys"), "PASSED", ['aws_kms_key.per_tenant["b"].arn']),
    (memory("values_of_for_each_keys"), "PASSED", ['aws_kms_key.per_tenant["a"].arn']),
    (memory("for_over_for_each_lookups_finds_the_managed_alias"), "FAILED", [MANAGED]),
    (memory("lookup_instance_chosen_by_the_deployer"), "FAILED", [MANAGED, "(one of 2 values it can take)"]),
])
def test_for_expressions_over_counted_resources_and_data_sources_are_evaluated(hcl_run, resource, result, details):
    _assert(hcl_run, resource, result, details)


@pytest.mark.parametrize("resource, result, details", [
    (memory("installed_module_not_created_gives_no_key"), "FAILED",
     ["is absent (null) (installed_module/.terraform/modules/kms/main.tf:14, as try() falls back: aws_kms_key.this "
      "(count is 0, installed_module/.terraform/modules/kms/main.tf:9, as var.create is false) has no element 0)"]),
    (memory("installed_module_created_gives_its_key"), "PASSED",
     ["references the customer-managed KMS key aws_kms_key.this[0].arn (installed_module/.terraform/modules/kms/main.tf:14)"]),
    (memory("module_not_installed_is_not_evaluated"), "FAILED",
     ["the output module.not_installed.key_arn of a module whose source is not in the scanned files (run terraform "
      "init, or Checkov with --download-external-modules, before the scan)"]),
])
def test_a_module_terraform_init_installed_is_read_from_terraform_modules(hcl_run, resource, result, details):
    _assert(hcl_run, resource, result, details)


@pytest.mark.parametrize("resource, result, details", [
    ("resource.json_alias_lookup_is_aws_managed", "FAILED",
     [MANAGED, "(looked up by data.aws_kms_alias.managed, the default of variable alias, cdk.tf.json)"]),
    ("resource.json_awscc_alias_lookup_is_aws_managed", "FAILED", [MANAGED, "looked up by data.awscc_kms_alias.managed"]),
    ("resource.json_ssm_parameter_arn_is_not_a_key", "FAILED", ["⟨data.aws_ssm_parameter.key.arn⟩", "not a KMS key ARN"]),
    ("resource.json_ssm_parameter_value_is_an_outside_input", "PASSED",
     ["comes from the SSM parameter value data.aws_ssm_parameter.key.value (cdk.tf.json)", OUTSIDE]),
])
def test_tf_json_data_sources_are_judged_as_in_hcl(json_run, resource, result, details):
    _assert(json_run, resource, result, details)


def test_tf_json_lookup_the_plugin_cannot_read_is_not_evaluated_never_passed():
    """Scanned from the parent folder, Checkov names the file relative to the scanned folder, which the plug-in cannot
    open: a lookup it cannot read is not an outside input."""
    command = [str(CHECKOV), "--directory", "terraform_json", "--output", "json", "--framework", "terraform_json",
               "--skip-download", "--external-checks-dir", str(plugin_folder("checkov"))]
    process = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=EVIDENCE)
    assert process.returncode in (0, 1), process.stderr[-3000:]
    run = CheckovRun(process.returncode, _json_documents(process.stdout), process.stderr)
    for resource in ("resource.json_alias_lookup_is_aws_managed", "resource.json_awscc_alias_lookup_is_aws_managed"):
        found, reason = outcome(run, resource)
        assert found == "FAILED", reason
        assert MANAGED in reason or "whose block the scan could not read" in reason, reason


@pytest.mark.parametrize("resource, result, details", [
    (memory("plan_ssm_parameter_arn_is_not_a_key"), "FAILED", ["data.aws_ssm_parameter.key.arn, known only after apply", UNVERIFIED]),
    (memory("plan_ssm_parameter_value_is_an_outside_input"), "PASSED",
     ["comes from the SSM parameter value data.aws_ssm_parameter.key.value (the configuration in tfplan.json)", OUTSIDE]),
    (memory("plan_account_id_is_not_a_key"), "FAILED", ["data.aws_caller_identity.c.account_id", UNVERIFIED]),
    (memory("plan_default_ebs_key_is_not_a_customer_key"), "FAILED",
     ["data.aws_ebs_default_kms_key.current.key_arn, the account's default EBS key", UNVERIFIED]),
    (memory("plan_lookup_by_an_unknown_name_is_not_evaluated"), "FAILED",
     ["the key data.aws_kms_alias.deferred, whose name depends on", UNVERIFIED]),
])
def test_plan_data_sources_need_evidence_too(plan_run, resource, result, details):
    _assert(plan_run, resource, result, details)


def test_a_mistyped_var_file_is_said_missing_once_in_plain_words():
    run = run_checkov(FIXTURES / "issue18" / "var_file", "--framework", "terraform", "--var-file", "prdo.tfvars")
    found, reason = outcome(run, memory("managed_by_var_file"))
    assert found == "FAILED", reason
    assert reason == ("encryption_key_arn was not evaluated: the variable file prdo.tfvars does not exist; a key nobody "
                      "could verify is not reported as customer-managed"), reason
    assert run.stderr.count("prdo.tfvars: [Errno 2]") <= 1, run.stderr[-2000:]


def test_a_reason_never_names_the_line_of_another_resource(hcl_run):
    """A local the work budget stopped is remembered for the next memory without the first memory's line."""
    found, reason = outcome(hcl_run, memory("second_past_the_budget"))
    assert found == "FAILED", reason
    assert reason.startswith("encryption_key_arn was not evaluated: evaluating local cubed took more than "), reason
    assert "main.tf:11" not in reason and "main.tf:" not in reason, reason
    found, reason = outcome(hcl_run, memory("first_past_the_budget"))
    assert found == "FAILED" and "was not evaluated: evaluating it took more than" in reason, reason


def test_a_filtered_for_each_over_300_keys_is_evaluated_within_the_budget(tmp_path):
    """The work budget grows with the configuration, and each block's for_each is evaluated once, not per instance."""
    tenants = "\n".join(f'    t{i} = {{ enabled = {"true" if i % 2 == 0 else "false"} }}' for i in range(300))
    (tmp_path / "main.tf").write_text(
        f'variable "tenants" {{\n  default = {{\n{tenants}\n  }}\n}}\n\n'
        'resource "aws_kms_key" "k" {\n  for_each = { for name, tenant in var.tenants : name => tenant if tenant.enabled }\n}\n\n'
        'resource "aws_bedrockagentcore_memory" "per_enabled_tenant" {\n'
        "  for_each              = { for name, tenant in var.tenants : name => tenant if tenant.enabled }\n"
        "  name                  = each.key\n  event_expiry_duration = 30\n"
        "  encryption_key_arn    = aws_kms_key.k[each.key].arn\n}\n")
    run = run_checkov(tmp_path, "--framework", "terraform")
    results = run.results()
    assert results, run.stderr[-2000:]
    for result in results:
        assert result["check_result"]["result"] == "PASSED", result["details"][0]
    assert any("in each of the 150 instances" in result["details"][0] or 'aws_kms_key.k["t' in result["details"][0]
               for result in results)
