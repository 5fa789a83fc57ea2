"""One real Checkov run over tests/checkov/kinds: the kinds of issue 19 (policy engine, evaluator, dataset,
configuration bundle, capacity provider volumes) and the memory a harness manages, in CloudFormation, the aws
provider and awscc, each resource's result and the reason it gives."""

import pytest

from agentcore_cmk import checkov_output, finding_by_id
from agentcore_cmk.finding import (
    CAPACITY_PROVIDER, CONFIGURATION_BUNDLE, DATASET, EVALUATOR, MEMORY, POLICY_ENGINE,
)
from agentcore_cmk.iac import EBS_FALLBACK
from agentcore_cmk.verdicts import FALLBACK

CFN, TF, AWSCC = "/cloudformation/kinds.yaml", "/terraform/main.tf", "/awscc/main.tf"
PLAN, TF_JSON = "/terraform_plan/tfplan.json", "/terraform_json/harness.tf.json"
UNVERIFIED = "a key nobody could verify is not reported as customer-managed"
OUTSIDE = "outside the scanned files; it must be a customer-managed key"

# (file, resource) -> (finding, result, a part of its details)
EXPECTED = {
    (CFN, "AWS::BedrockAgentCore::PolicyEngine.PolicyEngineWithKey"): (POLICY_ENGINE, "PASSED", "references the customer-managed KMS key Key.Arn"),
    (CFN, "AWS::BedrockAgentCore::PolicyEngine.PolicyEngineWithoutKey"): (POLICY_ENGINE, "FAILED", f"EncryptionKeyArn is absent: {FALLBACK}"),
    (CFN, "AWS::BedrockAgentCore::PolicyEngine.PolicyEngineManagedAlias"): (POLICY_ENGINE, "FAILED", "AWS managed key alias/aws/bedrock-agentcore"),
    (CFN, "AWS::BedrockAgentCore::Evaluator.EvaluatorWithKey"): (EVALUATOR, "PASSED", OUTSIDE),
    (CFN, "AWS::BedrockAgentCore::Evaluator.EvaluatorWithoutKey"): (EVALUATOR, "FAILED", f"KmsKeyArn is absent: {FALLBACK}"),
    (CFN, "AWS::BedrockAgentCore::Evaluator.EvaluatorKeyIfUsed"): (EVALUATOR, "FAILED", "KmsKeyArn is absent (AWS::NoValue"),
    (CFN, "AWS::BedrockAgentCore::Dataset.DatasetWithKey"): (DATASET, "PASSED", "KmsKeyArn is the KMS key arn:aws:kms:us-east-1:111122223333:key/"),
    (CFN, "AWS::BedrockAgentCore::Dataset.DatasetWithoutKey"): (DATASET, "FAILED", f"KmsKeyArn is absent: {FALLBACK}"),
    (CFN, "AWS::BedrockAgentCore::Dataset.DatasetNotAKey"): (DATASET, "FAILED", "which is not a KMS key ARN or alias"),
    (CFN, "AWS::BedrockAgentCore::ConfigurationBundle.BundleWithKey"): (CONFIGURATION_BUNDLE, "PASSED", "Key.Arn"),
    (CFN, "AWS::BedrockAgentCore::ConfigurationBundle.BundleWithoutKey"): (CONFIGURATION_BUNDLE, "FAILED", f"KmsKeyArn is absent: {FALLBACK}"),
    (CFN, "AWS::BedrockAgentCore::Harness.HarnessManagedMemoryWithKey"): (MEMORY, "PASSED", "Memory.ManagedMemoryConfiguration.EncryptionKeyArn references the customer-managed KMS key Key.Arn"),
    (CFN, "AWS::BedrockAgentCore::Harness.HarnessManagedMemoryWithoutKey"): (MEMORY, "FAILED", f"Memory.ManagedMemoryConfiguration.EncryptionKeyArn is absent: {FALLBACK}"),
    (CFN, "AWS::BedrockAgentCore::Harness.HarnessWithoutMemory"): (MEMORY, "FAILED", f"Memory.ManagedMemoryConfiguration.EncryptionKeyArn is absent: {FALLBACK}"),
    (CFN, "AWS::BedrockAgentCore::CapacityProvider.CapacityAllCustomer"): (CAPACITY_PROVIDER, "PASSED", "each of its 3 EBS volumes is encrypted with a customer-managed key"),
    (CFN, "AWS::BedrockAgentCore::CapacityProvider.CapacityPersistentManagedKey"): (CAPACITY_PROVIDER, "FAILED", f'the persistent volume "logs" (ComputeConfiguration.Ec2Configuration.Volumes[1]) has no customer-managed key: ComputeConfiguration.Ec2Configuration.Volumes[1].EbsConfiguration.KmsKeyId is absent, so {EBS_FALLBACK}'),
    (CFN, "AWS::BedrockAgentCore::CapacityProvider.CapacityRootUnencrypted"): (CAPACITY_PROVIDER, "FAILED", "the root volume is not encrypted: ComputeConfiguration.Ec2Configuration.RootVolume.Encrypted is false"),
    (CFN, "AWS::BedrockAgentCore::CapacityProvider.CapacityNoRootVolume"): (CAPACITY_PROVIDER, "FAILED", "the root volume is not configured (ComputeConfiguration.Ec2Configuration.RootVolume is absent)"),
    (CFN, "AWS::BedrockAgentCore::CapacityProvider.CapacityEphemeralManagedAlias"): (CAPACITY_PROVIDER, "FAILED", 'the ephemeral volume "/dev/sdd"'),
    (TF, "aws_bedrockagentcore_policy_engine.with_key"): (POLICY_ENGINE, "PASSED", "aws_kms_key.agentcore.arn"),
    (TF, "aws_bedrockagentcore_policy_engine.without_key"): (POLICY_ENGINE, "FAILED", f"encryption_key_arn is absent"),
    (TF, "aws_bedrockagentcore_evaluator.with_key"): (EVALUATOR, "PASSED", OUTSIDE),
    (TF, "aws_bedrockagentcore_evaluator.managed_alias"): (EVALUATOR, "FAILED", "AWS managed key alias/aws/bedrock-agentcore"),
    (TF, "aws_bedrockagentcore_dataset.with_key"): (DATASET, "PASSED", "aws_kms_key.agentcore.arn"),
    (TF, "aws_bedrockagentcore_dataset.without_key"): (DATASET, "FAILED", "kms_key_arn is absent"),
    (TF, "aws_bedrockagentcore_configuration_bundle.with_key"): (CONFIGURATION_BUNDLE, "PASSED", "aws_kms_key.agentcore.arn"),
    (TF, "aws_bedrockagentcore_configuration_bundle.without_key"): (CONFIGURATION_BUNDLE, "FAILED", "kms_key_arn is absent"),
    (TF, "aws_bedrockagentcore_harness.managed_with_key"): (MEMORY, "PASSED", "memory.managed_memory_configuration.encryption_key_arn references the customer-managed KMS key aws_kms_key.agentcore.arn"),
    (TF, "aws_bedrockagentcore_harness.managed_without_key"): (MEMORY, "FAILED", "memory.managed_memory_configuration.encryption_key_arn is absent"),
    (TF, "aws_bedrockagentcore_harness.without_memory"): (MEMORY, "FAILED", f"memory.managed_memory_configuration.encryption_key_arn is absent"),
    (TF, "aws_bedrockagentcore_capacity_provider.all_customer"): (CAPACITY_PROVIDER, "PASSED", "each of its 3 EBS volumes is encrypted with a customer-managed key"),
    (TF, "aws_bedrockagentcore_capacity_provider.second_volume_default_key"): (CAPACITY_PROVIDER, "FAILED", 'the persistent volume "logs" (compute_configuration.ec2_configuration.volume[1]) has no customer-managed key'),
    (TF, "aws_bedrockagentcore_capacity_provider.no_root_volume"): (CAPACITY_PROVIDER, "FAILED", "the root volume is not configured (compute_configuration.ec2_configuration.root_volume is absent)"),
    (AWSCC, "awscc_bedrockagentcore_policy_engine.with_key"): (POLICY_ENGINE, "PASSED", "awscc_kms_key.agentcore.arn"),
    (AWSCC, "awscc_bedrockagentcore_policy_engine.without_key"): (POLICY_ENGINE, "FAILED", "encryption_key_arn is absent"),
    (AWSCC, "awscc_bedrockagentcore_evaluator.with_key"): (EVALUATOR, "PASSED", "awscc_kms_key.agentcore.arn"),
    (AWSCC, "awscc_bedrockagentcore_evaluator.without_key"): (EVALUATOR, "FAILED", "kms_key_arn is absent"),
    (AWSCC, "awscc_bedrockagentcore_configuration_bundle.with_key"): (CONFIGURATION_BUNDLE, "PASSED", "awscc_kms_key.agentcore.arn"),
    (AWSCC, "awscc_bedrockagentcore_configuration_bundle.without_key"): (CONFIGURATION_BUNDLE, "FAILED", "kms_key_arn is absent"),
    (AWSCC, "awscc_bedrockagentcore_harness.managed_with_key"): (MEMORY, "PASSED", "memory.managed_memory_configuration.encryption_key_arn references the customer-managed KMS key awscc_kms_key.agentcore.arn"),
    (AWSCC, "awscc_bedrockagentcore_harness.without_memory"): (MEMORY, "FAILED", "memory.managed_memory_configuration.encryption_key_arn is absent"),
    (AWSCC, "awscc_bedrockagentcore_capacity_provider.all_customer"): (CAPACITY_PROVIDER, "PASSED", "each of its 3 EBS volumes is encrypted with a customer-managed key"),
    (AWSCC, "awscc_bedrockagentcore_capacity_provider.ephemeral_without_key"): (CAPACITY_PROVIDER, "FAILED", 'the ephemeral volume "/dev/sdc" (compute_configuration.ec_2_configuration.launch_template_source.launch_parameters.ephemeral_volumes[0]) has no customer-managed key'),
    # shapes the files do not decide: a FAIL that says so
    (CFN, "AWS::BedrockAgentCore::CapacityProvider.CapacityVolumesByCondition"): (CAPACITY_PROVIDER, "FAILED", f"ComputeConfiguration.Ec2Configuration.Volumes: the scanned files do not show which persistent volumes it declares; {UNVERIFIED}"),
    # issue 27 item 8: Fn::If on the Memory block is followed into the branch the defaults take
    (CFN, "AWS::BedrockAgentCore::Harness.HarnessMemoryByCondition"): (MEMORY, "FAILED", "Memory.ManagedMemoryConfiguration.EncryptionKeyArn is absent (condition WithKey is false with the parameter defaults)"),
    (TF, "aws_bedrockagentcore_capacity_provider.dynamic_volumes"): (CAPACITY_PROVIDER, "FAILED", f"compute_configuration.ec2_configuration.volume: the scanned files do not show which persistent volumes it declares; {UNVERIFIED}"),
    (TF, 'aws_bedrockagentcore_harness.per_team["team_a"]'): (MEMORY, "PASSED", "is the KMS key arn:aws:kms:us-east-1:111122223333:key/aaaaaaaa-"),
    (TF, 'aws_bedrockagentcore_harness.per_team["team_b"]'): (MEMORY, "FAILED", "memory.managed_memory_configuration.encryption_key_arn is absent"),
    # malformed settings: a FAIL that says what the plug-in could not read
    (TF, "aws_bedrockagentcore_capacity_provider.malformed"): (CAPACITY_PROVIDER, "FAILED", "the root volume"),
    (CFN, "AWS::BedrockAgentCore::CapacityProvider.CapacityMalformed"): (CAPACITY_PROVIDER, "FAILED", "the root volume"),
    # plan JSON: keys known only after apply come from the plan's configuration
    (PLAN, "aws_bedrockagentcore_harness.managed_with_key"): (MEMORY, "PASSED", "memory.managed_memory_configuration.encryption_key_arn references the customer-managed KMS key aws_kms_key.agent.arn"),
    (PLAN, "aws_bedrockagentcore_harness.without_memory"): (MEMORY, "FAILED", f"memory.managed_memory_configuration.encryption_key_arn is absent"),
    (PLAN, "aws_bedrockagentcore_capacity_provider.all_customer"): (CAPACITY_PROVIDER, "PASSED", "each of its 2 EBS volumes is encrypted with a customer-managed key"),
    (PLAN, "aws_bedrockagentcore_capacity_provider.default_key"): (CAPACITY_PROVIDER, "FAILED", 'the persistent volume "logs" (compute_configuration.ec2_configuration.volume[1]) has no customer-managed key'),
    # .tf.json (Checkov's CDK for Terraform runner names them resource.<name>)
    (TF_JSON, "resource.json_with_key"): (MEMORY, "PASSED", "references the customer-managed KMS key aws_kms_key.agent.arn"),
    (TF_JSON, "resource.json_root_managed_key"): (CAPACITY_PROVIDER, "FAILED", "the root volume: compute_configuration.ec_2_configuration.root_volume.kms_key_id names the AWS managed key alias/aws/ebs"),
}

