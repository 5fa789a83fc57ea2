"""CloudFormation verdicts that need evidence to PASS, through real Checkov over the templates in
tests/checkov/cloudformation_evidence: what the files give decides, and what they leave open is narrowed by its
constraints or is an outside input."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from agentcore_cmk.verdicts import FALLBACK
from checkov_runs import HERE, run_checkov

EVIDENCE = HERE / "cloudformation_evidence"
DEPLOY = EVIDENCE / "deploy"
MEMORY = "AWS::BedrockAgentCore::Memory."
OTHER_KEY = "arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000"


@contextmanager
def parameter_files(*names: str):
    """``AGENTCORE_CFN_PARAMETER_FILES`` for the Checkov runs inside the block."""
    before = os.environ.get("AGENTCORE_CFN_PARAMETER_FILES")
    os.environ["AGENTCORE_CFN_PARAMETER_FILES"] = ",".join(names)
    try:
        yield
    finally:
        if before is None:
            del os.environ["AGENTCORE_CFN_PARAMETER_FILES"]
        else:
            os.environ["AGENTCORE_CFN_PARAMETER_FILES"] = before


def _results(run) -> dict:
    return {(Path(r["file_path"]).name, r["resource"]): (r["check_result"]["result"], r["details"][0] if r["details"] else "")
            for r in run.results()}


@pytest.fixture(scope="module")
def evidence():
    return _results(run_checkov(EVIDENCE))


@pytest.fixture(scope="module")
def with_parameter_files():
    """prod.json (--parameter-overrides list) then pipeline.json (a CodePipeline template configuration)."""
    with parameter_files(str(DEPLOY / "prod.json"), f"file://{DEPLOY / 'pipeline.json'}"):
        return _results(run_checkov(EVIDENCE))


@pytest.fixture(scope="module")
def with_samconfig():
    with parameter_files(str(DEPLOY / "samconfig.toml")):
        return _results(run_checkov(EVIDENCE))


# --- an AllowedPattern with an optional group admits "" ---------------------------------------------------------


def test_an_allowed_pattern_with_an_optional_group_admits_the_empty_string_and_fails(evidence):
    for resource in ("OptionalGroupMemory", "EmptyAlternativeMemory"):
        outcome, reason = evidence[("allowed_pattern_optional_group.yaml", MEMORY + resource)]
        assert outcome == "FAILED" and "EncryptionKeyArn is absent" in reason, reason
    outcome, reason = evidence[("allowed_pattern_optional_group.yaml", MEMORY + "KeyArnRequiredMemory")]
    assert outcome == "PASSED" and "does not rule out a customer-managed key" in reason, reason
    optional = evidence[("allowed_pattern_optional_group.yaml", MEMORY + "OptionalGroupMemory")][1]
    assert "admits the empty string too" in optional, optional


# --- a resource whose own Condition is false is not created --------------------------------------------------------


def test_a_resource_whose_condition_is_false_with_the_defaults_gets_no_result(evidence):
    engine = "AWS::BedrockAgentCore::PolicyEngine."
    assert ("resource_condition.yaml", engine + "EngineUnderEntitlement") not in evidence
    for resource in ("EngineInProd", "EngineWhenLive"):  # created with the defaults, or the deployer decides
        outcome, reason = evidence[("resource_condition.yaml", engine + resource)]
        assert outcome == "FAILED" and f"EncryptionKeyArn is absent: {FALLBACK}" in reason, reason


# --- local nested stacks and SAM applications are followed --------------------------------------------------------


@pytest.mark.parametrize("resource", ["MemoryFromNestedStack", "MemoryFromSamApplication"])
def test_a_local_nested_stack_output_that_is_the_aws_managed_key_fails(evidence, resource):
    outcome, reason = evidence[("main.yaml", MEMORY + resource)]
    assert outcome == "FAILED" and "names the AWS managed key alias/aws/bedrock" in reason, reason
    assert "of the nested stack" in reason and "keys.yaml:8" in reason and "outside the scanned files" not in reason


def test_a_local_nested_stack_that_creates_a_customer_key_passes(evidence):
    outcome, reason = evidence[("main.yaml", MEMORY + "MemoryFromCustomerKeyStack")]
    assert outcome == "PASSED" and "references the customer-managed KMS key Key.Arn" in reason, reason
    assert "the output KeyArn of the nested stack CustomerKeyStack" in reason, reason


def test_a_parameter_the_parent_passes_to_a_nested_stack_decides_its_output(evidence):
    outcome, reason = evidence[("main.yaml", MEMORY + "MemoryFromPassedParameter")]
    assert outcome == "FAILED" and "alias/aws/bedrock" in reason and "by the parent stack" in reason, reason


def test_a_nested_stack_that_contains_itself_is_not_followed_forever(evidence):
    outcome, reason = evidence[("main.yaml", MEMORY + "MemoryFromLoop")]
    assert outcome == "FAILED" and "is a stack that contains it" in reason, reason


def test_a_remote_nested_stack_stays_another_stacks_output(evidence):
    outcome, reason = evidence[("main.yaml", MEMORY + "MemoryFromRemoteStack")]
    assert outcome == "PASSED" and "the output KeyArn of the nested stack RemoteStack" in reason, reason


# --- Fn::If on a block above the key --------------------------------------------------------------------------------


@pytest.mark.parametrize("resource, shown", [
    ("AWS::BedrockAgentCore::TokenVault.VaultKeyWhenCmk", "KmsConfiguration.KmsKeyArn references the customer-managed KMS key Key.Arn"),
    ("AWS::BedrockAgentCore::CapacityProvider.ProviderVolumesWhenCmk", "each of its 2 EBS volumes is encrypted with a customer-managed key"),
    ("AWS::BedrockAgentCore::Harness.HarnessMemoryWhenCmk", "references the customer-managed KMS key Key.Arn"),
])
def test_fn_if_on_a_block_above_the_key_follows_the_branch_the_defaults_take(evidence, resource, shown):
    outcome, reason = evidence[("blocks_under_if.yaml", resource)]
    assert outcome == "PASSED" and shown in reason and "condition CreateCmk is true with the parameter defaults" in reason, reason


@pytest.mark.parametrize("resource, shown", [
    ("AWS::BedrockAgentCore::TokenVault.VaultServiceKeyByDefault", "KmsConfiguration.KmsKeyArn is absent"),
    ("AWS::BedrockAgentCore::Harness.HarnessMemoryManagedKeyByDefault", "names the AWS managed key alias/aws/bedrock"),
])
def test_fn_if_on_a_block_above_the_key_fails_when_the_defaults_take_the_branch_without_a_customer_key(evidence, resource, shown):
    outcome, reason = evidence[("blocks_under_if.yaml", resource)]
    assert outcome == "FAILED" and shown in reason and "condition SkipCmk is false with the parameter defaults" in reason, reason


# --- a value the files give decides; constraints narrow a value left to the deployer ------------------------------


def test_a_default_decides_and_allowed_values_narrow_only_a_value_left_to_the_deployer(evidence):
    outcome, reason = evidence[("values_given_in_files.yaml", MEMORY + "MemoryUnlessCmkDisabled")]
    assert outcome == "PASSED" and "condition UseCmk is true with the parameter defaults" in reason, reason
    outcome, reason = evidence[("values_given_in_files.yaml", MEMORY + "MemoryDefaultAmongChoices")]
    assert outcome == "PASSED" and "(the default of parameter KeyArnWithChoices" in reason, reason
    outcome, reason = evidence[("values_given_in_files.yaml", MEMORY + "MemoryChoiceLeftToDeployer")]
    assert outcome == "FAILED" and "alias/aws/bedrock" in reason and "one of the AllowedValues" in reason, reason
    outcome, reason = evidence[("values_given_in_files.yaml", MEMORY + "MemoryKeyFromInput")]
    assert outcome == "PASSED" and "which has no default" in reason, reason


# --- parameter files --------------------------------------------------------------------------------------------------


def test_a_parameter_file_gives_the_value_and_the_reason_names_the_file(with_parameter_files):
    outcome, reason = with_parameter_files[("values_given_in_files.yaml", MEMORY + "MemoryKeyFromInput")]
    assert outcome == "FAILED" and "alias/aws/bedrock" in reason and "in prod.json" in reason, reason


def test_a_codepipeline_template_configuration_decides_a_condition(with_parameter_files):
    outcome, reason = with_parameter_files[("values_given_in_files.yaml", MEMORY + "MemoryUnlessCmkDisabled")]
    assert outcome == "FAILED" and "condition UseCmk is false with the parameter files" in reason, reason


def test_samconfig_parameter_overrides_give_the_values(with_samconfig):
    outcome, reason = with_samconfig[("values_given_in_files.yaml", "AWS::BedrockAgentCore::Gateway.GatewayKeyByDefault")]
    assert outcome == "FAILED" and "alias/aws/bedrock" in reason and "in samconfig.toml" in reason, reason
    outcome, reason = with_samconfig[("values_given_in_files.yaml", MEMORY + "MemoryKeyFromInput")]
    assert outcome == "PASSED" and OTHER_KEY in reason and "in samconfig.toml" in reason, reason


def test_a_missing_parameter_file_is_said_once_and_what_it_could_give_is_not_evaluated():
    with parameter_files(str(DEPLOY / "prdo.json")):
        run = run_checkov(EVIDENCE)
    results = _results(run)
    outcome, reason = results[("values_given_in_files.yaml", MEMORY + "MemoryKeyFromInput")]
    assert outcome == "FAILED" and "prdo.json, which could not be read (No such file or directory)" in reason, reason
    assert run.stderr.count("prdo.json") == 1, run.stderr[-3000:]
    outcome, _ = results[("values_given_in_files.yaml", MEMORY + "MemoryUnlessCmkDisabled")]
    assert outcome == "FAILED"
