"""The seven kinds moto lacks and harnesses' managed memories, on the installed service in this process: moto
serves KMS and memories, ``ControlPlane`` (examples/mock_control_plane.py) answers the rest as the API would."""

import json
import logging

import pytest

from agentcore_cmk import (
    AGENT_INSIGHT_STORE, CAPACITY_PROVIDER, CONFIGURATION_BUNDLE, DATASET, EVALUATOR, MEMORY, PAYMENT_MANAGER,
    POLICY_ENGINE,
)
from prowler_helpers import ControlPlane, by_arn, make_provider, run_check, scan

KEY_ARN_KINDS = {POLICY_ENGINE: "encryptionKeyArn", EVALUATOR: "kmsKeyArn", DATASET: "kmsKeyArn",
                 CONFIGURATION_BUNDLE: "kmsKeyArn", PAYMENT_MANAGER: "kmsKeyArn"}
#: The kinds whose List summary carries the key (botocore 1.44.8): a Get only confirms an absent one.
KEY_IN_SUMMARY = {POLICY_ENGINE, EVALUATOR, PAYMENT_MANAGER}


@pytest.mark.parametrize("finding", KEY_ARN_KINDS, ids=lambda finding: finding.resource)
def test_every_key_kind_of_a_kind_named_by_its_key_arn(finding, account, provider, monkeypatch):
    plane = ControlPlane(account)
    label = finding.resource.capitalize()
    seeded = {key: plane.seed(finding.resource, f"r_{key.replace('-', '_')}", region, key, tags={"team": key})
              for key, region in (("cmk", "us-east-1"), ("none", "us-east-1"), ("aws-managed", "eu-west-1"),
                                  ("pending-deletion", "eu-west-1"), ("other-account", "us-east-1"))}

    _, findings = scan(provider, monkeypatch, finding.id, plane=plane)
    found = by_arn(findings)

    assert set(found) == {resource.arn for resource in seeded.values()}
    for key, resource in seeded.items():
        result = found[resource.arn]
        assert (result.resource_id, result.region) == (resource.name, resource.region)
        assert result.check_metadata.CheckID == finding.id and result.check_metadata.Severity == finding.severity
        assert result.status_extended.startswith(f"{label} {resource.name} ")
        # Only the Get responses of datasets and payment managers carry tags; the others are read without them.
        tagged = finding in (DATASET, PAYMENT_MANAGER) and (key == "none" or finding.resource == "dataset")
        assert result.resource_tags == ([{"Key": "team", "Value": key}] if tagged else [])
    assert found[seeded["cmk"].arn].status == "PASS"
    assert found[seeded["none"].arn].status == "FAIL"
    assert f"has no {KEY_ARN_KINDS[finding]}" in found[seeded["none"].arn].status_extended
    assert found[seeded["aws-managed"].arn].status == "FAIL"
    assert "AWS managed key" in found[seeded["aws-managed"].arn].status_extended
    assert found[seeded["pending-deletion"].arn].status == "PASS"
    assert "PendingDeletion" in found[seeded["pending-deletion"].arn].status_extended
    assert found[seeded["other-account"].arn].status == "PASS"


def test_the_fewest_calls_list_pages_one_read_where_needed_one_describe_per_key(account, provider, hooks,
                                                                               monkeypatch):
    plane = ControlPlane(account)
    shared = plane.seed(POLICY_ENGINE.resource, "first", "us-east-1", "cmk")
    for kind in KEY_ARN_KINDS:
        for index in range(3):
            plane.seed(kind.resource, f"with_key_{index}", "us-east-1", "cmk")
        plane.seed(kind.resource, "without_key", "us-east-1", "none")
    for kind in KEY_ARN_KINDS:  # 101 of a kind: two pages of 100
        plane.resources[kind.resource]["eu-west-1"] = []
    for index in range(101):
        plane.seed(EVALUATOR.resource, f"many_{index}", "eu-west-1", "none")
    found = plane.resources[POLICY_ENGINE.resource]["us-east-1"]
    found[1]["encryptionKeyArn"] = shared.key_arn  # a key two resources share
    described = []
    hooks.add(provider, "before-call.kms.DescribeKey",
              lambda params, **_: described.append(json.loads(params["body"])["KeyId"]))

    scan(provider, monkeypatch, POLICY_ENGINE.id, plane=plane)

    calls = {}
    for operation, region in plane.calls:
        calls[operation, region] = calls.get((operation, region), 0) + 1
    assert calls[("ListEvaluators", "eu-west-1")] == 2
    assert calls[("GetEvaluator", "eu-west-1")] == 101  # none of them has a key to read from the list
    for kind in KEY_ARN_KINDS:
        api = plane_api(kind)
        assert calls[(api.list, "us-east-1")] == 1
        # with the key in the summary only the one without a key is read, to confirm it; otherwise every one
        assert calls[(api.get, "us-east-1")] == (1 if kind in KEY_IN_SUMMARY else 4)
    keys = {document[KEY_ARN_KINDS[kind]] for kind in KEY_ARN_KINDS
            for document in plane.resources[kind.resource]["us-east-1"] if KEY_ARN_KINDS[kind] in document}
    assert len(keys) == 5 * 3  # three keys per kind and the first one, which the next one shares
    assert sorted(described) == sorted(keys)  # each distinct key once


