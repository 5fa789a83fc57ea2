"""``iac.judge``: a resource instance's settings, read through a ``Reader``, against its row (no result, EBS volumes,
the key and its key type); ``iac.judge_instances``: the instances Checkov reports as one record.

The reader here reads plain nested dicts and lists, written as literals; the Checkov tests drive the real readers.
"""

from agentcore_cmk import iac
from agentcore_cmk.resources import CLOUDFORMATION, iac_resources
from agentcore_cmk.finding import CAPACITY_PROVIDER, MEMORY, TOKEN_VAULT

_MISSING = object()
(CAPACITY_ROW,) = iac_resources(CAPACITY_PROVIDER, CLOUDFORMATION)
HARNESS_ROW = next(row for row in iac_resources(MEMORY, CLOUDFORMATION) if row.no_result_when)
MEMORY_ROW = next(row for row in iac_resources(MEMORY, CLOUDFORMATION) if not row.no_result_when)
(VAULT_ROW,) = iac_resources(TOKEN_VAULT, CLOUDFORMATION)
KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


class DictReader:
    def __init__(self, properties):
        self.properties = properties

    def _at(self, path):
        node = self.properties
        for step in path:
            if isinstance(step, int):
                node = node[step] if isinstance(node, list) and step < len(node) else _MISSING
            else:
                node = node.get(step, _MISSING) if isinstance(node, dict) else _MISSING
            if node is _MISSING or node is None:
                return _MISSING
        return node

    def values(self, path):
        node = self._at(path)
        return [iac.absent()] if node is _MISSING else [iac.literal(str(node).lower() if isinstance(node, bool) else node)]

    def present(self, path):
        node = self._at(path)
        return node is not _MISSING and node is not False

    def elements(self, path):
        node = self._at(path)
        if node is _MISSING:
            return 0
        return len(node) if isinstance(node, list) else None


def capacity(root=None, volumes=None, ephemeral=None):
    ec2 = {"LaunchTemplateSource": {"LaunchParameters": {}}}
    if root is not None:
        ec2["RootVolume"] = root
    if volumes is not None:
        ec2["Volumes"] = volumes
    if ephemeral is not None:
        ec2["LaunchTemplateSource"]["LaunchParameters"]["EphemeralVolumes"] = ephemeral
    return iac.judge(DictReader({"ComputeConfiguration": {"Ec2Configuration": ec2}}), CAPACITY_ROW)


ENCRYPTED = {"Encrypted": True, "KmsKeyId": KEY}


def test_every_ebs_volume_under_a_customer_key_passes_and_instance_store_is_not_judged():
    verdict = capacity(ENCRYPTED, [{"EbsConfiguration": {"Name": "data", **ENCRYPTED}}],
                       [{"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"}, {"DeviceName": "/dev/sdc", "Ebs": ENCRYPTED}])
    assert verdict.passed, verdict.reason
    assert verdict.reason.startswith("each of its 3 EBS volumes is encrypted with a customer-managed key")
    assert "/dev/sdb" not in verdict.reason and '"/dev/sdc"' in verdict.reason


def test_encrypted_without_a_key_is_the_ebs_default_key_and_names_the_volume():
    verdict = capacity(ENCRYPTED, [{"EbsConfiguration": {"Name": "logs", "Encrypted": True}}])
    assert not verdict.passed
    assert verdict.reason.startswith('the persistent volume "logs" (ComputeConfiguration.Ec2Configuration.Volumes[0]) '
                                     "has no customer-managed key")
    assert verdict.reason.endswith(iac.EBS_FALLBACK)  # encrypted: never "left unencrypted"


def test_not_encrypted_and_unconfigured_root_volumes_fail():
    assert "the root volume is not encrypted" in capacity({"Encrypted": False, "KmsKeyId": KEY}).reason
    unconfigured = capacity(None)
    assert not unconfigured.passed and "the root volume is not configured" in unconfigured.reason
    assert iac.EBS_FALLBACK_UNSET in unconfigured.reason


def test_an_aws_managed_ebs_key_fails_with_the_ebs_consequence():
    verdict = capacity({"Encrypted": True, "KmsKeyId": "alias/aws/ebs"})
    assert not verdict.passed and "AWS managed key alias/aws/ebs" in verdict.reason


def test_a_volume_list_the_files_do_not_decide_fails_and_says_so():
    verdict = capacity(ENCRYPTED, volumes="from a condition")
    assert not verdict.passed and "do not show which persistent volumes it declares" in verdict.reason


