"""The gateway and token-vault checks on the installed service over moto in this process: gateways are moto's,
AgentCore Identity (credential providers, token vault), which moto lacks, is answered by ``Identity``."""

import json

import pytest

from agentcore_cmk import GATEWAY, MEMORY, TOKEN_VAULT
from prowler_helpers import Identity, by_arn, error_response, make_provider, run_check, scan


def _vault_arn(account, region):
    return f"arn:aws:bedrock-agentcore:{region}:{account.account_id}:token-vault/default"


# --- gateways -----------------------------------------------------------------------------------------


def test_every_gateway_key_kind(account, provider, monkeypatch):
    seeded = {kind: account.seed_gateway(f"gw-{kind}", region, kind, tags={"team": kind})
              for kind, region in (("cmk", "us-east-1"), ("none", "us-east-1"), ("aws-managed", "eu-west-1"),
                                   ("disabled", "eu-west-1"), ("other-account", "us-east-1"))}

    _, findings = scan(provider, monkeypatch, GATEWAY.id)
    found = by_arn(findings)

    assert set(found) == {gateway.arn for gateway in seeded.values()}
    for kind, gateway in seeded.items():
        finding = found[gateway.arn]
        assert (finding.resource_id, finding.region) == (gateway.name, gateway.region)
        assert finding.check_metadata.CheckID == GATEWAY.id and finding.check_metadata.Severity == "medium"
        assert finding.resource_tags == [{"Key": "team", "Value": kind}]
        assert finding.status_extended.startswith(f"Gateway gw-{kind} ")
    assert found[seeded["cmk"].arn].status == "PASS"
    assert found[seeded["none"].arn].status == "FAIL"
    assert "has no kmsKeyArn" in found[seeded["none"].arn].status_extended
    assert found[seeded["aws-managed"].arn].status == "FAIL"
    assert "AWS managed key" in found[seeded["aws-managed"].arn].status_extended
    assert found[seeded["disabled"].arn].status == "PASS" and "Disabled" in found[seeded["disabled"].arn].status_extended
    assert found[seeded["other-account"].arn].status == "PASS"
    assert "a key of account 111122223333" in found[seeded["other-account"].arn].status_extended


def test_an_unreadable_gateway_is_manual_a_deleting_one_skipped_a_deleted_one_dropped(account, provider, hooks,
                                                                                      monkeypatch):
    denied = account.seed_gateway("denied", "us-east-1", "cmk")
    deleting = account.seed_gateway("deleting", "us-east-1", "none")
    gone = account.seed_gateway("gone", "us-east-1", "none")
    kept = account.seed_gateway("kept", "us-east-1", "none")

    def mark_deleting(parsed, **_):
        for item in parsed.get("items", []):
            if item["gatewayId"] == deleting.id:
                item["status"] = "DELETING"

    def get_gateway(request, **_):
        if denied.id in request.url:
            return error_response(request, "AccessDeniedException", 403)
        if gone.id in request.url:
            return error_response(request, "ResourceNotFoundException", 404)
        return None

    hooks.add(provider, "after-call.bedrock-agentcore-control.ListGateways", mark_deleting)
    hooks.add(provider, "before-send.bedrock-agentcore-control.GetGateway", get_gateway)

    _, findings = scan(provider, monkeypatch, GATEWAY.id)
    found = by_arn(findings)

    assert set(found) == {denied.arn, kept.arn}
    assert found[denied.arn].status == "MANUAL"
    assert "Gateway denied could not be read (AccessDeniedException)" in found[denied.arn].status_extended
    assert found[kept.arn].status == "FAIL"


def test_a_region_whose_gateways_cannot_be_listed_is_manual_and_memories_still_reported(account, provider, hooks,
                                                                                        monkeypatch):
    account.seed_gateway("hidden", "eu-west-1", "none")
    memory = account.seed_memory("memory", "eu-west-1", "none")
    hooks.add(provider, "before-send.bedrock-agentcore-control.ListGateways",
              lambda request, **_: error_response(request, "AccessDeniedException", 403)
              if "eu-west-1" in request.url else None)

    _, gateways = scan(provider, monkeypatch, GATEWAY.id)
    _, memories = scan(provider, monkeypatch, MEMORY.id)

    (gap,) = gateways
    assert gap.status == "MANUAL" and gap.resource_arn.endswith(":gateway/*")
    assert "The gateways of eu-west-1 could not all be listed (AccessDeniedException)" in gap.status_extended
    assert [f.resource_arn for f in memories] == [memory.arn]


def test_a_gateway_mutelist_entry_by_tag_mutes_it(account, provider, monkeypatch):
    from prowler.providers.aws.lib.mutelist.mutelist import AWSMutelist

    muted = account.seed_gateway("sandbox", "us-east-1", "none", tags={"environment": "sandbox"})
    kept = account.seed_gateway("prod", "us-east-1", "none", tags={"environment": "prod"})
    mutelist = AWSMutelist(mutelist_content={"Accounts": {"*": {"Checks": {GATEWAY.id: {
        "Regions": ["*"], "Resources": ["*"], "Tags": ["environment=sandbox"]}}}}})

    _, findings = scan(provider, monkeypatch, GATEWAY.id)
    found = by_arn(findings)

    assert mutelist.is_finding_muted(found[muted.arn], account.account_id)
    assert not mutelist.is_finding_muted(found[kept.arn], account.account_id)