def plane_api(finding):
    from mock_control_plane import APIS

    return APIS[finding.resource]


def test_agent_insight_stores_by_mode_a_disabled_one_only_when_unused_services_are_scanned(account, monkeypatch):
    plane = ControlPlane(account)
    owned = plane.seed_insight_store("us-east-1", key="none")
    customer = plane.seed_insight_store("eu-west-1", key="aws-managed")

    _, findings = scan(make_provider(), monkeypatch, AGENT_INSIGHT_STORE.id, plane=plane)
    found = by_arn(findings)

    assert found[owned.arn].status == "FAIL" and found[owned.arn].status_extended == (
        "Agent insight store default in us-east-1 has encryption mode AWS_OWNED_KMS_KEY: its data is encrypted "
        "with an AWS owned key, which the customer cannot control")
    assert found[customer.arn].status == "FAIL" and "AWS managed key" in found[customer.arn].status_extended

    plane.resources[AGENT_INSIGHT_STORE.resource].clear()
    disabled = plane.seed_insight_store("us-east-1", key="cmk", enabled=False)
    assert scan(make_provider(), monkeypatch, AGENT_INSIGHT_STORE.id, plane=plane)[1] == []
    (reported,) = scan(make_provider(scan_unused_services=True), monkeypatch, AGENT_INSIGHT_STORE.id, plane=plane)[1]
    assert reported.resource_arn == disabled.arn and reported.status == "PASS"


def test_an_insight_store_in_customer_mode_without_a_key_is_never_compliant(account, provider, monkeypatch):
    plane = ControlPlane(account)
    store = plane.seed_insight_store("us-east-1", key="cmk")
    del plane.resources[AGENT_INSIGHT_STORE.resource]["us-east-1"][0]["encryptionConfiguration"]["kmsKeyArn"]

    (finding,) = scan(provider, monkeypatch, AGENT_INSIGHT_STORE.id, plane=plane)[1]

    assert finding.resource_arn == store.arn and finding.status == "MANUAL"
    assert "CUSTOMER_MANAGED_KMS but no kmsKeyArn" in finding.status_extended


def test_capacity_provider_volumes_each_judged_and_named(account, provider, monkeypatch):
    plane = ControlPlane(account)
    good = plane.seed_capacity_provider("good", "us-east-1", root="cmk", volumes={"data": "cmk"},
                                        ephemeral={"/dev/sdb": "cmk"}, instance_store=("/dev/sdc",))
    default_key = plane.seed_capacity_provider("default_key", "us-east-1", root="default", volumes={"data": "cmk"})
    mixed = plane.seed_capacity_provider("mixed", "eu-west-1", root="cmk", volumes={"logs": "none"},
                                         ephemeral={"/dev/sdb": "aws-managed"})
    no_root = plane.seed_capacity_provider("no_root", "eu-west-1", root=None)
    by_id = plane.seed_capacity_provider("by_id", "us-east-1", root="cmk")
    root = plane.resources[CAPACITY_PROVIDER.resource]["us-east-1"][-1]["computeConfiguration"]["ec2Configuration"]
    key_id = root["rootVolume"]["kmsKeyId"].rsplit("/", 1)[-1]
    root["rootVolume"]["kmsKeyId"] = key_id  # a bare key ID, as EC2 accepts it
    aliased = plane.seed_capacity_provider("aliased", "us-east-1", root="cmk")
    plane.resources[CAPACITY_PROVIDER.resource]["us-east-1"][-1]["computeConfiguration"]["ec2Configuration"][
        "rootVolume"]["kmsKeyId"] = "alias/aws/ebs"

    _, findings = scan(provider, monkeypatch, CAPACITY_PROVIDER.id, plane=plane)
    found = by_arn(findings)

    assert found[good.arn].status == "PASS"
    for volume in ("root volume", "volume data", "ephemeral volume /dev/sdb"):
        assert f"Capacity provider good's {volume} is encrypted with the customer-managed key" in \
            found[good.arn].status_extended
    assert "/dev/sdc" not in found[good.arn].status_extended  # instance store: no key to judge
    assert found[default_key.arn].status == "FAIL"
    assert found[default_key.arn].status_extended.startswith(
        "Capacity provider default_key's root volume is encrypted without a kmsKeyId")
    assert "volume data" not in found[default_key.arn].status_extended  # a FAIL names the failing volumes
    assert found[mixed.arn].status == "FAIL"
    assert "mixed's volume logs has no kmsKeyId and encrypted is False" in found[mixed.arn].status_extended
    assert "mixed's ephemeral volume /dev/sdb is encrypted with the AWS managed key" in found[mixed.arn].status_extended
    assert found[no_root.arn].status == "FAIL" and "no_root's root volume has no kmsKeyId" in \
        found[no_root.arn].status_extended
    assert found[by_id.arn].status == "PASS"
    assert f"arn:aws:kms:us-east-1:{account.account_id}:key/{key_id}" in found[by_id.arn].status_extended
    assert found[aliased.arn].status == "FAIL"
    assert "the AWS managed key alias/aws/ebs" in found[aliased.arn].status_extended


