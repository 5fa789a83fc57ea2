"""A resource Checkov rendered without a file to read (a check run outside a scan) is read as rendered, whatever the
row asks (a harness's memory, a capacity provider's volumes): Checkov wraps each attribute's value in a list."""

from agentcore_cmk import iac
from agentcore_cmk.finding import CAPACITY_PROVIDER, MEMORY
from agentcore_cmk.resources import TERRAFORM, iac_resources

from agentcore_cmk_checkov.engine.terraform.configuration import Configuration
from agentcore_cmk_checkov.engine.terraform.resource import locate

KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _row(finding, resource_type):
    return next(row for row in iac_resources(finding, TERRAFORM) if row.resource_type == resource_type)


def _judge(finding, resource_type, conf):
    row = _row(finding, resource_type)
    return iac.judge_instances(locate(row, conf, Configuration(), f"/nowhere.tf:{resource_type}:example").readers(), row)


def test_a_rendered_harness_is_judged_on_its_managed_memory_key():
    managed = {"memory": [{"managed_memory_configuration": [{"encryption_key_arn": [KEY]}]}]}
    assert _judge(MEMORY, "aws_bedrockagentcore_harness", managed).passed
    assert _judge(MEMORY, "aws_bedrockagentcore_harness", {"memory": [{"disabled": [True]}]}) is None
    without = _judge(MEMORY, "aws_bedrockagentcore_harness", {"harness_name": ["h"]})
    assert not without.passed and "encryption_key_arn is absent" in without.reason


def test_a_rendered_capacity_provider_is_judged_per_volume():
    conf = {"compute_configuration": [{"ec2_configuration": [{
        "root_volume": [{"encrypted": [True], "kms_key_id": [KEY]}],
        "volume": [{"ebs_configuration": [{"name": ["data"], "encrypted": [True]}]}],
    }]}]}
    verdict = _judge(CAPACITY_PROVIDER, "aws_bedrockagentcore_capacity_provider", conf)
    assert not verdict.passed
    assert verdict.reason.startswith('the persistent volume "data" (compute_configuration.ec2_configuration.volume[0]) '
                                     "has no customer-managed key"), verdict.reason


def test_a_rendered_dynamic_block_is_not_expanded_again():
    """Checkov's rendering merges a dynamic block's content into the blocks of its name and keeps ``dynamic``."""
    content = {"ebs_configuration": [{"name": ["data"], "encrypted": [True], "kms_key_id": [KEY]}]}
    conf = {"compute_configuration": [{"ec2_configuration": [{
        "root_volume": [{"encrypted": [True], "kms_key_id": [KEY]}],
        "volume": [content],
        "dynamic": [{"volume": [{"for_each": ["${var.volumes}"], "content": [content]}]}],
    }]}]}
    verdict = _judge(CAPACITY_PROVIDER, "aws_bedrockagentcore_capacity_provider", conf)
    assert verdict.passed and verdict.reason.startswith("each of its 2 EBS volumes"), verdict.reason
