"""Prowler live benchmark: the plug-in's service against a moto account whose every API call takes a fixed latency.

``python benchmarks/prowler_bench.py measure <audit> [--latency S] [--tracemalloc]`` runs one measurement in this
process and prints it as JSON; ``run()`` runs each measurement in a fresh subprocess (so peak RSS is per
measurement) and derives the figures. Runs in the prowler environment.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
from collections import Counter
from typing import Any

REGIONS = ("us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2")
MEMORIES = 1000
GATEWAYS = 100
KEYS = 20
# Of each kind moto lacks (answered in-process by examples/mock_control_plane.py), spread over the regions like
# memories; every region has its agent insight store.
PER_KIND = 40
KIND_PAGE_MAX = 100
KEY_ARN_KINDS = ("policy engine", "evaluator", "dataset", "configuration bundle", "payment manager")
#: The kinds whose List summary carries the key: only those without a key are read (to confirm it).
KEY_IN_SUMMARY = ("policy engine", "evaluator", "payment manager")
# AgentCore Identity, which moto lacks, answered in-process: OAuth2 providers in the first region, API keys in the
# second, none in the others (whose vaults are then not read); the first vault under a CMK shared with memories.
OAUTH2_REGIONS, API_KEY_REGIONS = REGIONS[:1], REGIONS[1:2]
GATEWAY_PAGE_MAX = 1000
LATENCY = 0.050
# ListMemories pages as the API reference documents them: 10 memories by default, at most 50 (its model's valid
# range for maxResults goes to 100; the benchmark serves at most 50, as documented).
PAGE_DEFAULT, PAGE_MAX = 10, 50
CONTROL_PLANE = "bedrock-agentcore-control"
CLIENT_MODULE = "agentcore_cmk_prowler.services.bedrockagentcore_client"
CHECK_IDS = tuple(f"bedrockagentcore_{kind}_encrypted_with_customer_managed_key"
                  for kind in ("memory", "gateway", "token_vault", "policy_engine", "evaluator", "dataset",
                               "configuration_bundle", "payment_manager", "agent_insight_store", "capacity_provider"))
CHECK_MODULES = tuple(f"agentcore_cmk_prowler.services.bedrockagentcore.{check}.{check}" for check in CHECK_IDS)
EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples")


class LatencyHook:
    """A botocore ``before-call`` handler: counts each API call by operation, then sleeps like a network round trip.

    ``before-call`` fires once per API call, after moto is in place and before the request is sent (moto answers on
    ``before-send``, so a handler there might never run).
    """

    def __init__(self, latency: float):
        self.latency = latency
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, model, **_):
        with self._lock:
            self.calls[f"{model.service_model.service_name}:{model.name}"] += 1
        if self.latency:
            time.sleep(self.latency)


def page_list_memories_like_aws() -> None:
    """moto 5.2.5 returns every memory in one ListMemories page, whatever maxResults says; AWS pages them. Without
    this the list-page count, part of the minimum, would not depend on how the audit paginates."""
    from moto.bedrockagentcorecontrol.responses import BedrockAgentCoreControlResponse
    from moto.core.responses import ActionResult

    def list_memories(self):
        params = self._get_params()
        size = min(int(params.get("maxResults") or PAGE_DEFAULT), PAGE_MAX)
        start = int(params.get("nextToken") or 0)
        memories = self.backend.list_memories()
        page = {"memories": [memory.to_summary() for memory in memories[start:start + size]]}
        if start + size < len(memories):
            page["nextToken"] = str(start + size)
        return ActionResult(page)

    BedrockAgentCoreControlResponse.list_memories = list_memories


def _fake_credentials() -> None:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SECURITY_TOKEN": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGIONS[0],
    }.items():
        os.environ[name] = value


def seed_account(memories: int = MEMORIES, gateways: int = GATEWAYS, keys: int = KEYS) -> dict[str, Any]:
    """Keys spread evenly over the regions; memories, then gateways, round-robin over the regions; in each region
    a quarter has no key and the rest use the region's keys in turn (gateways share them with memories)."""
    import boto3

    keys_by_region: dict[str, list[str]] = {region: [] for region in REGIONS}
    for number in range(keys):
        region = REGIONS[number % len(REGIONS)]
        key = boto3.client("kms", region_name=region).create_key(Description=f"memory key {number}")
        keys_by_region[region].append(key["KeyMetadata"]["Arn"])
    controls = {region: boto3.client(CONTROL_PLANE, region_name=region) for region in REGIONS}
    unencrypted, used_keys = 0, set()
    for number in range(memories + gateways):
        region = REGIONS[number % len(REGIONS)]
        in_region = number // len(REGIONS)
        key = None if in_region % 4 == 3 else keys_by_region[region][in_region % len(keys_by_region[region])]
        unencrypted += key is None
        used_keys |= {key} - {None}
        if number < memories:
            controls[region].create_memory(name=f"memory_{number:05d}", eventExpiryDuration=30,
                                           tags={"team": f"t{number % 7}"}, **({"encryptionKeyArn": key} if key else {}))
        else:
            controls[region].create_gateway(name=f"gateway-{number:05d}", roleArn="arn:aws:iam::123456789012:role/gw",
                                            protocolType="MCP", authorizerType="AWS_IAM", tags={"team": "gw"},
                                            **({"kmsKeyArn": key} if key else {}))
    vault_key = keys_by_region[OAUTH2_REGIONS[0]][0]
    vaults = {OAUTH2_REGIONS[0]: {"keyType": "CustomerManagedKey", "kmsKeyArn": vault_key}}
    plane, kinds = seed_control_plane(keys_by_region)
    used_keys |= kinds.pop("keys")
    return {"memories": memories, "gateways": gateways, "unencrypted": unencrypted, "keys": keys,
            "distinct_keys_used": len(used_keys | {vault_key}), "regions": len(REGIONS), "vaults": vaults,
            "kinds": kinds, "plane": plane}


