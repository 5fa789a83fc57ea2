"""The CloudFormation hostile family: templates whose conditions are built from conditions, reached through long
chains, or shared through YAML aliases, and parameters whose AllowedPattern backtracks over many AllowedValues, at
growing sizes; minified single-line JSON with 300 and 3,000 memories (with and without conditions); local nested
stacks 20 deep. Each template holds RESOURCES memories that all use the deepest structure (the minified ones as
many as their size), so what the template model remembers is measured too. The sizes
stop where Checkov itself does: its own graph rendering of conditions built from conditions grows exponentially
(about a minute of CPU at 13 levels with 50 memories, without the plug-in), it stops with a RecursionError on a
chain of 400 !Condition hops, and it runs past 5 minutes on 40 levels of aliased branches.

For each case, one Checkov run with all its own CloudFormation checks and the plug-in, one with the presence-only
check under the same ID (``presence_only_check/``): the ratio of their wall times must stay below 2 and no run may
pass 60 s (per 300 memories, for the large minified templates). ``--family TEXT`` runs only the families whose name
contains TEXT. Runs in the checkov environment: ``python benchmarks/cloudformation_hostile.py`` prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from agentcore_cmk import MEMORY

HERE = Path(__file__).resolve().parent
PRESENCE_ONLY_DIR = HERE / "presence_only_check"
RESOURCES = 5
RATIO_TARGET = 2.0
WALL_LIMIT_S = 60.0
KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"


def _memories(value: str) -> list[str]:
    lines = ["Resources:"]
    for index in range(RESOURCES):
        lines += [f"  Memory{index}:", "    Type: AWS::BedrockAgentCore::Memory", "    Properties:",
                  f"      Name: memory_{index}", f"      EncryptionKeyArn: {value}"]
    return lines


def conditions_built_from_conditions(levels: int) -> str:
    """D_i = And(D_i+1, D_i+1), D_levels on the region: 2**levels paths to the bottom, undecided."""
    lines = ["Conditions:"] + [f"  D{i}: !And [!Condition D{i + 1}, !Condition D{i + 1}]" for i in range(levels)]
    lines.append(f"  D{levels}: !Equals [!Ref AWS::Region, us-east-1]")
    return "\n".join(lines + _memories(f"!If [D0, {KEY}, !Ref AWS::NoValue]")) + "\n"


def or_not_conditions(levels: int) -> str:
    """D_i = Or(D_i+1, Not(D_i+1)) over a parameter without default: undecided at every level, pinned below."""
    lines = ["Parameters:", "  Caller:", "    Type: String", "Conditions:"]
    lines += [f"  D{i}: !Or [!Condition D{i + 1}, !Not [!Condition D{i + 1}]]" for i in range(levels)]
    lines.append(f'  D{levels}: !Equals [!Ref Caller, ""]')
    return "\n".join(lines + _memories(f"!If [D0, !Ref Caller, {KEY}]")) + "\n"


def condition_chain(hops: int) -> str:
    """C_0 reaches the Equals that pins Caller to "" through ``hops`` !Condition hops."""
    lines = ["Parameters:", "  Caller:", "    Type: String", "Conditions:"]
    lines += [f"  C{i}: !Condition C{i + 1}" for i in range(hops)]
    lines.append(f'  C{hops}: !Equals [!Ref Caller, ""]')
    return "\n".join(lines + _memories(f"!If [C0, {KEY}, !Ref Caller]")) + "\n"


def aliased_branches(levels: int) -> str:
    """L_i+1 = If(C_i, L_i, L_i) written with YAML aliases: 2**levels branches in a file of ``levels`` lines."""
    lines = ["Conditions:"] + [f"  C{i}: !Equals [!Ref AWS::Region, r{i}]" for i in range(levels)]
    lines += ["Mappings:", "  Tree:", "    Levels:", f"      L0: &l0 {KEY}"]
    lines += [f"      L{i + 1}: &l{i + 1} !If [C{i}, *l{i}, *l{i}]" for i in range(levels)]
    return "\n".join(lines + _memories(f"*l{levels}")) + "\n"


def pattern_over_allowed_values(count: int) -> str:
    """A parameter whose AllowedPattern backtracks (three unbounded repetitions, the most a pattern may have to be
    read) over ``count`` AllowedValues of 256 characters that it does not match: each match tries every split."""
    pattern = "^" + "[a-z0-9:/-]*" * 3 + "x$"
    lines = ["Parameters:", "  Key:", "    Type: String", f"    AllowedPattern: '{pattern}'", "    AllowedValues:"]
    lines += [f"      - {'a' * 250}{index:06d}" for index in range(count)]
    return "\n".join(lines + _memories("!Ref Key")) + "\n"


def _minified(count: int, conditions: bool) -> str:
    """``count`` memories in one single-line JSON template, as CDK and template minifiers write them; with
    conditions, each memory's key and the memory itself depend on conditions over parameter defaults."""
    key = {"Fn::GetAtt": ["Key", "Arn"]}
    template: dict = {"Resources": {"Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": True}}}}
    if conditions:
        template["Parameters"] = {"Env": {"Type": "String", "Default": "prod", "AllowedValues": ["prod", "dev"]},
                                  "UseCmk": {"Type": "String", "Default": "true"}}
        template["Conditions"] = {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                                  "CreateCmk": {"Fn::Equals": [{"Ref": "UseCmk"}, "true"]},
                                  "ProdCmk": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "CreateCmk"}]}}
        key = {"Fn::If": ["ProdCmk", key, {"Ref": "AWS::NoValue"}]}
    for index in range(count):
        memory: dict = {"Type": "AWS::BedrockAgentCore::Memory",
                        "Properties": {"Name": f"memory_{index}", "EventExpiryDuration": 30, "EncryptionKeyArn": key}}
        if conditions:
            memory["Condition"] = "IsProd"
        template["Resources"][f"Memory{index}"] = memory
    return json.dumps(template, separators=(",", ":"))