def test_a_harness_managed_memory_is_judged_once_listed_or_not(account, provider, monkeypatch):
    plane = ControlPlane(account)
    listed = plane.seed_harness("listed", "us-east-1", memory="managed", key="none", listed=True)
    unlisted = plane.seed_harness("unlisted", "eu-west-1", memory="managed", key="aws-managed", listed=False)
    plane.seed_harness("existing", "us-east-1", memory="existing", key="cmk")
    plane.seed_harness("disabled", "us-east-1", memory="disabled")

    _, findings = scan(provider, monkeypatch, MEMORY.id, plane=plane)
    found = by_arn(findings)  # asserts one finding per memory

    assert len(found) == 3  # listed's memory, existing's memory (both in ListMemories) and unlisted's memory
    assert found[listed.tags["memory"]].status == "FAIL"
    assert found[listed.tags["memory"]].status_extended.startswith("Memory listed_memory has no encryptionKeyArn")
    hidden = found[unlisted.tags["memory"]]
    assert hidden.status == "FAIL" and hidden.region == "eu-west-1"
    assert hidden.status_extended.startswith("Memory unlisted_memory-unlisted (managed by harness unlisted) is "
                                             "encrypted with the AWS managed key")


def test_an_unreadable_harness_is_a_memory_gap_that_says_what_was_still_checked(account, provider, monkeypatch):
    plane = ControlPlane(account)
    plane.seed_harness("secret", "us-east-1", memory="managed", key="cmk", listed=False)
    plane.errors[("GetHarness", "us-east-1")] = "AccessDeniedException"

    (gap,) = scan(provider, monkeypatch, MEMORY.id, plane=plane)[1]

    assert gap.status == "MANUAL" and gap.resource_arn.endswith(":memory/*")
    assert gap.status_extended == ("Harness secret in us-east-1 could not be read (AccessDeniedException): a "
                                   "memory it manages was checked only if ListMemories listed it")


def test_a_kind_a_region_does_not_offer_gives_no_finding_and_one_log_line(account, provider, monkeypatch, caplog):
    plane = ControlPlane(account)
    kept = plane.seed(PAYMENT_MANAGER.resource, "kept", "us-east-1", "cmk")
    plane.seed(DATASET.resource, "denied", "eu-west-1", "cmk")
    for region in ("eu-west-1", "us-east-1"):
        plane.errors[("ListPolicyEngineSummaries", region)] = "UnknownOperationException"
    plane.errors[("ListPaymentManagers", "eu-west-1")] = "UnknownOperationException"
    plane.errors[("ListDatasets", "eu-west-1")] = "AccessDeniedException"

    with caplog.at_level(logging.WARNING):
        _, engines = scan(provider, monkeypatch, POLICY_ENGINE.id, plane=plane)
    managers, datasets = run_check(PAYMENT_MANAGER.id), run_check(DATASET.id)

    assert engines == []
    assert [f.resource_arn for f in managers] == [kept.arn]
    (gap,) = datasets  # a refusal is not an absence: MANUAL
    assert gap.status == "MANUAL" and "The datasets of eu-west-1 could not all be listed (AccessDeniedException)" \
        in gap.status_extended
    lines = [r.getMessage() for r in caplog.records if "is not offered in" in r.getMessage()]
    assert lines == [
        "The AgentCore payment managers API is not offered in eu-west-1 (UnknownOperationException): no payment "
        "manager findings there",
        "The AgentCore policy engines API is not offered in eu-west-1 (UnknownOperationException), us-east-1 "
        "(UnknownOperationException): no policy engine findings there",
    ]