#: Harnesses that use an existing memory or none: they create no memory, so they get no result of their own.
NO_RESULT = {
    (CFN, "AWS::BedrockAgentCore::Harness.HarnessExistingMemory"),
    (CFN, "AWS::BedrockAgentCore::Harness.HarnessMemoryDisabled"),
    (TF, "aws_bedrockagentcore_harness.existing_memory"),
    (TF, "aws_bedrockagentcore_harness.disabled_attribute"),
    (TF, "aws_bedrockagentcore_harness.disabled_block"),
    (AWSCC, "awscc_bedrockagentcore_harness.existing_memory"),
    (AWSCC, "awscc_bedrockagentcore_harness.memory_disabled"),
    (PLAN, "aws_bedrockagentcore_harness.existing_memory"),
    (TF_JSON, "resource.json_disabled"),
}


@pytest.mark.parametrize("key", sorted(EXPECTED), ids=lambda key: f"{key[0]}:{key[1]}")
def test_each_resource_gets_its_finding_verdict_and_reason(kinds_run, key):
    result = kinds_run.by_resource().get(key)
    assert result is not None, f"no result for {key}"
    finding, expected_result, expected_details = EXPECTED[key]
    assert result["check_id"] == finding.id
    assert result["check_result"]["result"] == expected_result, result["details"]
    assert result["details"][1:] == _remediation(result), result["details"]
    assert expected_details in result["details"][0], result["details"][0]


def test_exactly_one_result_per_resource_and_none_for_harnesses_without_managed_memory(kinds_run):
    found = set(kinds_run.by_resource())
    assert not found & NO_RESULT
    assert found == set(EXPECTED)
    assert not kinds_run.parsing_errors()


def test_every_result_carries_the_shared_finding(kinds_run):
    for result in kinds_run.results():
        finding = finding_by_id(result["check_id"])
        assert result["check_name"] == finding.title
        assert result["guideline"] == finding.guideline_url
        assert result["severity"] == finding.severity.upper()


def _remediation(result) -> list:
    """What follows the reason in a result's details: the remediation, when it failed."""
    if result["check_result"]["result"] != "FAILED":
        return []
    return [checkov_output.REMEDIATION_PREFIX + finding_by_id(result["check_id"]).remediation]
