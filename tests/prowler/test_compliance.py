"""Prowler loads the installed framework through its ``prowler.compliance`` entry point, validates it with its
own compliance model and lists it where ``--list-compliance`` and ``--compliance`` look.

The CSV that ``prowler aws --compliance`` writes, and the requirement in each finding's compliance field, are
asserted in the CLI run of test_cli.py.
"""

import importlib.metadata
import json
import re
from pathlib import Path

from agentcore_cmk import FINDINGS, compliance
from prowler_helpers import REPO

COMMITTED = REPO / "prowler_checks/compliance/aws" / f"{compliance.FRAMEWORK_NAME}.json"
DISTRIBUTION = "agentcore-cmk-checks"


def _ours(group: str) -> list:
    return [entry for entry in importlib.metadata.entry_points(group=group) if entry.dist.name == DISTRIBUTION]


def _installed_file() -> Path:
    (entry,) = _ours("prowler.compliance")
    return Path(entry.load().__path__[0]) / COMMITTED.name


def test_the_entry_point_names_the_aws_package_holding_the_framework():
    (entry,) = _ours("prowler.compliance")
    assert (entry.name, entry.value) == ("aws", "agentcore_cmk_prowler.compliance.aws")
    assert _installed_file().read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")


def test_prowlers_compliance_model_accepts_it_with_generic_attributes():
    from prowler.lib.check.compliance_models import Compliance, Generic_Compliance_Requirement_Attribute

    # parse_file raises on an invalid file, where Prowler's loader would only log a warning and skip it.
    loaded = Compliance.parse_file(_installed_file())
    expected = json.loads(compliance.render())
    assert (loaded.Framework, loaded.Name, loaded.Version) == (compliance.FRAMEWORK, compliance.TITLE,
                                                               compliance.VERSION)
    assert [r.Id for r in loaded.Requirements] == [r["Id"] for r in expected["Requirements"]]
    for requirement, rendered in zip(loaded.Requirements, expected["Requirements"]):
        (attribute,) = requirement.Attributes
        # Prowler tries its attribute models in order: a field-for-field match shows none of them took it over.
        assert type(attribute) is Generic_Compliance_Requirement_Attribute
        assert attribute.dict() == rendered["Attributes"][0]
        assert requirement.Checks == rendered["Checks"]


def test_list_compliance_lists_it(capsys):
    # What `prowler aws --list-compliance` runs, in process: one CLI start-up costs about 30 s.
    from prowler.lib.check.check import print_compliance_frameworks
    from prowler.lib.check.compliance_models import Compliance, get_bulk_compliance_frameworks_universal

    bulk = Compliance.get_bulk("aws")
    assert bulk[compliance.FRAMEWORK_NAME].Framework == compliance.FRAMEWORK
    print_compliance_frameworks({**bulk, **get_bulk_compliance_frameworks_universal("aws")})
    assert f"- {compliance.FRAMEWORK_NAME}\n" in capsys.readouterr().out


def test_compliance_accepts_it_as_a_choice():
    from prowler.config.config import available_compliance_frameworks, get_available_compliance_frameworks

    assert compliance.FRAMEWORK_NAME in get_available_compliance_frameworks("aws")
    assert compliance.FRAMEWORK_NAME in available_compliance_frameworks  # the --compliance choices


def test_the_framework_names_only_checks_this_distribution_registers():
    # Fails while a finding's check is not yet registered in pyproject.toml's prowler.checks.aws entry points.
    registered = {entry.name for entry in _ours("prowler.checks.aws")}
    named = {check for requirement in json.loads(_installed_file().read_text())["Requirements"]
             for check in requirement["Checks"]}
    assert named <= {finding.id for finding in FINDINGS}
    assert named - registered == set(), "the framework names checks the plug-in does not ship"


def test_framework_loaded_for_doctor():
    from agentcore_cmk_prowler.compliance import framework_loaded

    registered = {entry.name for entry in _ours("prowler.checks.aws")}
    ok, message = framework_loaded()
    if {finding.id for finding in FINDINGS} <= registered:
        assert ok, message
        assert message.startswith(f"{compliance.FRAMEWORK_NAME} loaded: {len(FINDINGS)} requirements")
    else:
        assert not ok
        assert "names checks no installed plug-in registers" in message


def test_framework_loaded_explains_a_missing_entry_point(monkeypatch):
    from agentcore_cmk_prowler.compliance import framework_loaded

    every = importlib.metadata.entry_points

    def without_ours(**selection):
        found = every(**selection)
        if selection.get("group") != "prowler.compliance":
            return found
        return importlib.metadata.EntryPoints(e for e in found if e.dist.name != DISTRIBUTION)

    monkeypatch.setattr(importlib.metadata, "entry_points", without_ours)
    ok, message = framework_loaded()
    assert not ok
    assert f"Prowler does not load {compliance.FRAMEWORK_NAME}" in message
    assert "'prowler.compliance' entry point 'aws'" in message


def test_the_docs_show_each_requirement_and_the_csv_columns_prowler_writes():
    from prowler.lib.outputs.compliance.generic.models import GenericComplianceModel

    text = (REPO / "docs/compliance.md").read_text(encoding="utf-8")
    for finding in FINDINGS:
        requirement = compliance.requirement_for(finding)
        controls = r" \| ".join(control.label() for control in requirement.controls)
        row = f"| `{requirement.id}` {requirement.sub_section} | `{finding.id}` | {controls} |"
        assert row in text.splitlines(), row
    csv_section = text.split("## What the CSV holds", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([A-Z_]+)` \|", csv_section, re.M)
    assert documented == [field.upper() for field in GenericComplianceModel.__fields__]
