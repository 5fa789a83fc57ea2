"""Each resource gets its own verdict: a bad value, a client that cannot be made or a failing call costs only the
resource (or region's listing) it is about, and every key situation gets its own status. The installed service
and checks over moto in this process, with the project's fake for what moto lacks."""

import json

from agentcore_cmk import (
    CAPACITY_PROVIDER, CONFIGURATION_BUNDLE, DATASET, EVALUATOR, FINDINGS, GATEWAY, MEMORY, POLICY_ENGINE,
    TOKEN_VAULT,
)
from prowler_helpers import ControlPlane, Identity, by_arn, run_check, scan

BAD_REGION_KEY = "arn:aws:kms:-:123456789012:key/0f0e0d0c-0b0a-4908-8706-050403020100"


def _all_findings():
    return [finding for check in FINDINGS for finding in run_check(check.id)]


def test_a_key_arn_whose_region_is_not_a_region_costs_only_the_resources_that_name_it(account, provider, monkeypatch):
    bad = account.seed_memory("bad_region", "us-east-1", "bad-region")
    managed = account.seed_memory("aws_managed", "us-east-1", "aws-managed")
    cmk = account.seed_memory("cmk", "eu-west-1", "cmk")
    plane = ControlPlane(account)
    bad_dataset = plane.seed(DATASET.resource, "bad_region", "us-east-1", key_arn=BAD_REGION_KEY)
    gateway = account.seed_gateway("gw-managed", "us-east-1", "aws-managed")

    service, findings = scan(provider, monkeypatch, plane=plane)
    found = by_arn(findings)
    everything = _all_findings()

    assert set(found) == {bad.arn, managed.arn, cmk.arn}
    assert found[bad.arn].status == "MANUAL"
    assert found[bad.arn].status_extended == (
        f"Memory bad_region names {bad.key_arn} as its encryptionKeyArn, whose region '-' is not an AWS region "
        "name: KMS was not asked, and which key encrypts it was not verified")
    assert found[managed.arn].status == "FAIL" and "AWS managed key" in found[managed.arn].status_extended
    assert found[cmk.arn].status == "PASS"
    assert {f.resource_arn: f.status for f in everything if f.resource_arn in (bad_dataset.arn, gateway.arn)} == {
        bad_dataset.arn: "MANUAL", gateway.arn: "FAIL"}
    assert not [f for f in everything if "stopped early" in f.status_extended]
    assert service.keys[bad.key_arn].metadata is None


def test_a_kms_client_that_cannot_be_made_costs_only_the_keys_of_its_region(account, provider, monkeypatch):
    broken = account.seed_memory("broken_region", "eu-west-1", "cmk")
    managed = account.seed_memory("managed", "eu-west-1", "none")
    working = account.seed_memory("working_region", "us-east-1", "cmk")
    session = provider.session.current_session
    real_client = session.client

    def client(service_name, *args, **kwargs):
        if service_name == "kms" and (kwargs.get("region_name") or (args or [None])[0]) == "eu-west-1":
            raise ValueError("no KMS endpoint for eu-west-1")
        return real_client(service_name, *args, **kwargs)

    monkeypatch.setattr(session, "client", client)

    _, findings = scan(provider, monkeypatch)
    found = by_arn(findings)

    assert set(found) == {broken.arn, managed.arn, working.arn}
    assert found[broken.arn].status == "MANUAL"
    assert ("could not be described (no KMS client could be made for eu-west-1 (ValueError: no KMS endpoint for "
            "eu-west-1))") in found[broken.arn].status_extended
    assert found[managed.arn].status == "FAIL" and found[working.arn].status == "PASS"


def test_a_scan_wide_failure_is_one_finding_not_one_per_check(account, provider, monkeypatch):
    from agentcore_cmk_prowler.services.bedrockagentcore_service import BedrockAgentCore

    account.seed_memory("read_before", "us-east-1", "none")

    def broken(self):
        raise RuntimeError("the key phase broke")

    monkeypatch.setattr(BedrockAgentCore, "_describe_keys", broken)
    _, first = scan(provider, monkeypatch)  # the memory check, then every check as a scan runs them
    everything = first + _all_findings()

    stopped = [f for f in everything if "stopped early" in f.status_extended]
    assert len(stopped) == 1
    assert stopped[0].status_extended == (
        "The AgentCore scan stopped early (RuntimeError: the key phase broke): AgentCore resources after that "
        "point were not checked, by any of the AgentCore checks")
    assert [f.status for f in first if "read_before" in f.status_extended] == ["FAIL"]


