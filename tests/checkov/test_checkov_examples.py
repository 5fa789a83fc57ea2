"""examples/checkov/README.md lists each example resource's verdict; a real Checkov run agrees."""

import re

from agentcore_cmk.resources import IAC_RESOURCES
from checkov_runs import EXAMPLES

ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| `(?P<resource>[^`]+)` \| (?P<result>PASSED|FAILED) \|")


def documented_verdicts() -> dict:
    rows = (ROW.match(line) for line in (EXAMPLES / "README.md").read_text().splitlines())
    return {(f"/{row['file']}", row["resource"]): row["result"] for row in rows if row}


def test_examples_readme_matches_a_real_run(examples_run):
    documented = documented_verdicts()
    assert len(documented) >= 8 and set(documented.values()) == {"PASSED", "FAILED"}
    run = examples_run
    reported = {key: result["check_result"]["result"] for key, result in run.by_resource().items()}
    assert reported == documented
    assert {result["check_type"] for result in run.results()} == {"cloudformation", "terraform", "terraform_plan"}
    declared = {row.finding.id for row in IAC_RESOURCES}  # payment managers and insight stores are live only
    for framework in ("cloudformation", "terraform"):  # the demo shows every finding IaC can declare on each
        reported_ids = {result["check_id"] for result in run.results() if result["check_type"].startswith(framework)}
        assert reported_ids == declared, framework