def minified_json(count: int) -> tuple[dict, int]:
    return {"template.json": _minified(count, False)}, count


def minified_json_with_conditions(count: int) -> tuple[dict, int]:
    return {"template.json": _minified(count, True)}, count


def nested_stacks(depth: int) -> tuple[dict, int]:
    """A chain of local nested stacks ``depth`` deep: each stack's KeyArn output is the next one's, the last
    creates the key; the top template's memories use the top stack's output."""
    files = {}
    for level in range(1, depth + 1):
        if level == depth:
            body = ["Resources:", "  Key:", "    Type: AWS::KMS::Key", "Outputs:", "  KeyArn:",
                    "    Value: !GetAtt Key.Arn"]
        else:
            body = ["Resources:", "  Next:", "    Type: AWS::CloudFormation::Stack", "    Properties:",
                    f"      TemplateURL: ./stack{level + 1}.yaml", "Outputs:", "  KeyArn:",
                    "    Value: !GetAtt Next.Outputs.KeyArn"]
        files[f"stack{level}.yaml"] = "\n".join(body) + "\n"
    top = ["Resources:", "  Top:", "    Type: AWS::CloudFormation::Stack", "    Properties:",
           "      TemplateURL: ./stack1.yaml"] + _memories("!GetAtt Top.Outputs.KeyArn")[1:]
    files["template.yaml"] = "\n".join(top) + "\n"
    return files, RESOURCES


FAMILIES = {
    "conditions built from conditions (And)": (conditions_built_from_conditions, (5, 9, 13)),
    "conditions built from conditions (Or/Not)": (or_not_conditions, (5, 9, 13)),
    "a chain of !Condition hops": (condition_chain, (40, 70, 120)),
    "branches shared through YAML aliases": (aliased_branches, (4, 8, 12)),
    "an AllowedPattern that backtracks over many AllowedValues": (pattern_over_allowed_values, (16, 64, 1024)),
    "minified single-line JSON": (minified_json, (300, 3000)),
    "minified single-line JSON with conditions": (minified_json_with_conditions, (300, 3000)),
    "local nested stacks": (nested_stacks, (5, 20)),
}


def _checkov(checkov: Path, folder: Path, external_dir: Path, limit: float = WALL_LIMIT_S,
             compact: bool = False) -> dict:
    """Wall time, peak memory and this check's results of one Checkov run over ``folder``. ``compact``: Checkov's
    compact text output instead of JSON, whose every record carries its resource's code: for a single-line template
    that is the whole template per record (gigabytes at 3,000 memories)."""
    output = ["-o", "cli", "--compact"] if compact else ["-o", "json"]
    command = [str(checkov), "--skip-download", "--framework", "cloudformation", *output, "-d", str(folder),
               "--external-checks-dir", str(external_dir)]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        deadline = started + limit * 5
        while True:  # wait4 gives the run's own peak memory (the child and the workers it waited for)
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                return {"wall_s": time.perf_counter() - started, "timed_out": True}
            time.sleep(0.05)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"checkov exited {process.returncode}:\n{stderr[-3000:]}")
    if compact:
        return {"wall_s": wall, "timed_out": False, "results": _compact_results(stdout), "reasons": {},
                "peak_rss_mib": usage.ru_maxrss / 1024}
    report = json.loads(stdout)
    results = {"PASSED": 0, "FAILED": 0}
    reasons: dict[str, int] = {}
    for one in report if isinstance(report, list) else [report]:
        for outcome in ("passed_checks", "failed_checks"):
            for result in one.get("results", {}).get(outcome, []):
                if result["check_id"] == MEMORY.id:
                    results[result["check_result"]["result"]] += 1
                    reason = (result.get("details") or [""])[0]
                    reasons[reason[:160]] = reasons.get(reason[:160], 0) + 1
    return {"wall_s": wall, "timed_out": False, "results": results, "reasons": reasons,
            "peak_rss_mib": usage.ru_maxrss / 1024}


