"""docs/benchmarks.md from the figures of one ``make bench`` run."""

from __future__ import annotations

from statistics import median

CHECKOV_FLOOR_TARGET = 1.05
CHECKOV_GROWTH_TARGET = 2.3
PROWLER_BOUND_TARGET = 1.3
PROWLER_SPEEDUP_TARGET = 5.0


def _verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**MISS**"


def _mib(value: float) -> str:
    return f"{value / 1024 / 1024:.0f} MiB"


def targets(figures: dict) -> list[tuple[str, str, str, bool]]:
    """(figure, value, target, met) for each target of the issue."""
    checkov, prowler = figures["checkov"], figures["prowler"]
    return [
        ("Checkov, `--check` only: wall time, plug-in ÷ presence-only floor (2,000 memories)",
         f"{checkov['plugin_over_floor']:.3f}", f"≤ {CHECKOV_FLOOR_TARGET}",
         checkov["plugin_over_floor"] <= CHECKOV_FLOOR_TARGET),
        ("Checkov: plug-in's own time, 4,000 ÷ 2,000 memories",
         f"{checkov['growth_4000_over_2000']:.2f}", f"≤ {CHECKOV_GROWTH_TARGET}",
         checkov["growth_4000_over_2000"] <= CHECKOV_GROWTH_TARGET),
        ("Prowler: API calls ÷ minimum",
         f"{prowler['calls']} ÷ {prowler['minimum_total']} = {prowler['calls'] / prowler['minimum_total']:.3f}",
         "= 1 (equal)", prowler["calls"] == prowler["minimum_total"]),
        ("Prowler: wall time ÷ (calls ÷ threads × latency)",
         f"{prowler['wall_over_bound']:.2f}", f"≤ {PROWLER_BOUND_TARGET}",
         prowler["wall_over_bound"] <= PROWLER_BOUND_TARGET),
        ("Prowler: speed-up over the naive sequential audit",
         f"{prowler['speedup_over_naive']:.2f}×", f"≥ {PROWLER_SPEEDUP_TARGET:g}×",
         prowler["speedup_over_naive"] >= PROWLER_SPEEDUP_TARGET),
    ] + _terraform_engine_targets(figures) + _cloudformation_hostile_targets(figures)


def _terraform_engine_targets(figures: dict) -> list[tuple[str, str, str, bool]]:
    if "map_lookup_cpu_plugin" not in figures.get("terraform_engine", {}):
        return []  # results.json from before the engine's CPU was measured in rounds
    from terraform_engine_bench import targets as engine_targets
    return engine_targets(figures["terraform_engine"])


def _cloudformation_hostile_targets(figures: dict) -> list[tuple[str, str, str, bool]]:
    hostile = figures.get("cloudformation_hostile")
    if not hostile:
        return []
    return [("Checkov: CloudFormation hostile templates, largest plug-in ÷ presence-only",
             f"{hostile['max_ratio']:.2f}", f"< {hostile['ratio_target']:g}, no run past {hostile['wall_limit_s']:g} s",
             hostile["all_ok"])]


def _machine(figures: dict) -> list[str]:
    m = figures["machine"]
    return [
        "| | |", "| --- | --- |",
        f"| date | {m['date']} |",
        f"| code | commit `{m['commit']}`"
        + (f", with uncommitted changes to {', '.join(f'`{line[3:]}`' for line in m['uncommitted'])}"
           if m.get("uncommitted") else "") + " |",
        f"| `nproc` | {m['nproc']} |",
        f"| CPU | {m['cpu']} |",
        f"| memory | {m['memory_gib']} GiB |",
        f"| OS | {m['os']} |",
        f"| Python | {m['python_checkov_env']} (checkov env), {m['python_prowler_env']} (prowler env) |",
        f"| Checkov | {m['checkov']} |",
        f"| Prowler | {m['prowler']} (boto3 {m['boto3_prowler_env']}) |",
        f"| moto | {m['moto']} |",
        f"| `make bench` took | {figures['runtime_s'] / 60:.1f} min |",
    ]


def _scaling(checkov: dict) -> dict[int, dict]:
    """The scaling rows by size (JSON turns the int keys into strings)."""
    return {int(size): row for size, row in sorted(checkov["scaling"].items(), key=lambda item: int(item[0]))}


