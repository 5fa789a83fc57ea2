"""What the Terraform evaluator stops working out, and says so, through real Checkov: values past the cap, cycles;
and ``can()`` of what fails is false."""

from checkov_runs import memory, outcome


def test_binary_pairs_past_the_cap_are_not_evaluated(terraform_run):
    found, details = outcome(terraform_run, memory("binary_pairs_past_the_cap"))
    assert found == "FAILED", details
    assert details.startswith("encryption_key_arn was not evaluated: local.a == local.b combines more than 64 pairs"), details


def test_can_of_a_failing_conversion_is_false(terraform_run):
    found, details = outcome(terraform_run, memory("can_of_a_failing_conversion"))
    assert found == "FAILED" and "is absent (null) (caps/main.tf:40, as can(tonumber(var.size)) is false)" in details, details


def test_can_of_a_cycle_is_not_evaluated(terraform_run):
    found, details = outcome(terraform_run, memory("can_of_a_cycle"))
    assert found == "FAILED" and details.startswith("encryption_key_arn was not evaluated: local cycle refers to itself"), details
