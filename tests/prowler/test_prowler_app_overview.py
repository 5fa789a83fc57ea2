"""Prowler App's compliance overview lists the framework, with every requirement, and maps each check to it.

Prowler App (its API, ``api/src/backend/api/compliance.py``) builds the overview from what the installed Prowler
SDK returns, with no code of its own that knows about plug-ins:

- the frameworks of a provider: ``get_bulk_compliance_frameworks_universal(provider)``;
- the checks of a provider: ``CheckMetadata.get_bulk(provider)``;
- ``load_prowler_checks``: check ID -> the frameworks naming it in a requirement's ``checks[provider]``;
- ``generate_compliance_overview_template``: per framework, each requirement with its checks;
- ``generate_scan_compliance``: per finding, the requirements of each framework its check maps to.

The App's three functions need Django, so their behaviour is restated below, in this project's words, over the
real SDK calls, in process against the installed Prowler.
"""

import importlib.metadata

from agentcore_cmk import FINDINGS, compliance

PROVIDER = "aws"


def _app_checks(prowler_compliance: dict) -> dict:
    """``load_prowler_checks`` for one provider."""
    from prowler.lib.check.models import CheckMetadata

    checks = {check_id: set() for check_id in CheckMetadata.get_bulk(PROVIDER).keys()}
    for name, framework in prowler_compliance.items():
        for requirement in framework.requirements:
            for check in requirement.checks.get(PROVIDER, []):
                if check in checks:
                    checks[check].add(name)
    return checks


def _app_template(prowler_compliance: dict) -> dict:
    """``generate_compliance_overview_template`` for one provider (the fields the overview counts with)."""
    template = {}
    for name, framework in prowler_compliance.items():
        requirements = {}
        for requirement in framework.requirements:
            checks = list(requirement.checks.get(PROVIDER, []))
            requirements[requirement.id] = {
                "name": requirement.name or requirement.id, "description": requirement.description,
                "checks": dict.fromkeys(checks), "status": "MANUAL" if not checks else "PASS",
            }
        template[name] = {"framework": framework.framework, "name": framework.name, "version": framework.version,
                          "requirements": requirements,
                          "requirements_status": {"passed": sum(r["status"] == "PASS" for r in requirements.values()),
                                                  "failed": 0}}
    return template


def _app_scan_compliance(overview: dict, checks: dict, check_id: str, status: str) -> None:
    """``generate_scan_compliance``: one finding's status into every requirement its check maps to."""
    for name in checks[check_id]:
        for requirement in overview[name]["requirements"].values():
            if check_id in requirement["checks"]:
                requirement["checks"][check_id] = status
                if requirement["status"] != "FAIL" and status == "FAIL":
                    requirement["status"] = "FAIL"
                    overview[name]["requirements_status"]["passed"] -= 1
                    overview[name]["requirements_status"]["failed"] += 1


def test_the_universal_entry_point_names_the_folder_holding_the_framework():
    (entry,) = [e for e in importlib.metadata.entry_points(group="prowler.compliance.universal")
                if e.dist.name == "agentcore-cmk-checks"]
    assert entry.value == "agentcore_cmk_prowler.compliance.aws"


def test_prowler_app_lists_the_framework_with_every_requirement_and_maps_each_check_to_it():
    from prowler.lib.check.compliance_models import get_bulk_compliance_frameworks_universal

    prowler_compliance = get_bulk_compliance_frameworks_universal(PROVIDER)
    assert compliance.FRAMEWORK_NAME in prowler_compliance, "the App's framework list leaves it out"
    template = _app_template(prowler_compliance)[compliance.FRAMEWORK_NAME]
    assert (template["framework"], template["name"], template["version"]) == (
        compliance.FRAMEWORK, compliance.TITLE, compliance.VERSION)
    expected = {compliance.requirement_for(f).id: f for f in FINDINGS}
    assert list(template["requirements"]) == list(expected)
    for requirement_id, finding in expected.items():
        requirement = template["requirements"][requirement_id]
        assert requirement["name"] == finding.title
        assert requirement["description"] == compliance.requirement_for(finding).description
        assert requirement["checks"] == {finding.id: None}
    assert template["requirements_status"] == {"passed": len(FINDINGS), "failed": 0}

    checks = _app_checks(prowler_compliance)
    for finding in FINDINGS:
        assert compliance.FRAMEWORK_NAME in checks[finding.id], f"the App maps {finding.id} to no requirement"

    # A scan's findings: each check's FAIL fails its own requirement, and only that one.
    overview = _app_template(prowler_compliance)
    for count, finding in enumerate(FINDINGS, start=1):
        _app_scan_compliance(overview, checks, finding.id, "FAIL")
        ours = overview[compliance.FRAMEWORK_NAME]
        assert ours["requirements"][compliance.requirement_for(finding).id]["status"] == "FAIL"
        assert ours["requirements_status"] == {"passed": len(FINDINGS) - count, "failed": count}


def test_the_cli_still_loads_one_framework_of_that_name_with_the_same_checks():
    from prowler.lib.check.checks_loader import load_checks_to_execute
    from prowler.lib.check.compliance_models import Compliance, get_bulk_compliance_frameworks_universal
    from prowler.lib.check.models import CheckMetadata

    bulk = Compliance.get_bulk(PROVIDER)
    universal = get_bulk_compliance_frameworks_universal(PROVIDER)
    selected = load_checks_to_execute(
        bulk_checks_metadata=CheckMetadata.get_bulk(PROVIDER), bulk_compliance_frameworks=bulk,
        compliance_frameworks=[compliance.FRAMEWORK_NAME], provider=PROVIDER, universal_frameworks=universal,
    )
    assert selected == {finding.id for finding in FINDINGS}
    # No table layout of its own: the CLI keeps writing the generic compliance CSV (asserted in test_cli.py).
    assert not (universal[compliance.FRAMEWORK_NAME].outputs and universal[compliance.FRAMEWORK_NAME].outputs.table_config)


def test_doctor_says_whether_prowler_app_lists_the_framework(monkeypatch):
    from agentcore_cmk_prowler.compliance import framework_in_app_overview

    ok, message = framework_in_app_overview()
    assert ok, message
    assert message == (f"{compliance.FRAMEWORK_NAME} in Prowler App's compliance overview "
                       f"('prowler.compliance.universal'): {len(FINDINGS)} requirements")

    every = importlib.metadata.entry_points

    def without_ours(**selection):
        found = every(**selection)
        if selection.get("group") != "prowler.compliance.universal":
            return found
        return importlib.metadata.EntryPoints(e for e in found if e.dist.name != "agentcore-cmk-checks")

    monkeypatch.setattr(importlib.metadata, "entry_points", without_ours)
    ok, message = framework_in_app_overview()
    assert not ok
    assert "Prowler App would not list agentcore_data_protection_aws" in message