def _checkov(checkov: dict) -> list[str]:
    kinds = checkov["kinds"]
    keyed = ", ".join(f"{kinds.get(k, 0)} {k.replace('_', ' ')}" for k in
                      ("literal", "key_resource", "local", "variable", "data_source"))
    unkeyed = ", ".join(f"{kinds.get(k, 0)} {k.replace('_', ' ')}" for k in ("absent", "null", "aws_managed_alias"))
    variant_names = {
        "plugin": "plug-in (`agentcore-cmk-checks path checkov`)",
        "presence_only": "presence-only check, same ID (`benchmarks/presence_only_check/`)",
        "no_external_check": "no external check",
    }
    lines = [
        "### Setup",
        "",
        f"`benchmarks/terraform_tree.py` writes a seeded Terraform monorepo: {checkov['memories']:,} "
        f"`aws_bedrockagentcore_memory` resources in 10 stacks (one root module per folder, "
        f"{checkov['tf_files']} `.tf` files), {checkov['resources_in_tree']:,} resources in all. "
        f"Keyed memories: {keyed}. Without a key (a quarter): {unkeyed}. Half the locals and variables hold "
        "literal ARNs, half point at `aws_kms_key` resources; half the variables have no default. Each memory "
        "comes with one unrelated resource (S3 bucket, IAM role, SQS queue, log group or security group).",
        "",
        f"Three Checkov commands on the same tree, interleaved, {checkov['rounds']} rounds, Python start-up and JSON "
        "output included. In each round the plug-in and the floor run back to back (each first in turn), and the "
        "figure is the median of the rounds' plug-in ÷ floor ratios: the machine's speed drifts over minutes.",
        "",
        "| variant | command (after `checkov --skip-download --framework terraform --quiet -o json -d <tree>`) |",
        "| --- | --- |",
    ]
    for name, extra in checkov["commands"].items():
        lines.append(f"| {variant_names[name]} | `{extra}` |")
    lines += [
        "",
        "The third variant is the same command without `--external-checks-dir`: the ID then matches no check, so "
        "Checkov parses the tree, builds its graph and runs no check.",
        "",
        "### Results at 2,000 memories",
        "",
        "| variant | median wall | each round | median CPU | passed / failed |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in variant_names:
        result = checkov["results"][name]
        rounds = ", ".join(f"{value:.2f}" for value in checkov["walls_s"][name])
        lines.append(
            f"| {variant_names[name]} | {checkov['median_s'][name]:.2f} s | {rounds} | "
            f"{checkov['median_cpu_s'][name]:.2f} s | {result['passed']} / {result['failed']} |"
        )
    paired = checkov["plugin_over_floor_per_round"]
    lines += [
        "",
        f"- plug-in ÷ floor: **{checkov['plugin_over_floor']:.3f}** (median of the rounds' ratios: "
        f"{', '.join(f'{r:.3f}' for r in paired)}); ratio of the median wall times "
        f"{checkov.get('plugin_over_floor_of_medians', median(checkov['walls_s']['plugin']) / median(checkov['walls_s']['presence_only'])):.3f}; "
        f"on CPU time {checkov['plugin_over_floor_cpu']:.3f}.",
        f"- plug-in ÷ no external check (for the record): **{checkov['plugin_over_no_external_check']:.3f}**.",
        "",
        "### The plug-in's own time as the tree grows",
        "",
        "Checkov runs in-process (`benchmarks/checkov_check_time.py`, plug-in dir, `--check` the ID) with a wrapper "
        "around `BaseCheck.run` for the check's ID, which calls the check's `scan_resource_conf`: the figure is the "
        "thread's CPU time inside those calls, with the garbage collector paused during each call (a collection "
        "starting there costs in proportion to Checkov's heap, not to the check's work). Median of "
        f"{len(next(iter(checkov['scaling'].values()))['plugin_check_runs_s'])} runs per size; the presence-only "
        "check, measured the same way once, for comparison. The stacks stay at 10, so each stack's graph grows "
        "with the memories: a check that scanned the whole graph per memory would grow quadratically.",
        "",
        "| memories | plug-in's own time | per memory | results | presence-only check's own time | "
        "whole Checkov run (in-process) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for size, row in _scaling(checkov).items():
        lines.append(
            f"| {size:,} | {row['plugin_check_s']:.3f} s | {row['plugin_check_s'] / size * 1e3:.3f} ms | "
            f"{row['plugin_check_calls']:,} | {row['presence_only_check_s']:.3f} s | {row['plugin_checkov_s']:.1f} s |"
        )
    lines += [
        "",
        f"Growth: 2,000 ÷ 1,000 = **{checkov['growth_2000_over_1000']:.2f}**, "
        f"4,000 ÷ 2,000 = **{checkov['growth_4000_over_2000']:.2f}** (linear is 2.0).",
    ]
    return lines


def _prowler(prowler: dict, moto_version: str) -> list[str]:
    seeded, plugin, naive = prowler["seeded"], prowler["plugin"], prowler["naive"]
    per_region = -(-seeded["memories"] // seeded["regions"])
    latency_ms = prowler["latency_s"] * 1e3
    lines = [
        "### Setup",
        "",
        f"`benchmarks/prowler_bench.py`: moto's in-process `mock_aws`, {seeded['memories']:,} memories and "
        f"{seeded['gateways']:,} gateways over {seeded['regions']} regions (round-robin; {seeded['unencrypted']} "
        f"without a key), {seeded['keys']} KMS keys (5 per region, used in turn), one tag each, and a token vault "
        "under a customer-managed key in the region with OAuth2 credential providers (AgentCore Identity, which "
        "moto lacks, is answered in-process by `examples/mock_account.MockIdentity`, with the same latency). "
        + _kinds_setup(seeded) +
        "A real `AwsProvider` is built on the mock account as "
        "`tests/prowler` builds it; then a botocore `before-call` handler on the provider's session counts every "
        f"API call by operation and sleeps {latency_ms:.0f} ms in it (a network round trip). The audit is what "
        "`prowler aws --service bedrockagentcore` does: import the check modules, whose client module builds the "
        "service (all the API calls), then run the checks. Each measurement runs in its "
        "own process.",
        "",
        f"moto {moto_version} returns every memory in one `ListMemories` page whatever `maxResults` says; the "
        f"benchmark gives it the paging the API reference documents (a page of {prowler['page_default']} by "
        f"default, at most {prowler['page_max']}), so that the list-page count depends on the audit as it would "
        "against AWS. (The API model's valid range for `maxResults` goes to 100; if AWS served 100 a page, the "
        f"minimum below would be {-(-per_region // 100)} pages per region instead of "
        f"{prowler['minimum_pages_per_region']}.)",
        "",
        "### API calls",
        "",
        "| operation | plug-in | minimum | naive audit |",
        "| --- | --- | --- | --- |",
    ]
    operations = sorted(set(plugin["calls"]) | set(prowler["minimum"]) | set(naive["calls"]))
    for operation in operations:
        lines.append(
            f"| `{operation}` | {plugin['calls'].get(operation, 0):,} | {prowler['minimum'].get(operation, 0):,} | "
            f"{naive['calls'].get(operation, 0):,} |"
        )
    lines += [
        f"| **total** | **{prowler['calls']:,}** | **{prowler['minimum_total']:,}** | "
        f"**{sum(naive['calls'].values()):,}** |",
        "",
        f"Minimum = regions × list pages ({seeded['regions']} × {prowler['minimum_pages_per_region']}: "
        f"{-(-seeded['memories'] // seeded['regions'])} memories a region at {prowler['page_max']} a page) + "
        f"memories × (GetMemory + ListTagsForResource) + gateway list pages + gateways × (GetGateway + "
        f"ListTagsForResource) + credential-provider listings (OAuth2 in every region, API keys where there is no "
        f"OAuth2 provider) + GetTokenVault where a provider exists + distinct keys × DescribeKey + each region's "
        "list pages of every other kind + a Get for each dataset, configuration bundle, capacity provider and "
        "harness and for each policy engine, evaluator and payment manager without a key in its summary (none for "
        "the insight store, whose list carries its encryption). The plug-in listed "
        f"{prowler['pages_per_region']:g} pages per region.",
        "",
        "### Time and memory",
        "",
        "| | wall time |",
        "| --- | --- |",
        f"| plug-in audit, {latency_ms:.0f} ms a call | **{plugin['wall_s']:.2f} s** (service {plugin['service_s']:.2f} s, "
        f"check {plugin['check_s']:.2f} s) |",
        f"| bound: {prowler['calls']:,} calls ÷ {prowler['threads']} threads × {latency_ms:.0f} ms | "
        f"{prowler['bound_s']:.2f} s |",
        f"| plug-in audit, no latency (moto's and Prowler's own CPU cost) | {prowler['plugin_no_latency']['wall_s']:.2f} s |",
        f"| naive sequential audit, {latency_ms:.0f} ms a call | **{naive['wall_s']:.2f} s** "
        f"({sum(naive['calls'].values()):,} calls) |",
        "",
        "Where the plug-in audit's time goes, phase by phase (each `__threading_call__` of the service; a phase "
        "runs at most min(threads, items) tasks at once, so its bound is calls ÷ min(threads, items) × latency):",
        "",
        "| phase | items | API calls | wall time | phase bound |",
        "| --- | --- | --- | --- | --- |",
    ]
    for function, items, calls, seconds in plugin.get("phases", []):
        bound = calls / max(1, min(prowler["threads"], items)) * prowler["latency_s"]
        lines.append(f"| `{function}` | {items:,} | {calls:,} | {seconds:.2f} s | {bound:.2f} s |")
    lines += [
        "",
        f"- wall ÷ bound: **{prowler['wall_over_bound']:.2f}**; the threads are Prowler's "
        f"`AWSService` pool (`MAX_WORKERS` = {prowler['threads']}).",
        f"- speed-up over the naive audit: **{prowler['speedup_over_naive']:.2f}×**.",
        f"- findings: {', '.join(f'{n:,} {status}' for status, n in sorted(plugin['findings'].items()))} "
        f"({seeded['unencrypted']} memories and gateways were seeded without a key).",
        f"- peak memory: the scan process peaked at **{_mib(plugin['peak_rss_bytes'])}** RSS (interpreter, "
        f"Prowler, moto and its {seeded['memories']:,} memories included; {_mib(plugin['rss_before_scan_bytes'])} "
        f"just before the audit); the audit's Python allocations peaked at "
        f"**{_mib(prowler['traced']['tracemalloc_peak_bytes'])}** (tracemalloc, separate run; moto's responses "
        f"included). The naive audit's process peaked at {_mib(naive['peak_rss_bytes'])}.",
    ]
    return lines


def _meaning(figures: dict) -> list[str]:
    checkov, prowler = figures["checkov"], figures["prowler"]
    seeded, naive = prowler["seeded"], prowler["naive"]
    naive_calls = sum(naive["calls"].values())
    ideal_speedup = naive_calls * prowler["threads"] / prowler["minimum_total"]
    at_size = _scaling(checkov)[checkov["memories"]]
    extra_s = at_size["plugin_check_s"] - at_size["presence_only_check_s"]
    lines = [
        "- **Checkov, floor.** Any check has to emit one result per memory; the presence-only check does only "
        "that, the way Checkov's own CMK checks do, so plug-in ÷ floor is the price of judging the key rather "
        "than its presence. At 2,000 memories the plug-in's own time is "
        f"{at_size['plugin_check_s']:.2f} s against {at_size['presence_only_check_s']:.2f} s for the "
        f"presence-only check; the difference, {extra_s:+.2f} s, is {extra_s / checkov['median_s']['presence_only']:+.1%} "
        "of the floor's wall time, which is about how far plug-in ÷ floor should sit from 1; the rest is noise "
        "(the CPU-time ratio is less sensitive than the wall-time one to the other processes on the machine).",
        "- **Checkov, no external check.** What adding the plug-in costs over Checkov parsing the same tree and "
        "building its graph without running a check; part of it is the results themselves (2,000 records in the "
        "JSON report), which any check pays.",
        "- **Checkov, growth.** Linear growth means a memory's cost does not depend on the size of the module it "
        "sits in, so the check stays proportional in a monorepo.",
        "- **Prowler, calls.** Equal to the minimum means no call is repeated or wasted: one list per page, one "
        "GetMemory and one ListTagsForResource per memory, one DescribeKey per distinct key.",
    ]
    extra = {op: prowler["plugin"]["calls"].get(op, 0) - n for op, n in prowler["minimum"].items()}
    extra.update({op: n for op, n in prowler["plugin"]["calls"].items() if op not in prowler["minimum"]})
    for operation, count in extra.items():
        if count > 0 and operation.endswith(":ListMemories"):
            lines.append(
                f"  Here `ListMemories` made {count} calls more than the minimum: "
                f"{prowler['pages_per_region']:g} pages per region where "
                f"{prowler['minimum_pages_per_region']} suffice, i.e. the audit lists "
                f"{-(-seeded['memories'] // seeded['regions']) / prowler['pages_per_region']:.0f} memories a page "
                f"(the API's default) instead of up to {prowler['page_max']}. A region's pages are listed one after "
                "another, so the extra pages also lengthen the listing phase."
            )
        elif count > 0:
            lines.append(f"  Here `{operation}` made {count} calls more than the minimum.")
        elif count < 0:
            lines.append(f"  Here `{operation}` made {-count} calls fewer than the minimum: something was not read.")
    lines += [
        f"- **Prowler, bound.** With every call taking {prowler['latency_s'] * 1e3:.0f} ms, "
        f"{prowler['threads']} threads cannot make {prowler['calls']:,} calls faster than the bound; the ratio "
        "shows how much of that concurrency the audit uses. The phase table shows where the rest goes: a phase "
        "with fewer items than threads (the listing has one task per region), the wait at the end of each phase, "
        "and the CPU time of botocore, moto and Prowler, which the GIL runs one thread at a time (the no-latency "
        "run measures it).",
        f"- **Prowler, speed-up.** The naive audit makes fewer calls ({naive_calls:,}: pages of the CLI's "
        "default size, no tags, no DescribeKey) but one at a time. With "
        f"{prowler['threads']} threads and the minimum number of calls the speed-up is at most "
        f"{naive_calls:,} × {prowler['threads']} ÷ {prowler['minimum_total']:,} = {ideal_speedup:.2f}× at equal "
        "cost per call, and less by the bound ratio above.",
        f"- **Peak memory.** {seeded['memories']:,} memories and their keys are small objects: the audit's own "
        "allocations are a small part of the process, whose peak is the interpreter, Prowler, boto3 and moto "
        "(with the mock account's data).",
    ]
    return lines


def render(figures: dict) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{figures['command']}` (`{figures['invocation']}`); do not edit by hand. Every figure is a "
        "ratio of measurements taken in the same run, on the machine below; none is a timed assertion in the "
        "test suite. All measurements: `benchmarks/results.json`.",
        "",
        "## Targets",
        "",
        "| figure | value | target | |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {name} | {value} | {target} | {_verdict(ok)} |" for name, value, target, ok in targets(figures)]
    lines += ["", "## Machine", ""] + _machine(figures)
    lines += ["", "## Checkov", ""] + _checkov(figures["checkov"])
    if "terraform_engine" in figures:
        from terraform_engine_bench import render as render_engine
        lines += ["", "## Checkov: the Terraform engine (issue 18)", ""] + render_engine(figures["terraform_engine"])
    if "cloudformation_hostile" in figures:
        from cloudformation_hostile import render as render_cloudformation
        lines += ["", "## Checkov: CloudFormation hostile templates (issue 18)", ""]
        lines += render_cloudformation(figures["cloudformation_hostile"])
    lines += ["", "## Prowler (live, on moto)", ""] + _prowler(figures["prowler"], figures["machine"]["moto"])
    lines += ["", "## What the figures mean", ""] + _meaning(figures)
    return "\n".join(lines) + "\n"


def _kinds_setup(seeded: dict) -> str:
    """The sentence on the kinds moto lacks, when the results have them."""
    kinds = seeded.get("kinds")
    if not kinds:
        return ""
    counted = ", ".join(f"{value['count']} {kind}{'es' if kind.endswith('s') else 's'} "
                        f"({value['without_key']} without a key)" for kind, value in kinds.items())
    return (f"The kinds moto lacks are answered in-process by `examples/mock_control_plane.MockControlPlane`, with "
            f"the same latency, using the same keys: {counted}; harnesses' managed memories are not listed, so "
            "they are read through GetHarness. ")