def seed_control_plane(keys_by_region: dict) -> tuple:
    """PER_KIND of each kind moto lacks, PER_KIND capacity providers and harnesses (their managed memories not
    listed, so read through GetHarness), round-robin over the regions with the regions' keys, a quarter without
    one; the insight store of every region. Returns the mock and, per kind, how many there are and lack a key."""
    sys.path.insert(0, EXAMPLES)
    from mock_account import MockAccount
    from mock_control_plane import MockControlPlane

    plane = MockControlPlane(MockAccount(endpoint_url=""))
    counts, used = {}, set()
    for kind in (*KEY_ARN_KINDS, "capacity provider", "harness"):
        without, regions_without = 0, set()
        for number in range(PER_KIND):
            region = REGIONS[number % len(REGIONS)]
            in_region = number // len(REGIONS)
            key = None if in_region % 4 == 3 else keys_by_region[region][in_region % len(keys_by_region[region])]
            without += key is None
            regions_without |= {region} if key is None else set()
            used |= {key} - {None}
            name = f"{kind.replace(' ', '_')}_{number:04d}"
            if kind in KEY_ARN_KINDS:
                plane.seed(kind, name, region, "cmk" if key else "none", key_arn=key)
            elif kind == "capacity provider":
                plane.seed_capacity_provider(name, region, root="cmk" if key else "default", key_arn=key)
            else:
                plane.seed_harness(name, region, "managed", "cmk" if key else "none", listed=False, key_arn=key)
        counts[kind] = {"count": PER_KIND, "without_key": without, "regions_without_key": len(regions_without)}
    for region in REGIONS:
        key = keys_by_region[region][0]
        used.add(key)
        plane.seed_insight_store(region, key_arn=key)
    counts["agent insight store"] = {"count": len(REGIONS), "without_key": 0}
    return plane, {**counts, "keys": used}


