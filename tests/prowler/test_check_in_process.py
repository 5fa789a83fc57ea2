"""The installed service and check on a real Prowler AwsProvider over moto, in this process."""

import json

import pytest

from agentcore_cmk import FINDING
from prowler_helpers import REPO, ControlPlane, Identity, by_arn, error_response, make_provider, scan


def test_every_key_kind_in_two_regions(account, provider, monkeypatch):
    cmk = account.seed_memory("orders_cmk", "us-east-1", "cmk", tags={"team": "payments"})
    none = account.seed_memory("chat_default", "us-east-1", "none")
    aws = account.seed_memory("hr_aws_managed", "eu-west-1", "aws-managed")
    disabled = account.seed_memory("old_disabled", "eu-west-1", "disabled")
    pending = account.seed_memory("old_pending", "us-east-1", "pending-deletion")
    foreign = account.seed_memory("shared_foreign", "eu-west-1", "other-account")

    service, findings = scan(provider, monkeypatch)
    found = by_arn(findings)

    assert set(found) == {m.arn for m in (cmk, none, aws, disabled, pending, foreign)}
    for memory in (cmk, none, aws, disabled, pending, foreign):
        finding = found[memory.arn]
        assert (finding.resource_id, finding.region) == (memory.name, memory.region)
        assert finding.check_metadata.CheckID == FINDING.id
        assert finding.check_metadata.Severity == FINDING.severity

    assert found[cmk.arn].status == "PASS"
    assert cmk.key_arn in found[cmk.arn].status_extended
    assert "customer-managed" in found[cmk.arn].status_extended
    assert found[cmk.arn].resource_tags == [{"Key": "team", "Value": "payments"}]

    assert found[none.arn].status == "FAIL"
    assert "no encryptionKeyArn" in found[none.arn].status_extended

    assert found[aws.arn].status == "FAIL"
    assert "AWS managed key" in found[aws.arn].status_extended and aws.key_arn in found[aws.arn].status_extended

    for memory, state in ((disabled, "Disabled"), (pending, "PendingDeletion")):
        assert found[memory.arn].status == "PASS"
        assert memory.key_arn in found[memory.arn].status_extended
        assert state in found[memory.arn].status_extended
        assert "cannot be read" in found[memory.arn].status_extended

    # AWS managed keys cannot be used across accounts: no DescribeKey answer is needed to pass it.
    assert found[foreign.arn].status == "PASS"
    assert foreign.key_arn in found[foreign.arn].status_extended
    assert "a key of account 111122223333" in found[foreign.arn].status_extended
    assert service.keys[foreign.key_arn].error == "NotFoundException"


def test_a_memory_outside_the_audited_regions_is_not_reported(account, provider, monkeypatch):
    inside = account.seed_memory("inside", "us-east-1", "none")
    account.seed_memory("outside", "us-west-2", "none")

    service, findings = scan(provider, monkeypatch)

    assert set(service.regional_clients) == {"us-east-1", "eu-west-1"}
    assert [f.resource_arn for f in findings] == [inside.arn]


def test_excluded_and_disabled_regions_are_not_scanned(account, monkeypatch):
    for region in ("us-east-1", "eu-west-1", "us-west-2"):
        account.seed_memory(f"in_{region.replace('-', '_')}", region, "none")
    provider = make_provider(regions=set(), excluded_regions={"eu-west-1"})
    # us-west-2 not opted in: Prowler learns the enabled regions from EC2 DescribeRegions.
    monkeypatch.setattr(provider, "_enabled_regions", provider._enabled_regions - {"us-west-2"})

    service, findings = scan(provider, monkeypatch)

    assert "eu-west-1" not in service.regional_clients and "us-west-2" not in service.regional_clients
    assert "us-east-1" in service.regional_clients
    # (moto lacks AgentCore in some newer regions: those are MANUAL "could not be listed" findings here)
    assert {f.region for f in findings if f.status != "MANUAL"} == {"us-east-1"}
    assert not {"eu-west-1", "us-west-2"} & {f.region for f in findings}


def test_regions_listed_under_the_control_plane_name_are_scanned_too(account, monkeypatch):
    from prowler.providers.aws import aws_provider

    real = aws_provider.read_aws_regions_file()
    patched = json.loads(json.dumps(real))
    patched["services"]["bedrock-agentcore"]["regions"]["aws"] = ["us-east-1"]
    patched["services"]["bedrock-agentcore-control"] = {"regions": {"aws": ["eu-west-1"]}}
    monkeypatch.setattr(aws_provider, "read_aws_regions_file", lambda: patched)
    memory = account.seed_memory("listed_by_new_name", "eu-west-1", "none")

    service, findings = scan(make_provider(), monkeypatch)

    assert set(service.regional_clients) == {"us-east-1", "eu-west-1"}
    assert [f.resource_arn for f in findings] == [memory.arn]