def test_a_key_shared_by_a_memory_a_gateway_and_a_vault_is_described_once(account, provider, hooks, monkeypatch):
    memory = account.seed_memory("shares", "us-east-1", "cmk")
    gateway = account.client("bedrock-agentcore-control", "us-east-1").create_gateway(
        name="shares-too", roleArn="arn:aws:iam::123456789012:role/gw", protocolType="MCP",
        authorizerType="AWS_IAM", kmsKeyArn=memory.key_arn)
    identity = Identity(oauth2={"us-east-1": ["github"]},
                        vaults={"us-east-1": {"keyType": "CustomerManagedKey", "kmsKeyArn": memory.key_arn}})
    described = []
    hooks.add(provider, "before-call.kms.DescribeKey",
              lambda params, **_: described.append(json.loads(params["body"])["KeyId"]))

    service, _ = scan(provider, monkeypatch, GATEWAY.id, identity=identity)

    assert described == [memory.key_arn]
    statuses = {f.resource_arn: f.status for check in (MEMORY, GATEWAY, TOKEN_VAULT) for f in run_check(check.id)}
    assert statuses == {memory.arn: "PASS", gateway["gatewayArn"]: "PASS", _vault_arn(account, "us-east-1"): "PASS"}


# --- token vaults ---------------------------------------------------------------------------------------


def test_a_vault_is_reported_where_credentials_are_held_and_the_listing_stops_at_the_first(account, provider,
                                                                                           monkeypatch):
    identity = Identity(oauth2={"us-east-1": ["github"]})

    _, findings = scan(provider, monkeypatch, TOKEN_VAULT.id, identity=identity)

    (finding,) = findings
    assert finding.resource_arn == _vault_arn(account, "us-east-1") and finding.region == "us-east-1"
    assert finding.resource_id == "default"
    assert finding.status == "FAIL"
    assert finding.status_extended == ("Token vault default in us-east-1 has keyType ServiceManagedKey: its "
                                       "credentials are encrypted with a service-managed key, which the customer "
                                       "cannot control")
    assert finding.check_metadata.Severity == "high"
    # one provider is enough to know; a region without any needs all three lists and no vault read
    assert sorted(identity.calls) == sorted([
        ("ListOauth2CredentialProviders", "us-east-1"), ("GetTokenVault", "us-east-1"),
        ("ListOauth2CredentialProviders", "eu-west-1"), ("ListApiKeyCredentialProviders", "eu-west-1"),
        ("ListPaymentCredentialProviders", "eu-west-1")])


def test_scan_unused_services_reports_every_regions_vault_without_listing_providers(account, monkeypatch):
    provider = make_provider(scan_unused_services=True)
    identity = Identity()

    _, findings = scan(provider, monkeypatch, TOKEN_VAULT.id, identity=identity)

    assert {f.resource_arn for f in findings} == {_vault_arn(account, r) for r in ("us-east-1", "eu-west-1")}
    assert sorted(identity.calls) == [("GetTokenVault", "eu-west-1"), ("GetTokenVault", "us-east-1")]


@pytest.mark.parametrize("key, key_type, status, reason", [
    ("cmk", "CustomerManagedKey", "PASS", "is encrypted with the customer-managed key"),
    ("cmk", "CUSTOMER_MANAGED_KEY", "PASS", "is encrypted with the customer-managed key"),
    ("aws-managed", "CustomerManagedKey", "FAIL", "AWS managed key"),
    ("pending-deletion", "CustomerManagedKey", "PASS", "PendingDeletion"),
    ("other-account", "CustomerManagedKey", "PASS", "a key of account 111122223333"),
    ("none", "CustomerManagedKey", "FAIL", "has keyType CustomerManagedKey but no kmsKeyArn"),
    ("none", "ServiceManagedKey", "FAIL", "service-managed key"),
    ("none", "SomethingNew", "MANUAL", "unknown keyType 'SomethingNew'"),
])
def test_vault_verdicts(account, provider, monkeypatch, key, key_type, status, reason):
    key_arn = account.make_key("vault", "us-east-1", key, resource="token vault")
    configuration = {"keyType": key_type, **({"kmsKeyArn": key_arn} if key_arn else {})}
    identity = Identity(api_keys={"us-east-1": ["search"]}, vaults={"us-east-1": configuration})

    _, findings = scan(provider, monkeypatch, TOKEN_VAULT.id, identity=identity)

    (finding,) = findings
    assert finding.status == status, finding.status_extended
    assert reason in finding.status_extended
    if key_arn:
        assert key_arn in finding.status_extended


def test_a_vault_is_read_when_its_credentials_cannot_be_listed_and_manual_when_it_cannot_be_read(
        account, provider, monkeypatch):
    identity = Identity(errors={("ListOauth2CredentialProviders", "eu-west-1"): "AccessDeniedException",
                                ("GetTokenVault", "us-east-1"): "AccessDeniedException"},
                        oauth2={"us-east-1": ["github"]},
                        vaults={"eu-west-1": {"keyType": "ServiceManagedKey"}})

    _, findings = scan(provider, monkeypatch, TOKEN_VAULT.id, identity=identity)
    found = by_arn(findings)

    assert found[_vault_arn(account, "eu-west-1")].status == "FAIL"  # whether it holds credentials is unknown
    unreadable = found[_vault_arn(account, "us-east-1")]
    assert unreadable.status == "MANUAL"
    assert unreadable.status_extended == ("Token vault default in us-east-1 could not be read "
                                          "(AccessDeniedException); its encryption key is unknown")