def identity(seeded: dict[str, Any]):
    """The mock account's AgentCore Identity for this benchmark's regions."""
    sys.path.insert(0, EXAMPLES)
    from mock_account import MockIdentity

    return MockIdentity(oauth2={region: ["github"] for region in OAUTH2_REGIONS},
                        api_keys={region: ["search"] for region in API_KEY_REGIONS}, vaults=seeded["vaults"])


def build_provider():
    """A real AwsProvider on the moto account, as tests/prowler builds one (Prowler's own test helper,
    ``set_mocked_aws_provider``, ships with Prowler's tests, not its wheel)."""
    from prowler.providers.aws.aws_provider import AwsProvider
    from prowler.providers.common.models import Audit_Metadata

    provider = AwsProvider(regions=set(REGIONS))
    provider.audit_metadata = Audit_Metadata(
        services_scanned=0, expected_checks=list(CHECK_IDS), completed_checks=0, audit_progress=0
    )
    return provider


def add_hook(session, hook: LatencyHook, answers=()):
    # Clients copy the session's event handlers when created, so the hook goes on before the audit makes any.
    session.events.register("before-call", hook)
    for event, handler in answers:
        # botocore calls an operation's own handlers before the generic ones and stops at the first answer: a
        # call answered in-process goes through the hook here, so it still costs its round trip and is counted.
        session.events.register(event, _after_hook(hook, handler))
    return session


def _after_hook(hook: LatencyHook, handler):
    def answer(**kwargs):
        hook(**kwargs)
        return handler(**kwargs)

    return answer


def time_phases(phases: list, hook: LatencyHook) -> None:
    """Record each ``__threading_call__`` of Prowler's AWSService (one phase of a service: a task per region or
    per item, spread over the thread pool) as (function, items, API calls, seconds)."""
    from prowler.providers.aws.lib.service.service import AWSService

    threading_call = AWSService.__threading_call__

    def timed(self, call, iterator=None):
        items = len(iterator) if iterator is not None else len(self.regional_clients)
        calls, started = sum(hook.calls.values()), time.perf_counter()
        try:
            return threading_call(self, call, iterator)
        finally:
            phases.append((call.__name__, items, sum(hook.calls.values()) - calls, time.perf_counter() - started))

    AWSService.__threading_call__ = timed


def prepare_plugin(hook: LatencyHook, answers):
    """Everything Prowler has done before it loads the check: the provider is built, the modules imported.
    Only the calls after this (the audit's) are delayed and counted."""
    from prowler.providers.common.provider import Provider

    provider = build_provider()
    Provider.set_global_provider(provider)
    importlib.import_module("agentcore_cmk_prowler.services.bedrockagentcore_service")
    importlib.import_module("prowler.lib.check.models")
    return add_hook(provider.session.current_session, hook, answers)


def audit_with_plugin(session, hook: LatencyHook) -> dict[str, Any]:
    """What ``prowler aws --service bedrockagentcore`` does: the first check module imports the client module, whose
    import builds the service (all the API calls); then the three checks run."""
    phases: list = []
    time_phases(phases, hook)
    started = time.perf_counter()
    client = importlib.import_module(CLIENT_MODULE).bedrockagentcore_client
    scanned = time.perf_counter()
    findings = []
    for check_id, module in zip(CHECK_IDS, CHECK_MODULES):
        findings += getattr(importlib.import_module(module), check_id)().execute()
    finished = time.perf_counter()
    return {
        "wall_s": finished - started,
        "service_s": scanned - started,
        "check_s": finished - scanned,
        "threads": client.thread_pool._max_workers,
        "phases": phases,
        "findings": Counter(finding.status for finding in findings),
    }