def test_an_error_answer_without_a_code_is_named_in_words(account, provider, hooks, monkeypatch):
    from botocore.awsrequest import AWSResponse

    from prowler_helpers import StreamingBody

    memory = account.seed_memory("internal_error", "us-east-1", "cmk")

    def fail(request, **_):
        if memory.id in request.url:
            return AWSResponse(request.url, 500, {}, StreamingBody(b""))
        return None

    hooks.add(provider, "before-send.bedrock-agentcore-control.GetMemory", fail)

    _, findings = scan(provider, monkeypatch)
    (finding,) = findings

    assert finding.status == "MANUAL"
    assert finding.status_extended == (
        f"Memory {memory.id} could not be read (an internal error of the service: HTTP status 500 Internal Server "
        "Error, without an error code); its encryption key is unknown")
    assert "(500)" not in finding.status_extended


def test_a_listed_arn_of_another_account_or_type_makes_only_that_resource_manual(account, provider, monkeypatch):
    plane = ControlPlane(account)
    wrong_account = plane.seed(DATASET.resource, "wrong_account", "us-east-1", "cmk")
    wrong_type = plane.seed(DATASET.resource, "wrong_type", "us-east-1", "cmk")
    fine = plane.seed(DATASET.resource, "fine", "us-east-1", "cmk")
    documents = plane.resources[DATASET.resource]["us-east-1"]
    documents[0]["datasetArn"] = wrong_account.arn.replace(account.account_id, "999999999999")
    documents[1]["datasetArn"] = wrong_type.arn.replace(":dataset/", ":memory/")

    _, findings = scan(provider, monkeypatch, DATASET.id, plane=plane)
    found = by_arn(findings)

    assert set(found) == {wrong_account.arn, wrong_type.arn, fine.arn}
    assert found[wrong_account.arn].status == "MANUAL"
    assert "has the account '999999999999', not '123456789012'" in found[wrong_account.arn].status_extended
    assert found[wrong_type.arn].status == "MANUAL"
    assert "has the resource type 'memory', not 'dataset'" in found[wrong_type.arn].status_extended
    assert found[fine.arn].status == "PASS"


def test_policy_engines_are_read_through_the_summary_operations_that_decrypt_nothing(account, provider, monkeypatch):
    plane = ControlPlane(account)
    with_key = plane.seed(POLICY_ENGINE.resource, "with_key", "us-east-1", "cmk")
    without = plane.seed(POLICY_ENGINE.resource, "without", "us-east-1", "none")

    _, findings = scan(provider, monkeypatch, POLICY_ENGINE.id, plane=plane)
    found = by_arn(findings)

    assert (found[with_key.arn].status, found[without.arn].status) == ("PASS", "FAIL")
    operations = {operation for operation, _ in plane.calls if "PolicyEngine" in operation}
    assert operations == {"ListPolicyEngineSummaries", "GetPolicyEngineSummary"}


def test_a_configuration_bundle_under_a_kms_key_is_judged_by_the_key_its_refusal_names(account, provider,
                                                                                        monkeypatch):
    plane = ControlPlane(account)
    cmk = plane.seed(CONFIGURATION_BUNDLE.resource, "cmk", "us-east-1", "cmk")
    managed = plane.seed(CONFIGURATION_BUNDLE.resource, "managed", "us-east-1", "aws-managed")
    owned = plane.seed(CONFIGURATION_BUNDLE.resource, "owned", "us-east-1", "none")
    unexplained = plane.seed(CONFIGURATION_BUNDLE.resource, "unexplained", "eu-west-1", "cmk")
    plane.errors[("GetConfigurationBundle", "eu-west-1")] = "AccessDeniedException"  # a refusal naming no key

    _, findings = scan(provider, monkeypatch, CONFIGURATION_BUNDLE.id, plane=plane)
    found = by_arn(findings)

    assert found[cmk.arn].status == "PASS"
    assert found[cmk.arn].status_extended == (
        f"Configuration bundle cmk is encrypted with the customer-managed key {cmk.key_arn} (learnt from "
        "GetConfigurationBundle's refusal: it decrypts the resource with the caller's kms:Decrypt on this key, "
        "which the scan is not granted)")
    assert found[managed.arn].status == "FAIL" and "AWS managed key" in found[managed.arn].status_extended
    assert found[owned.arn].status == "FAIL" and "has no kmsKeyArn" in found[owned.arn].status_extended
    assert found[unexplained.arn].status == "MANUAL"
    assert "could not be read (AccessDeniedException)" in found[unexplained.arn].status_extended