def test_an_unreadable_resource_is_manual_a_deleted_one_dropped(account, provider, monkeypatch):
    plane = ControlPlane(account)
    denied = plane.seed(DATASET.resource, "denied", "us-east-1", "cmk")
    gone = plane.seed(DATASET.resource, "gone", "eu-west-1", "cmk")
    plane.errors[("GetDataset", "us-east-1")] = "AccessDeniedException"
    plane.resources[DATASET.resource]["eu-west-1"][0]["status"] = "DELETING"

    (finding,) = scan(provider, monkeypatch, DATASET.id, plane=plane)[1]

    assert finding.resource_arn == denied.arn and finding.status == "MANUAL"
    assert finding.status_extended == ("Dataset denied could not be read (AccessDeniedException); its encryption "
                                       "key is unknown")
    assert gone.arn != finding.resource_arn


def test_the_plugin_client_loads_the_packaged_model_and_prowlers_clients_keep_botocores(provider, hooks):
    from agentcore_cmk_prowler.services.bedrockagentcore_sdk import (
        control_plane_session, missing_operations, packaged_operations,
    )

    seen = []
    hooks.add(provider, "before-call.bedrock-agentcore-control.ListPolicyEngineSummaries",
              lambda model, params, **_: seen.append(params["url"]) or (_ok(params), {"policyEngines": ["answered"]}))
    own = control_plane_session(provider.session.current_session)
    plugin_client = own.client("bedrock-agentcore-control", region_name="us-east-1")
    prowler_client = provider.session.current_session.client("bedrock-agentcore-control", region_name="us-east-1")

    modelled = set(plugin_client.meta.service_model.operation_names)
    assert packaged_operations() <= modelled and "GetPolicyEngineSummary" in packaged_operations()
    if missing_operations(provider.session.current_session):  # Prowler's pinned botocore lacks them
        assert own is not provider.session.current_session
        assert "GetPolicyEngineSummary" not in prowler_client.meta.service_model.operation_names
        assert modelled == set(packaged_operations())
        # hooks registered on the scan's session reach the plug-in's client; so do the scan's credentials
        assert plugin_client.list_policy_engine_summaries()["policyEngines"] == ["answered"] and len(seen) == 1
        assert own.get_credentials().access_key == provider.session.current_session.get_credentials().access_key
    # a botocore that models every operation: its own model, the same session
    assert control_plane_session(own) is own


def _ok(params):
    from botocore.awsrequest import AWSResponse

    from prowler_helpers import StreamingBody

    return AWSResponse(params["url"], 200, {}, StreamingBody(b"{}"))


def test_a_region_whose_harnesses_cannot_be_listed_is_a_memory_gap(account, provider, monkeypatch):
    plane = ControlPlane(account)
    plane.seed_harness("unlisted", "eu-west-1", memory="managed", key="cmk", listed=False)
    plane.errors[("ListHarnesses", "eu-west-1")] = "AccessDeniedException"

    (gap,) = scan(provider, monkeypatch, MEMORY.id, plane=plane)[1]

    assert gap.status == "MANUAL" and gap.resource_arn.endswith(":eu-west-1:123456789012:harness/*")
    assert "The harnesses of eu-west-1 could not all be listed (AccessDeniedException)" in gap.status_extended


def test_a_resource_arn_filter_reaches_a_harness_managed_memory(account, provider, monkeypatch):
    plane = ControlPlane(account)
    wanted = plane.seed_harness("wanted", "us-east-1", memory="managed", key="none", listed=False)
    plane.seed_harness("other", "us-east-1", memory="managed", key="none", listed=False)
    monkeypatch.setattr(provider, "_audit_resources", [wanted.tags["memory"]])  # as --resource-arn sets it

    findings = scan(provider, monkeypatch, MEMORY.id, plane=plane)[1]

    assert [finding.resource_arn for finding in findings] == [wanted.tags["memory"]]