def naive_audit(session, hook: LatencyHook) -> dict[str, Any]:
    """The sequential audit: in each region list the memories and gateways, then get each one at a time and read its
    key ARN (``aws bedrock-agentcore-control list-memories`` then ``get-memory`` in a shell loop, and so on)."""
    started = time.perf_counter()
    unencrypted = 0
    total = 0
    for region in REGIONS:
        control = session.client(CONTROL_PLANE, region_name=region)
        for page in control.get_paginator("list_memories").paginate():
            for summary in page.get("memories", []):
                memory = control.get_memory(memoryId=summary["id"])["memory"]
                total += 1
                unencrypted += not memory.get("encryptionKeyArn")
        for page in control.get_paginator("list_gateways").paginate():
            for summary in page.get("items", []):
                total += 1
                unencrypted += not control.get_gateway(gatewayIdentifier=summary["gatewayId"]).get("kmsKeyArn")
    return {"wall_s": time.perf_counter() - started, "resources_read": total, "without_key": unencrypted}


def _current_rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(audit: str, latency: float, trace: bool) -> dict[str, Any]:
    _fake_credentials()
    from moto import mock_aws

    page_list_memories_like_aws()
    with mock_aws():
        seeded = seed_account()
        plane = seeded.pop("plane")
        hook = LatencyHook(latency)
        if audit == "plugin":
            session = prepare_plugin(hook, identity(seeded).handlers() + plane.handlers())
        else:
            import boto3

            session = add_hook(boto3.Session(region_name=REGIONS[0]), hook)
        rss_before = _current_rss_bytes()
        if trace:
            tracemalloc.start()
        result = (audit_with_plugin if audit == "plugin" else naive_audit)(session, hook)
        if trace:
            result["tracemalloc_peak_bytes"] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    result.update(
        audit=audit,
        latency_s=latency,
        seeded=seeded,
        calls=dict(sorted(hook.calls.items())),
        rss_before_scan_bytes=rss_before,
        peak_rss_bytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    )
    return result


def _measure_in_subprocess(python: str, audit: str, latency: float = LATENCY, trace: bool = False) -> dict[str, Any]:
    command = [python, __file__, "measure", audit, "--latency", str(latency)] + (["--tracemalloc"] if trace else [])
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def minimum_calls(seeded: dict[str, Any]) -> tuple[dict[str, int], int]:
    """The fewest API calls any audit that reads what the checks judge can make, by operation; and the fewest
    ListMemories pages per region."""
    minimum_pages = _ceil(_ceil(seeded["memories"], len(REGIONS)), PAGE_MAX)
    gateway_pages = _ceil(_ceil(seeded["gateways"], len(REGIONS)), GATEWAY_PAGE_MAX)
    holding = set(OAUTH2_REGIONS) | set(API_KEY_REGIONS)
    # a region's OAuth2 providers are listed first, its API-key providers only when it has none
    return {
        f"{CONTROL_PLANE}:ListMemories": len(REGIONS) * minimum_pages,
        f"{CONTROL_PLANE}:GetMemory": seeded["memories"],
        f"{CONTROL_PLANE}:ListGateways": len(REGIONS) * gateway_pages,
        f"{CONTROL_PLANE}:GetGateway": seeded["gateways"],
        f"{CONTROL_PLANE}:ListTagsForResource": seeded["memories"] + seeded["gateways"],
        f"{CONTROL_PLANE}:ListOauth2CredentialProviders": len(REGIONS),
        f"{CONTROL_PLANE}:ListApiKeyCredentialProviders": len(REGIONS) - len(OAUTH2_REGIONS),
        f"{CONTROL_PLANE}:GetTokenVault": len(holding),
        # a region without OAuth2 or API-key providers may still hold payment credentials in its vault
        f"{CONTROL_PLANE}:ListPaymentCredentialProviders": len(REGIONS) - len(holding),
        # the account's default EBS key, in each region where a capacity provider's volume is encrypted without a key
        "ec2:GetEbsDefaultKmsKeyId": seeded["kinds"]["capacity provider"]["regions_without_key"],
        "kms:DescribeKey": seeded["distinct_keys_used"],
        **_kind_minimum(seeded["kinds"]),
    }, minimum_pages