def test_built_in_evaluators_get_no_finding(account, provider, monkeypatch):
    plane = ControlPlane(account)
    own = plane.seed(EVALUATOR.resource, "own", "us-east-1", "none")
    plane.seed_builtin_evaluator("us-east-1")
    builtin_no_type = plane.seed_builtin_evaluator("eu-west-1", "Builtin.Helpfulness")
    builtin_no_type.pop("evaluatorType")  # the ARN without an account alone tells it too

    _, findings = scan(provider, monkeypatch, EVALUATOR.id, plane=plane)

    assert [(f.resource_arn, f.status) for f in findings] == [(own.arn, "FAIL")]
    assert ("GetEvaluator", "eu-west-1") not in plane.calls


def test_payment_credentials_alone_put_a_token_vault_in_use(account, provider, monkeypatch):
    identity = Identity(payments={"eu-west-1": ["card"]})

    _, findings = scan(provider, monkeypatch, TOKEN_VAULT.id, identity=identity)

    assert [(f.region, f.status) for f in findings] == [("eu-west-1", "FAIL")]
    assert ("ListPaymentCredentialProviders", "eu-west-1") in identity.calls


def test_keys_that_cannot_encrypt_and_keys_of_another_partition_fail(account, provider, hooks, monkeypatch):
    hmac = account.seed_memory("hmac", "us-east-1", "hmac")
    sign = account.seed_memory("sign_verify", "us-east-1", "sign-verify")
    gov = account.seed_memory("other_partition", "us-east-1", "other-partition")
    described = []
    hooks.add(provider, "before-call.kms.DescribeKey",
              lambda params, **_: described.append(json.loads(params["body"])["KeyId"]))

    _, findings = scan(provider, monkeypatch)
    found = by_arn(findings)

    assert found[hmac.arn].status == "FAIL"
    assert found[hmac.arn].status_extended == (
        f"Memory hmac names {hmac.key_arn}, a key of spec HMAC_256 for GENERATE_VERIFY_MAC: AgentCore encrypts only "
        "with symmetric encryption keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT), so it cannot be encrypted with this key")
    assert found[sign.arn].status == "FAIL" and "a key of spec RSA_2048 for SIGN_VERIFY" in \
        found[sign.arn].status_extended
    assert found[gov.arn].status == "FAIL"
    assert found[gov.arn].status_extended.startswith(
        f"Memory other_partition names {gov.key_arn} as its encryptionKeyArn, a key of the partition aws-us-gov, "
        "not the resource's partition aws")
    assert sorted(described) == sorted([hmac.key_arn, sign.key_arn])  # no KMS of another partition is asked


def test_every_key_state_the_service_cannot_use_says_the_data_cannot_be_read(account, provider, monkeypatch):
    states = {"disabled": "Disabled", "pending-deletion": "PendingDeletion", "pending-import": "PendingImport",
              "unavailable": "Unavailable", "pending-replica-deletion": "PendingReplicaDeletion",
              "creating": "Creating"}
    seeded = {state: account.seed_memory(kind.replace("-", "_"), "us-east-1", kind) for kind, state in states.items()}
    usable = account.seed_memory("usable", "us-east-1", "cmk")

    _, findings = scan(provider, monkeypatch)
    found = by_arn(findings)

    for state, memory in seeded.items():
        assert found[memory.arn].status == "PASS"
        assert f"which is {state}" in found[memory.arn].status_extended
        assert found[memory.arn].status_extended.endswith(
            "its data cannot be read until the key is usable again"), found[memory.arn].status_extended
    assert found[usable.arn].status_extended == f"Memory usable is encrypted with the customer-managed key {usable.key_arn}"