def test_a_harness_with_an_existing_or_disabled_memory_gets_no_result():
    reader = DictReader
    assert iac.judge(reader({"Memory": {"AgentCoreMemoryConfiguration": {"Arn": "arn:x"}}}), HARNESS_ROW) is None
    assert iac.judge(reader({"Memory": {"Disabled": {}}}), HARNESS_ROW) is None
    without = iac.judge(reader({}), HARNESS_ROW)
    assert not without.passed and without.reason.startswith("Memory.ManagedMemoryConfiguration.EncryptionKeyArn is absent")
    with_key = iac.judge(reader({"Memory": {"ManagedMemoryConfiguration": {"EncryptionKeyArn": KEY}}}), HARNESS_ROW)
    assert with_key.passed


def test_every_finding_with_iac_snippets_has_rows_and_the_snippets_name_a_row_type():
    from agentcore_cmk import FINDINGS
    from agentcore_cmk.resources import IAC_RESOURCES, TERRAFORM

    for finding in FINDINGS:
        rows = [row for row in IAC_RESOURCES if row.finding == finding]
        assert bool(rows) == bool(finding.remediation_cloudformation) == bool(finding.remediation_terraform), finding.id
        cfn_types = {row.resource_type for row in rows if row.framework == CLOUDFORMATION}
        tf_types = {row.resource_type for row in rows if row.framework == TERRAFORM}
        if rows:
            assert any(f"Type: {kind}\n" in finding.remediation_cloudformation for kind in cfn_types), finding.id
            assert any(f'resource "{kind}"' in finding.remediation_terraform for kind in tf_types), finding.id


def test_a_key_counts_only_under_the_customer_key_type():
    customer = {"KmsConfiguration": {"KeyType": "CustomerManagedKey", "KmsKeyArn": KEY}}
    assert iac.judge(DictReader(customer), VAULT_ROW).passed
    service = iac.judge(DictReader({"KmsConfiguration": {"KeyType": "ServiceManagedKey", "KmsKeyArn": KEY}}), VAULT_ROW)
    assert not service.passed and 'KmsConfiguration.KeyType is "ServiceManagedKey"' in service.reason, service.reason
    unset = iac.judge(DictReader({"KmsConfiguration": {"KmsKeyArn": KEY}}), VAULT_ROW)
    assert not unset.passed and "KmsConfiguration.KeyType is not set" in unset.reason, unset.reason


class WithoutBlock(DictReader):
    """A reader that says why a block is not there (as Terraform's says of an empty dynamic block)."""

    def values(self, path):
        found = super().values(path)
        return [iac.absent("", "no KmsConfiguration block: its for_each is empty") if value.kind is iac.Kind.ABSENT
                else value for value in found]


def test_a_key_whose_block_is_not_there_is_absent_for_the_reason_the_reader_gives():
    verdict = iac.judge(WithoutBlock({}), VAULT_ROW)
    assert not verdict.passed
    assert verdict.reason.startswith("KmsConfiguration.KmsKeyArn is absent (no KmsConfiguration block: its for_each is "
                                     "empty)"), verdict.reason


def test_the_one_instance_checkov_names_gets_its_own_verdict():
    verdict = iac.judge_instances([("", DictReader({"EncryptionKeyArn": KEY}))], MEMORY_ROW)
    assert verdict == iac.judge(DictReader({"EncryptionKeyArn": KEY}), MEMORY_ROW)


def test_instances_checkov_did_not_expand_pass_only_when_each_does():
    good, bad = DictReader({"EncryptionKeyArn": KEY}), DictReader({"EncryptionKeyArn": "alias/aws/bedrock"})
    passed = iac.judge_instances([("a", good), ("b", good)], MEMORY_ROW)
    assert passed.passed and passed.reason.startswith("EncryptionKeyArn is a customer-managed key in each of the 2 "
                                                      "instances; the instance a: "), passed.reason
    failed = iac.judge_instances([("a", good), ("b", bad)], MEMORY_ROW)
    assert not failed.passed and failed.reason.startswith("EncryptionKeyArn fails in 1 of the 2 instances (b); the "
                                                          "instance b: "), failed.reason
    one = iac.judge_instances([("a", bad)], MEMORY_ROW)  # one instance of a for_each still names it
    assert not one.passed and one.reason.startswith("EncryptionKeyArn fails in 1 of the 1 instances (a)"), one.reason


def test_instances_of_which_none_keeps_the_finding_s_data_get_no_result():
    without_managed_memory = DictReader({"Memory": {"Disabled": {}}})
    assert iac.judge_instances([("a", without_managed_memory), ("b", without_managed_memory)], HARNESS_ROW) is None