#: (List, Get) of each kind moto lacks, as bedrock-agentcore-control names them.
KIND_OPERATIONS = {
    "policy engine": ("ListPolicyEngineSummaries", "GetPolicyEngineSummary"), "evaluator": ("ListEvaluators", "GetEvaluator"),
    "dataset": ("ListDatasets", "GetDataset"),
    "configuration bundle": ("ListConfigurationBundles", "GetConfigurationBundle"),
    "payment manager": ("ListPaymentManagers", "GetPaymentManager"),
    "agent insight store": ("ListAgentInsightStores", "GetAgentInsightStore"),
    "capacity provider": ("ListCapacityProviders", "GetCapacityProvider"),
    "harness": ("ListHarnesses", "GetHarness"),
}


def _kind_minimum(kinds: dict) -> dict[str, int]:
    """Each region's List pages of each kind (an empty page too), and the reads the judgement needs: none for the
    insight store (its list carries the encryptionConfiguration), those without a key for the kinds whose list
    carries the key, every one otherwise."""
    minimum = {}
    for kind, (list_operation, get_operation) in KIND_OPERATIONS.items():
        count = kinds[kind]["count"]
        minimum[f"{CONTROL_PLANE}:{list_operation}"] = len(REGIONS) * max(1, _ceil(_ceil(count, len(REGIONS)),
                                                                                     KIND_PAGE_MAX))
        reads = 0 if kind == "agent insight store" else (
            kinds[kind]["without_key"] if kind in KEY_IN_SUMMARY else count)
        if reads:
            minimum[f"{CONTROL_PLANE}:{get_operation}"] = reads
    return minimum


def _ceil(count: int, size: int) -> int:
    return -(-count // size)


def run(python: str = sys.executable, log=print) -> dict[str, Any]:
    """All Prowler measurements, each in its own subprocess, and the derived figures."""
    log("prowler: plug-in audit, 50 ms per call")
    plugin = _measure_in_subprocess(python, "plugin")
    log(f"  {plugin['wall_s']:.2f} s, {sum(plugin['calls'].values())} calls")
    log("prowler: plug-in audit, no latency (moto's own cost)")
    plugin_no_latency = _measure_in_subprocess(python, "plugin", latency=0.0)
    log(f"  {plugin_no_latency['wall_s']:.2f} s")
    log("prowler: plug-in audit under tracemalloc (memory only)")
    traced = _measure_in_subprocess(python, "plugin", trace=True)
    log("prowler: naive sequential audit, 50 ms per call")
    naive = _measure_in_subprocess(python, "naive")
    log(f"  {naive['wall_s']:.2f} s, {sum(naive['calls'].values())} calls")

    seeded = plugin["seeded"]
    minimum, minimum_pages = minimum_calls(seeded)
    calls = sum(plugin["calls"].values())
    bound_s = calls / plugin["threads"] * LATENCY
    return {
        "seeded": seeded,
        "latency_s": LATENCY,
        "threads": plugin["threads"],
        "page_default": PAGE_DEFAULT,
        "page_max": PAGE_MAX,
        "minimum_pages_per_region": minimum_pages,
        "pages_per_region": plugin["calls"].get(f"{CONTROL_PLANE}:ListMemories", 0) / len(REGIONS),
        "plugin": plugin,
        "plugin_no_latency": plugin_no_latency,
        "traced": traced,
        "naive": naive,
        "minimum": minimum,
        "calls": calls,
        "minimum_total": sum(minimum.values()),
        "bound_s": bound_s,
        "wall_over_bound": plugin["wall_s"] / bound_s,
        "speedup_over_naive": naive["wall_s"] / plugin["wall_s"],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("measure")
    one.add_argument("audit", choices=("plugin", "naive"))
    one.add_argument("--latency", type=float, default=LATENCY)
    one.add_argument("--tracemalloc", action="store_true")
    commands.add_parser("run")
    args = parser.parse_args(argv)
    if args.command == "measure":
        print(json.dumps(measure(args.audit, args.latency, args.tracemalloc)))
    else:
        print(json.dumps(run(log=lambda text: print(text, file=sys.stderr)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