def test_a_volume_encrypted_without_a_key_is_judged_by_the_regions_default_ebs_key(account, provider, monkeypatch):
    plane = ControlPlane(account)
    customer_default = plane.seed_capacity_provider("customer_default", "us-east-1", root="default")
    managed_default = plane.seed_capacity_provider("managed_default", "eu-west-1", root="default")
    default_key = account.make_key("ebs_default", "us-east-1", "cmk")
    plane.ebs_default_keys["us-east-1"] = default_key

    _, findings = scan(provider, monkeypatch, CAPACITY_PROVIDER.id, plane=plane)
    found = by_arn(findings)

    assert found[customer_default.arn].status == "PASS"
    assert found[customer_default.arn].status_extended == (
        "Capacity provider customer_default's root volume is encrypted without a kmsKeyId: EBS uses the account's "
        f"default EBS key ({default_key}). It is encrypted with the customer-managed key {default_key}")
    assert found[managed_default.arn].status == "FAIL"
    assert found[managed_default.arn].status_extended == (
        "Capacity provider managed_default's root volume is encrypted without a kmsKeyId: EBS uses the account's "
        "default EBS key, the AWS managed key alias/aws/ebs, which the customer cannot control")
    assert sorted(call for call in plane.calls if call[0] == "GetEbsDefaultKmsKeyId") == [
        ("GetEbsDefaultKmsKeyId", "eu-west-1"), ("GetEbsDefaultKmsKeyId", "us-east-1")]


def test_an_unreadable_default_ebs_key_is_manual(account, provider, monkeypatch):
    plane = ControlPlane(account)
    fleet = plane.seed_capacity_provider("fleet", "us-east-1", root="default")
    plane.errors[("GetEbsDefaultKmsKeyId", "us-east-1")] = "UnauthorizedOperation"

    (finding,) = scan(provider, monkeypatch, CAPACITY_PROVIDER.id, plane=plane)[1]

    assert finding.resource_arn == fleet.arn and finding.status == "MANUAL"
    assert finding.status_extended == (
        "Capacity provider fleet's root volume is encrypted without a kmsKeyId: EBS uses the account's default EBS "
        "key, which could not be read (UnauthorizedOperation): whether it is customer-managed was not verified")


def test_the_finding_names_the_resource_by_its_name(account, provider, monkeypatch):
    memory = account.seed_memory("orders_memory", "us-east-1", "none")
    gateway = account.seed_gateway("orders-gateway", "us-east-1", "none")

    _, findings = scan(provider, monkeypatch)
    gateways = run_check(GATEWAY.id)

    assert [(f.resource_id, f.resource_arn) for f in findings] == [("orders_memory", memory.arn)]
    assert [(f.resource_id, f.resource_arn) for f in gateways] == [("orders-gateway", gateway.arn)]


def test_a_key_field_that_is_not_text_is_shown_as_the_api_sent_it(account, provider, monkeypatch):
    plane = ControlPlane(account)
    odd = plane.seed(DATASET.resource, "odd", "us-east-1", key_arn={"keyId": "k-1"})

    (finding,) = scan(provider, monkeypatch, DATASET.id, plane=plane)[1]

    assert finding.resource_arn == odd.arn and finding.status == "FAIL"
    assert finding.status_extended == ("Dataset odd names '{\"keyId\": \"k-1\"}' as its kmsKeyArn, which is not a KMS "
                                       "key ARN or alias: it is not a customer-managed key")


def test_a_read_that_raises_makes_its_resource_manual_never_keyless(account, provider, monkeypatch):
    # Prowler's thread pool drops a task's exception silently: without the guard the dataset would FAIL as keyless.
    from agentcore_cmk_prowler.services.bedrockagentcore_service import BedrockAgentCore

    plane = ControlPlane(account)
    broken = plane.seed(DATASET.resource, "broken", "us-east-1", "cmk")
    fine = plane.seed(DATASET.resource, "fine", "us-east-1", "cmk")
    real_read = BedrockAgentCore._read_kind

    def read(service, resource):
        if resource.arn == broken.arn:
            raise RuntimeError("an answer this code did not expect")
        return real_read(service, resource)

    monkeypatch.setattr(BedrockAgentCore, "_read_kind", read)

    found = by_arn(scan(provider, monkeypatch, DATASET.id, plane=plane)[1])

    assert found[broken.arn].status == "MANUAL"
    assert found[broken.arn].status_extended == (
        "Dataset broken could not be read (its answer could not be used (RuntimeError: an answer this code did not "
        "expect)); its encryption key is unknown")
    assert found[fine.arn].status == "PASS"


def test_malformed_volume_settings_cost_no_finding():
    from agentcore_cmk.live_kinds import Volume, ebs_volumes

    assert ebs_volumes({"ec2Configuration": {"rootVolume": "odd", "volumes": "odd", "launchTemplateSource": [1]}}) \
        == [Volume("root volume")]
    assert ebs_volumes({"ec2Configuration": {"volumes": ["odd", None]}}) == [
        Volume("root volume"), Volume("volume 1"), Volume("volume 2")]
