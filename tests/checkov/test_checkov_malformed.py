"""A folder with malformed templates next to good ones: the good ones are still reported, the bad ones named."""

import re

import pytest


@pytest.mark.parametrize(
    "file_path, resource, result, details",
    [
        ("/good.yaml", "AWS::BedrockAgentCore::Memory.GoodEncrypted", "PASSED", "references the customer-managed KMS key Key.Arn"),
        ("/good.yaml", "AWS::BedrockAgentCore::Memory.GoodPlain", "FAILED", "EncryptionKeyArn is absent"),
        ("/odd.yaml", "AWS::BedrockAgentCore::Memory.OddIf", "FAILED", "EncryptionKeyArn: the scanned files do not show what Fn::If ['MissingCondition'] evaluates to (not [condition, value if true, value if false])"),
        ("/odd.yaml", "AWS::BedrockAgentCore::Memory.OddGetAtt", "FAILED", "EncryptionKeyArn: the scanned files do not show what !GetAtt NoSuchResource.Arn evaluates to (no resource NoSuchResource in the template)"),
        ("/terraform_good/main.tf", "aws_bedrockagentcore_memory.good_encrypted", "PASSED", "aws_kms_key.memory.arn"),
        ("/terraform_good/main.tf", "aws_bedrockagentcore_memory.good_plain", "FAILED", "encryption_key_arn is absent"),
        # var.nothing is not declared, so try() gives "x", the condition is false and the string is the value
        ("/terraform_good/main.tf", "aws_bedrockagentcore_memory.odd_expression", "FAILED", 'as try(var.nothing, "x") == "y" is false'),
    ],
)
def test_good_templates_are_still_reported(malformed_run, file_path, resource, result, details):
    found = malformed_run.by_resource()[(file_path, resource)]
    assert found["check_result"]["result"] == result
    assert details in found["details"][0]


def test_only_the_good_memories_are_reported(malformed_run):
    assert {path for path, _ in malformed_run.by_resource()} == {"/good.yaml", "/odd.yaml", "/terraform_good/main.tf"}


def test_malformed_files_are_named_as_parsing_errors(malformed_run):
    errors = {re.sub(r"^(.*/malformed/|\./)", "", path) for path in malformed_run.parsing_errors()}
    assert {"broken.yaml", "broken.json", "properties-not-a-mapping.yaml", "terraform_broken/main.tf",
            "tfplan-truncated.json"} <= errors
    assert "good.yaml" not in errors and "odd.yaml" not in errors


def test_the_plug_in_raised_nothing(malformed_run):
    assert "Traceback" not in malformed_run.stderr or "agentcore" not in malformed_run.stderr
    assert "could not follow" not in malformed_run.stderr  # the plug-in's last-resort fallback was not needed
    assert "could not evaluate" not in malformed_run.stderr  # nor the CloudFormation checks' last resort
    assert "Failed to run check bedrockagentcore_memory_encrypted_with_customer_managed_key" not in malformed_run.stderr