def test_all_pages_of_list_memories_are_read(account, provider, hooks, monkeypatch):
    # moto returns every memory at once: split its real answer into two pages.
    seeded = [account.seed_memory(f"paged_{n}", "us-east-1", "none") for n in range(3)]
    calls, page_sizes = [], set()

    def paginate(params, parsed, **_):
        calls.append(params.get("nextToken"))
        page_sizes.add(params.get("maxResults"))
        if params.get("nextToken") is None:
            parsed["memories"], parsed["nextToken"] = parsed["memories"][:1], "page-2"
        else:
            parsed["memories"] = parsed["memories"][1:]

    def keep_params(params, context, **_):
        context["params"] = dict(params)

    hooks.add(provider, "before-parameter-build.bedrock-agentcore-control.ListMemories", keep_params)
    hooks.add(provider, "after-call.bedrock-agentcore-control.ListMemories",
              lambda parsed, context, **kw: paginate(context["params"], parsed))

    _, findings = scan(provider, monkeypatch)

    assert calls.count(None) == 2 and calls.count("page-2") == 2  # two regions, two pages each
    assert page_sizes == {50}  # the largest page the API reference documents: the fewest calls
    assert {f.resource_arn for f in findings} == {m.arn for m in seeded}


@pytest.mark.parametrize("code,status", [("AccessDeniedException", 403), ("ThrottledException", 429)])
def test_an_unreadable_memory_is_manual(account, provider, hooks, monkeypatch, code, status):
    unreadable = account.seed_memory("unreadable", "us-east-1", "cmk")
    readable = account.seed_memory("readable", "us-east-1", "none")
    attempts = []

    def fail_get(request, **_):
        if unreadable.id in request.url:
            attempts.append(request.url)
            return error_response(request, code, status)
        return None

    hooks.add(provider, "before-send.bedrock-agentcore-control.GetMemory", fail_get)

    _, findings = scan(provider, monkeypatch)
    found = by_arn(findings)

    assert found[unreadable.arn].status == "MANUAL"
    assert code in found[unreadable.arn].status_extended
    assert found[readable.arn].status == "FAIL"
    if code == "ThrottledException":
        assert len(attempts) > 1, "botocore retries throttling before the memory is reported"


def test_a_memory_deleted_between_list_and_get_is_skipped(account, provider, hooks, monkeypatch):
    gone = account.seed_memory("gone", "us-east-1", "cmk")
    kept = account.seed_memory("kept", "us-east-1", "cmk")

    def delete_first(request, **_):
        if gone.id in request.url:
            account.client("bedrock-agentcore-control", "us-east-1").delete_memory(memoryId=gone.id)
        return None

    hooks.add(provider, "before-send.bedrock-agentcore-control.GetMemory", delete_first)

    service, findings = scan(provider, monkeypatch)

    assert [f.resource_arn for f in findings] == [kept.arn]
    assert gone.arn not in service.memories


