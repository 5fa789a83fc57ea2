"""The compliance framework is generated from the findings: one requirement per finding, each naming only
that finding's check, and the committed file is render()'s output."""

import json
from pathlib import Path

from agentcore_cmk import FINDINGS, GATEWAY, MEMORY, TOKEN_VAULT, compliance

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "prowler_checks/compliance/aws" / f"{compliance.FRAMEWORK_NAME}.json"


def _framework() -> dict:
    return json.loads(compliance.render())


def test_the_committed_framework_is_generated_from_shared():
    assert COMMITTED.read_text(encoding="utf-8") == compliance.render(), (
        f"regenerate it: python -m agentcore_cmk.compliance > {COMMITTED.relative_to(REPO)}"
    )


def test_one_requirement_per_finding_naming_only_that_findings_check():
    requirements = _framework()["Requirements"]
    assert [requirement["Checks"] for requirement in requirements] == [[finding.id] for finding in FINDINGS]
    assert [requirement["Name"] for requirement in requirements] == [finding.title for finding in FINDINGS]
    assert len({requirement["Id"] for requirement in requirements}) == len(FINDINGS)


def test_one_attribute_per_requirement_so_the_csv_has_one_row_per_finding():
    # Prowler's generic CSV writes a row for every (finding, requirement, attribute).
    for requirement in _framework()["Requirements"]:
        (attribute,) = requirement["Attributes"]
        assert attribute["ItemId"] == requirement["Id"]
        assert attribute["Service"] == "bedrockagentcore"
        assert attribute["Type"] == "Automated"


def test_every_requirement_names_its_controls_and_why_each_applies():
    for finding in FINDINGS:
        requirement = compliance.requirement_for(finding)
        rendered = next(r for r in _framework()["Requirements"] if r["Id"] == requirement.id)
        (attribute,) = rendered["Attributes"]
        for control in requirement.controls:
            assert control.label() in attribute["SubGroup"]
            assert control.reason in attribute["Comment"]
        labels = attribute["SubGroup"]
        for expected in ("NIST SP 800-53 Rev. 5: SC-12, SC-28", "ISO/IEC 27001:2022: A.8.24",
                         "SOC 2 (AICPA TSC 2017): CC6.1", "AWS AI Security Framework: AISF-INFRA-05"):
            assert expected in labels, (finding.id, expected)


def test_gdpr_only_where_the_resource_holds_personal_data():
    def frameworks(finding):
        return {control.framework for control in compliance.requirement_for(finding).controls}

    assert "GDPR" in frameworks(MEMORY) and "GDPR" in frameworks(TOKEN_VAULT)
    assert "GDPR" not in frameworks(GATEWAY)


def test_no_cell_is_one_prowler_would_rewrite_as_a_possible_formula():
    # Prowler's CSV prefixes a cell with ' when a spreadsheet would evaluate it: the text would then differ.
    for requirement in _framework()["Requirements"]:
        for value in [requirement["Id"], requirement["Description"], *requirement["Attributes"][0].values()]:
            assert not value.startswith(("\t", "\r")) and not value.lstrip().startswith(("=", "+", "-", "@"))
