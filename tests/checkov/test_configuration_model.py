"""The configuration model is built once per Checkov graph (and once per plan document), and no file is parsed
twice in a scan: real Checkov, in-process in a probe interpreter, over a multi-module tree and over a plan with
the .tf files it was planned from. Models and parses are counted by the engine itself
(``configuration.builds``, ``files.parses``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agentcore_cmk.cli import plugin_folder
from checkov_runs import FIXTURES

PROBE = r"""
import json, os, sys
from checkov.main import Checkov

directory, output, *argv = sys.argv[1:]
os.chdir(directory)
checkov = Checkov(["--directory", ".", "--skip-download", "--output", "json", "--external-checks-dir",
                   os.environ["PLUGIN_FOLDER"], *argv])
with open(os.devnull, "w") as quiet:
    stdout, sys.stdout = sys.stdout, quiet
    try:
        checkov.run()
    finally:
        sys.stdout = stdout

from agentcore_cmk_checkov.engine.terraform import configuration, files
graphs = []  # each runner's graphs: the Terraform runner's (one per root module when split), the plan runner's
for runner in checkov.runners:
    graphs += [id(graph) for graph, _ in getattr(runner, "all_graphs", None) or ()]
    if getattr(runner, "graph_manager", None) is not None:
        graphs.append(id(runner.graph_manager.get_reader_endpoint()))
results = []
for report in checkov.scan_reports:
    for outcome, records in (("PASSED", report.passed_checks), ("FAILED", report.failed_checks)):
        results += [[record.resource, outcome] for record in records if record.check_id.startswith("bedrockagentcore_")]
with open(output, "w") as out:
    json.dump({"graphs": graphs, "graph_builds": [[key[1], count] for key, count in configuration.builds.items()
                                                  if key[0] == "graph"],
               "plan_builds": {key[1]: count for key, count in configuration.builds.items() if key[0] == "plan"},
               "parses": dict(files.parses), "results": sorted(results)}, out)
"""


def probe(directory: Path, *argv: str, tmp_path: Path) -> dict:
    output = tmp_path / "probe.json"
    environment = {**os.environ, "PLUGIN_FOLDER": str(plugin_folder("checkov")),
                   "CHECKOV_PARALLELIZATION_TYPE": "none"}  # every runner in this process, where the counters are
    process = subprocess.run([sys.executable, "-c", PROBE, str(directory), str(output), *argv], capture_output=True,
                             text=True, timeout=600, env=environment)
    assert process.returncode == 0, process.stderr[-3000:]
    return json.loads(output.read_text())


@pytest.fixture(scope="module")
def modules_scan(tmp_path_factory):
    return probe(FIXTURES / "issue18" / "configuration_model", "--framework", "terraform", "--var-file", "prod.tfvars",
                 tmp_path=tmp_path_factory.mktemp("modules"))


@pytest.fixture(scope="module")
def plan_scan(tmp_path_factory):
    return probe(FIXTURES / "terraform_plan_modules", "--framework", "terraform", "terraform_plan",
                 tmp_path=tmp_path_factory.mktemp("plan"))


def test_the_checks_judged_every_module_instance(modules_scan):
    assert modules_scan["results"] == [
        ["aws_bedrockagentcore_memory.root_emptied_by_var_file", "FAILED"],  # the var file is in force
        ["aws_bedrockagentcore_memory.root_via_local", "PASSED"],
        ["module.agents.aws_bedrockagentcore_gateway.this", "PASSED"],
        ["module.agents.aws_bedrockagentcore_memory.this", "PASSED"],
        ["module.per_team[\"x\"].aws_bedrockagentcore_gateway.this", "PASSED"],
        ["module.per_team[\"x\"].aws_bedrockagentcore_memory.this", "PASSED"],
        ["module.per_team[\"y\"].aws_bedrockagentcore_gateway.this", "FAILED"],
        ["module.per_team[\"y\"].aws_bedrockagentcore_memory.this", "FAILED"],
        ["module.vault.aws_bedrockagentcore_token_vault_cmk.this", "PASSED"],
    ]  # the credential provider has no result: the vault key is declared in module.vault


@pytest.mark.parametrize("scan", ["modules_scan", "plan_scan"])
def test_one_model_per_graph(scan, request):
    found = request.getfixturevalue(scan)
    built = dict(map(tuple, found["graph_builds"]))
    assert built and set(built) <= set(found["graphs"]), found
    assert set(built.values()) == {1}, f"a graph's model was built more than once: {built}"


def test_one_model_per_plan_document(plan_scan):
    assert list(plan_scan["plan_builds"].values()) == [1], plan_scan["plan_builds"]
    assert next(iter(plan_scan["plan_builds"])).endswith("tfplan.json")


@pytest.mark.parametrize("scan, parsed", [
    # the module calls and locals, the var file, the module output, the vault key (whether it has count or for_each);
    # a variable the graph locates is parsed alone
    ("modules_scan", {"main.tf", "prod.tfvars", "modules/agents/main.tf", "modules/agents/inner/main.tf",
                      "modules/vault/main.tf"}),
    # main.tf serves both the HCL checks and the plan's locals; the plan itself is read once
    ("plan_scan", {"main.tf", "tfplan.json"}),
])
def test_no_file_is_parsed_twice(scan, parsed, request):
    found = request.getfixturevalue(scan)
    root = FIXTURES / ("issue18/configuration_model" if scan == "modules_scan" else "terraform_plan_modules")
    parses = {os.path.relpath(os.path.abspath(os.path.join(root, path)), root): count
              for path, count in found["parses"].items()}
    assert {path: count for path, count in parses.items() if count > 1} == {}
    # a file of resources and variables only is never parsed whole: the graph gives each block's lines
    assert set(parses) == parsed, parses