def test_a_region_whose_listing_fails_is_logged_and_the_others_reported(account, provider, hooks, monkeypatch, caplog):
    account.seed_memory("hidden", "eu-west-1", "none")
    shown = account.seed_memory("shown", "us-east-1", "none")

    def deny_eu(request, **_):
        if "eu-west-1" in request.url:
            return error_response(request, "AccessDeniedException", 403)
        return None

    hooks.add(provider, "before-send.bedrock-agentcore-control.ListMemories", deny_eu)

    _, findings = scan(provider, monkeypatch)
    found = by_arn(findings)

    assert set(found) == {shown.arn, f"arn:aws:bedrock-agentcore:eu-west-1:{account.account_id}:memory/*"}
    assert found[shown.arn].status == "FAIL"
    gap = found[f"arn:aws:bedrock-agentcore:eu-west-1:{account.account_id}:memory/*"]
    assert gap.status == "MANUAL" and gap.region == "eu-west-1"
    assert gap.status_extended == ("The memories of eu-west-1 could not all be listed (AccessDeniedException): "
                                   "the missing ones were not checked")
    assert any("eu-west-1" in r.getMessage() and "AccessDenied" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("code", ["AccessDeniedException", "NotFoundException"])
def test_a_same_account_key_that_cannot_be_described_is_manual(account, provider, hooks, monkeypatch, code):
    memory = account.seed_memory("undescribable", "us-east-1", "aws-managed")
    hooks.add(provider, "before-send.kms.DescribeKey", lambda request, **_: error_response(request, code, 400))

    _, findings = scan(provider, monkeypatch)

    (finding,) = findings
    assert finding.status == "MANUAL"
    assert memory.key_arn in finding.status_extended
    assert f"could not be described ({code})" in finding.status_extended


def test_each_distinct_key_is_described_once_in_its_own_region(account, provider, hooks, monkeypatch):
    shared = account.seed_memory("first", "us-east-1", "cmk")
    same_key = account.client("bedrock-agentcore-control", "eu-west-1").create_memory(
        name="second", eventExpiryDuration=30, encryptionKeyArn=shared.key_arn)["memory"]
    other = account.seed_memory("third", "eu-west-1", "cmk")
    described = []
    hooks.add(provider, "before-call.kms.DescribeKey",
              lambda params, request_signer, **_: described.append(
                  (json.loads(params["body"])["KeyId"], request_signer.region_name)))

    _, findings = scan(provider, monkeypatch)

    assert sorted(described) == sorted([(shared.key_arn, "us-east-1"), (other.key_arn, "eu-west-1")])
    assert {f.resource_arn: f.status for f in findings} == {shared.arn: "PASS", same_key["arn"]: "PASS", other.arn: "PASS"}


def test_tags_let_a_mutelist_mute_the_finding(account, provider, monkeypatch):
    from prowler.providers.aws.lib.mutelist.mutelist import AWSMutelist

    muted = account.seed_memory("sandbox", "us-east-1", "none", tags={"environment": "sandbox"})
    kept = account.seed_memory("production", "us-east-1", "none", tags={"environment": "prod"})
    mutelist = AWSMutelist(mutelist_content={"Accounts": {"*": {"Checks": {FINDING.id: {
        "Regions": ["*"], "Resources": ["*"], "Tags": ["environment=sandbox"]}}}}})

    _, findings = scan(provider, monkeypatch)
    found = by_arn(findings)

    assert mutelist.is_finding_muted(found[muted.arn], account.account_id)
    assert not mutelist.is_finding_muted(found[kept.arn], account.account_id)


def test_the_scan_only_reads_and_the_iam_policy_names_exactly_its_actions(account, provider, hooks, monkeypatch):
    account.seed_memory("with_cmk", "us-east-1", "cmk", tags={"a": "b"})
    account.seed_memory("without", "eu-west-1", "none")
    account.seed_gateway("gateway", "us-east-1", "cmk")
    operations = set()

    def record(model, **_):
        operations.add((model.service_model.service_name, model.name))

    hooks.add(provider, "before-parameter-build", record)
    plane = ControlPlane(account)  # one of every kind moto lacks, each without its key in the list: all read
    for kind in ("policy engine", "evaluator", "dataset", "configuration bundle", "payment manager"):
        plane.seed(kind, "every", "us-east-1", "none")
    plane.seed_insight_store("us-east-1", "cmk")
    plane.seed_capacity_provider("every", "us-east-1", volumes={"data": "default"})  # the region's default EBS key
    plane.seed_harness("every", "us-east-1")
    plane.resources["agent insight store"]["us-east-1"][0].pop("encryptionConfiguration")

    # only payment credentials: every credential provider listing is asked before the vault is read
    scan(provider, monkeypatch, identity=Identity(payments={"us-east-1": ["card"]}), plane=plane)

    assert operations, "the recorder saw the scan"
    assert all(name.startswith(("List", "Get", "Describe")) for _, name in operations), operations
    iam_prefix = {"bedrock-agentcore-control": "bedrock-agentcore", "kms": "kms", "ec2": "ec2"}
    used = {f"{iam_prefix[service]}:{name}" for service, name in operations}
    policy = json.loads((REPO / "docs/iam-policy.json").read_text())
    allowed = {action for statement in policy["Statement"] for action in _as_list(statement["Action"])}
    assert used == allowed
    assert {s["Effect"] for s in policy["Statement"]} == {"Allow"}


def test_the_kind_rows_declare_exactly_the_actions_the_iam_policy_allows():
    from agentcore_cmk_prowler.services.bedrockagentcore_kinds import iam_actions

    policy = json.loads((REPO / "docs/iam-policy.json").read_text())
    allowed = {action for statement in policy["Statement"] for action in _as_list(statement["Action"])}
    assert iam_actions() == allowed
    assert not {"bedrock-agentcore:ListPolicyEngines", "bedrock-agentcore:GetPolicyEngine", "kms:Decrypt"} & allowed


def _as_list(value):
    return value if isinstance(value, list) else [value]


def test_resource_arn_and_tag_filters_limit_the_memories(account, provider, monkeypatch):
    # --resource-arn and --resource-tag both reach the service as the provider's audit_resources.
    wanted = account.seed_memory("wanted", "us-east-1", "none")
    account.seed_memory("unwanted", "eu-west-1", "none")
    monkeypatch.setattr(provider, "_audit_resources", [wanted.arn])

    _, findings = scan(provider, monkeypatch)

    assert [f.resource_arn for f in findings] == [wanted.arn]