def _compact_results(text: str) -> dict:
    """This check's PASSED / FAILED counts in Checkov's text output (``Check: <id>: ...`` then ``<RESULT> for
    resource: ...``)."""
    results = {"PASSED": 0, "FAILED": 0}
    check = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("Check: "):
            check = stripped[len("Check: "):].split(":", 1)[0]
        elif check == MEMORY.id and stripped.split(" ", 1)[0] in results and " for resource: " in stripped:
            results[stripped.split(" ", 1)[0]] += 1
    return results


def run(checkov_env: Path, plugin_dir: Path, only: tuple[str, ...] = ()) -> dict:
    checkov = checkov_env / "bin" / "checkov"
    cases = []
    with tempfile.TemporaryDirectory(prefix="agentcore-cfn-hostile-") as tmp:
        for family, (generate, sizes) in FAMILIES.items():
            if only and not any(part in family for part in only):
                continue
            for size in sizes:
                folder = Path(tmp) / f"{generate.__name__}_{size}"
                folder.mkdir()
                generated = generate(size)  # the template's text, or (files, how many memories get a verdict)
                files, memories = generated if isinstance(generated, tuple) else ({"template.yaml": generated},
                                                                                  RESOURCES)
                for name, text in files.items():
                    (folder / name).write_text(text)
                # a large template's wall time is Checkov's own: the limit scales with the memories it holds
                limit = WALL_LIMIT_S * max(1, memories // 300)
                compact = memories > RESOURCES
                plugin = _checkov(checkov, folder, plugin_dir, limit, compact)
                floor = _checkov(checkov, folder, PRESENCE_ONLY_DIR, limit, compact)
                ratio = plugin["wall_s"] / floor["wall_s"]
                case = {"family": family, "size": size, "memories": memories, "plugin": plugin,
                        "presence_only": floor, "ratio": ratio,
                        "ok": ratio < RATIO_TARGET and not plugin["timed_out"] and plugin["wall_s"] <= limit
                        and plugin["results"]["PASSED"] + plugin["results"]["FAILED"] == memories}
                cases.append(case)
                print(f"cloudformation hostile {family} {size}: {plugin['wall_s']:.2f} s / {floor['wall_s']:.2f} s = "
                      f"{ratio:.2f}, {plugin.get('results')}, {list(plugin.get('reasons', {}))[:1]}",
                      file=sys.stderr, flush=True)
    return {"resources_per_template": RESOURCES, "ratio_target": RATIO_TARGET, "wall_limit_s": WALL_LIMIT_S,
            "cases": cases, "max_ratio": max(case["ratio"] for case in cases),
            "all_ok": all(case["ok"] for case in cases)}


def render(figures: dict) -> list[str]:
    """The section of docs/benchmarks.md."""
    lines = [
        f"`benchmarks/cloudformation_hostile.py`: one template per case, {figures['resources_per_template']} "
        "memories each using its deepest structure; one run each of `checkov --framework cloudformation` with all "
        "of Checkov's checks and the plug-in, and with the presence-only check under the same ID. Target: ratio "
        f"< {figures['ratio_target']:g} and no run past {figures['wall_limit_s']:g} s.",
        "",
        "| family | size | plug-in | presence-only | ratio | plug-in peak RSS | verdicts (pass/fail) | first reason | |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for case in figures["cases"]:
        plugin, floor = case["plugin"], case["presence_only"]
        results = plugin.get("results") or {}
        reason = next(iter(plugin.get("reasons") or {}), "").replace("|", "\\|")
        lines.append(
            f"| {case['family']} | {case['size']} | {plugin['wall_s']:.1f} s | {floor['wall_s']:.1f} s | "
            f"{case['ratio']:.2f} | {plugin.get('peak_rss_mib', 0):.0f} MiB | {results.get('PASSED', 0)}/"
            f"{results.get('FAILED', 0)} | {reason[:90]} | {'ok' if case['ok'] else 'MISS'} |")
    lines += ["", f"Largest ratio: **{figures['max_ratio']:.2f}**."]
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkov-env", type=Path, default=Path(sys.executable).parent.parent)
    parser.add_argument("--plugin-dir", type=Path, help="default: what `agentcore-cmk-checks path checkov` prints")
    parser.add_argument("--family", action="append", default=[],
                        help="run only the families whose name contains this (repeatable)")
    args = parser.parse_args(argv)
    plugin_dir = args.plugin_dir or Path(subprocess.run(
        [str(args.checkov_env / "bin" / "agentcore-cmk-checks"), "path", "checkov"],
        capture_output=True, text=True, check=True).stdout.strip())
    print(json.dumps(run(args.checkov_env.resolve(), plugin_dir, tuple(args.family)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
